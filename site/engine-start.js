// The engine's start, as early as the page can: index.html runs this small
// classic script (after wasm-boot.js) first in its head, parser-blocking (an
// async script would run only after the first paint), so the engine's
// download and compile start while the HTML is still being read, long
// before the page's modules have run. The site build writes it into the
// page (data-inline): it runs when the parser reaches it, without a request
// of its own, and the page's address is its base. Its text must hold no
// script tag nor the start of an HTML comment.
//
// The wasm is fetched and compiled here, on the page (wasm-boot.js):
// WebAssembly's streaming compile runs on the browser's compiler threads as
// the bytes arrive, so the main thread only hands over the chunks.
//
// By default the engine then runs in a Web Worker (engine-worker.js): this
// script creates it at once and, when the module is compiled, posts it
// there (a compiled module is shared with the worker, not compiled again);
// the worker instantiates and starts Go, so the page's main thread stays
// free for the questionnaire. A worker cannot start before the page's main
// thread has a moment, which during a cold start comes only after the first
// layout; the download does not wait for that. engine.js takes the worker
// over (messages that arrive before then are kept). With ?engine=main the
// engine runs on the page's thread instead, started by engine.js from the same
// compile.
// No request but the engine's own.
(function () {
  'use strict';
  const boot = globalThis.policycheckBoot;
  if (globalThis.policycheckStart || !boot || typeof fetch !== 'function' || typeof WebAssembly !== 'object') return;
  const base = (document.currentScript && document.currentScript.src) || location.href;
  const main = new URLSearchParams(location.search).get('engine') === 'main' || typeof Worker !== 'function';
  const start = { mode: main ? 'main' : 'worker', worker: null, take: null, compile: null };
  globalThis.policycheckStart = start;
  // Not a <link rel=preload>: a fetch() that matches a preload gets its
  // response only once the whole file has arrived, which would leave
  // nothing to compile while streaming.
  const compile = boot.early(new URL('policycheck.wasm', base).href);
  boot.started = compile;
  start.compile = compile;
  if (main) return;

  let worker;
  try {
    worker = new Worker(new URL('engine-worker.js', base).href);
  } catch {
    return; // engine.js starts one itself and reports the failure
  }
  const pending = [];
  let onMessage = null;
  let onError = null;
  let failed = null;
  worker.onmessage = (e) => (onMessage ? onMessage(e) : pending.push(e));
  worker.onerror = (e) => {
    e.preventDefault();
    if (onError) onError(e);
    else failed = e;
  };
  // The load, told that the module follows; then the module, or null when
  // the page's compile failed (the worker then fetches the wasm itself and
  // reports what goes wrong).
  worker.postMessage({ id: 0, op: 'load', given: true });
  compile.take(null).then(
    (module) => {
      // When the page had the module (its timeline's own clock).
      if (performance.mark) performance.mark('policycheck:engine:page-compiled');
      worker.postMessage({ op: 'module', module });
    },
    () => worker.postMessage({ op: 'module', module: null }),
  );
  start.worker = worker;
  // take(onMessage, onError) → the worker, once: handlers get what arrived so far first.
  start.take = (m, err) => {
    if (!start.worker) return null;
    start.worker = null;
    onMessage = m;
    onError = err;
    for (const e of pending.splice(0)) m(e);
    if (failed) err(failed);
    return worker;
  };
})();
