// The rule engine in a Web Worker (the default): Go compiled to WebAssembly
// is instantiated and started here, off the page's main thread, so that the
// questionnaire answers at once while the engine arrives. engine-start.js
// creates this worker with the HTML, asks it to load at once and posts it
// the module it compiled on the page (op 'module'); a load without that
// promise (a retry from engine.js) downloads and compiles the wasm here. The
// page talks to it with messages ({id, op, args}); it makes no request but
// the engine's own.
//
// The answer path is kept short: the worker keeps the answers it was last
// given and the page posts only what changed ({set, del}); the report comes
// back as the JSON string the engine wrote (a string is copied whole, with
// no object graph to clone), and the page parses it. An estimate that
// arrives while the engine is still starting waits for it, so the page can
// ask for its first estimate without waiting for the load's reply.
/* global importScripts, policycheckCore */
'use strict';
const started0 = performance.timeOrigin + performance.now();
importScripts('wasm_exec.js', 'wasm-boot.js', 'engine-core.js');
const scripts0 = performance.timeOrigin + performance.now();
const WASM = new URL('policycheck.wasm', self.location.href).href;

let answers = {};
let firstDone = false;
let started = null; // the engine's start, once asked
// The module the page compiled: resolved by its 'module' message (null when
// the page's compile failed).
let giveModule = null;
const given = new Promise((resolve) => {
  giveModule = resolve;
});

// startEngine(expectModule) → the engine's start, from the page's module
// when one is coming, else from a download of its own.
function startEngine(expectModule) {
  const p = policycheckCore.start(WASM, (loaded, total) => {
    self.postMessage({ progress: { loaded, total } });
  }, expectModule ? given : null);
  p.catch(() => {}); // reported to the page by its 'load'
  return p;
}

function reply(id, result, error) {
  self.postMessage({ id, result, error: error ? { kind: error.kind || 'engine', message: String(error.message || error) } : undefined });
}

self.onmessage = async (e) => {
  const { id, op, args } = e.data || {};
  try {
    switch (op) {
      case 'module':
        giveModule(e.data.module || null);
        return;
      case 'load': {
        if (!started) started = startEngine(Boolean(e.data.given));
        try {
          await started;
        } catch (err) {
          started = null; // a later load tries again
          throw err;
        }
        // The version only: the page reads the catalogue from catalogue.json.
        // With when each step of the start ended, for the page's timeline.
        const version = policycheckCore.call('version');
        reply(id, { version, timings: Object.assign({ worker: started0, scripts: scripts0 }, policycheckCore.timings) });
        break;
      }
      case 'estimate': {
        if (!started) started = startEngine(false);
        await started; // a failed start is reported to this estimate too
        const t0 = performance.now();
        if (args.reset) answers = {};
        if (args.set) Object.assign(answers, args.set);
        if (args.del) for (const k of args.del) delete answers[k];
        const out = policycheckCore.estimateLive(answers, args.date, args.compare, args.since);
        out.ms = performance.now() - t0;
        if (!firstDone) {
          firstDone = true;
          out.timings = { estimate: performance.timeOrigin + t0, estimated: performance.timeOrigin + t0 + out.ms };
        }
        reply(id, out);
        break;
      }
      case 'raw':
        if (!started) started = startEngine(false);
        await started;
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
