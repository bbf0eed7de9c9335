// The rule engine in a Web Worker: Go compiled to WebAssembly starts here,
// off the page's main thread, so that the questionnaire answers at once
// while the engine downloads and loads its catalogue. The page talks to it
// with messages ({id, op, args}); it makes no request but the engine's own.
/* global importScripts, policycheckCore */
'use strict';
importScripts('wasm_exec.js', 'wasm-boot.js', 'engine-core.js');

let started = null;

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
        }
        await started;
        reply(id, { version: policycheckCore.call('version'), catalogue: policycheckCore.call('catalogue') });
        break;
      }
      case 'estimate': {
        const t0 = performance.now();
        const out = policycheckCore.estimateLive(args.answers, args.date, args.compare);
        out.ms = performance.now() - t0;
        reply(id, out);
        break;
      }
      case 'raw':
        reply(id, policycheckCore.call('estimate', ...args));
        break;
      default:
        reply(id, null, new Error(`unknown op ${op}`));
    }
  } catch (err) {
    reply(id, null, err);
  }
};
