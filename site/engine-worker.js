// The rule engine in a Web Worker (the default): Go compiled to WebAssembly
// is downloaded, compiled, instantiated and started here, off the page's
// main thread, so that the questionnaire answers at once while the engine
// arrives. engine-start.js creates this worker with the HTML and asks it to
// load at once. The page talks to it with messages ({id, op, args}); it
// makes no request but the engine's own.
//
// The answer path is kept short: the worker keeps the answers it was last
// given and the page posts only what changed ({set, del}); the report comes
// back as the JSON string the engine wrote (a string is copied whole, with
// no object graph to clone), and the page parses it.
//
// The engine loads at once, when this script runs, not when the page's 'load'
// message arrives (that message is delivered only once the page's main thread
// is free, which during a cold start can be hundreds of milliseconds later), and
// its download starts before anything else here: before the synchronous
// importScripts of the three loader scripts.
/* global importScripts, policycheckCore */
'use strict';
const WASM = new URL('policycheck.wasm', self.location.href).href;
let download = fetch(WASM, { credentials: 'same-origin' });
download.catch(() => {}); // reported by the load that takes it
importScripts('wasm_exec.js', 'wasm-boot.js', 'engine-core.js');

let answers = {};

// startEngine() → the engine's start: the first one takes the download
// already under way; a later one (after a failure) fetches again.
function startEngine() {
  const response = download;
  download = null;
  const p = policycheckCore.start(WASM, (loaded, total) => {
    self.postMessage({ progress: { loaded, total } });
  }, response);
  p.catch(() => {}); // reported to the page by its 'load'
  return p;
}
let started = startEngine();

function reply(id, result, error) {
  self.postMessage({ id, result, error: error ? { kind: error.kind || 'engine', message: String(error.message || error) } : undefined });
}

self.onmessage = async (e) => {
  const { id, op, args } = e.data || {};
  try {
    switch (op) {
      case 'load': {
        if (!started) started = startEngine();
        try {
          await started;
        } catch (err) {
          started = null; // a later load tries again
          throw err;
        }
        // The version only: the page reads the catalogue from catalogue.json.
        reply(id, { version: policycheckCore.call('version') });
        break;
      }
      case 'estimate': {
        const t0 = performance.now();
        if (args.reset) answers = {};
        if (args.set) Object.assign(answers, args.set);
        if (args.del) for (const k of args.del) delete answers[k];
        const out = policycheckCore.estimateLive(answers, args.date, args.compare);
        out.ms = performance.now() - t0;
        reply(id, out);
        break;
      }
      case 'raw':
        reply(id, policycheckCore.call('estimate', ...args));
        break;
      case 'catalogue':
        reply(id, policycheckCore.call('catalogue'));
        break;
      default:
        reply(id, null, new Error(`unknown op ${op}`));
    }
  } catch (err) {
    reply(id, null, err);
  }
};
