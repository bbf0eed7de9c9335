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
/* global importScripts, policycheckCore */
'use strict';
importScripts('wasm_exec.js', 'wasm-boot.js', 'engine-core.js');

let started = null;
let answers = {};

function reply(id, result, error) {
  self.postMessage({ id, result, error: error ? { kind: error.kind || 'engine', message: String(error.message || error) } : undefined });
}

self.onmessage = async (e) => {
  const { id, op, args } = e.data || {};
  try {
    switch (op) {
      case 'load': {
        if (!started) {
          started = policycheckCore.start(new URL('policycheck.wasm', self.location.href).href, (loaded, total) => {
            self.postMessage({ progress: { loaded, total } });
          });
          started.catch(() => {
            started = null; // a later load tries again
          });
        }
        await started;
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
