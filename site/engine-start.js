// The engine's start, as early as the page can: index.html loads this small
// classic script first in its head (parser-blocking: an async script would
// run only after the first paint), so the engine starts while the HTML is
// still being read, long before the page's modules have run.
//
// By default the engine runs in a Web Worker (engine-worker.js): the worker
// downloads, compiles, instantiates and starts Go, so the page's main thread
// stays free for the questionnaire; the page only posts answers and receives
// reports. This script creates that worker and asks it to load at once;
// engine.js takes it over (messages that arrive before then are kept).
// With ?engine=main the engine runs on the page's thread instead: this script
// then only adds wasm-boot.js, which starts the download and the compile.
// No request but the engine's own.
(function () {
  'use strict';
  if (globalThis.policycheckStart) return;
  const base = (document.currentScript && document.currentScript.src) || location.href;
  const main = new URLSearchParams(location.search).get('engine') === 'main' || typeof Worker !== 'function';
  const start = { mode: main ? 'main' : 'worker', worker: null, take: null };
  globalThis.policycheckStart = start;
  if (main) {
    const s = document.createElement('script');
    s.async = true;
    s.src = new URL('wasm-boot.js', base).href;
    document.head.append(s);
    return;
  }
  let worker;
  try {
    worker = new Worker(new URL('engine-worker.js', base).href);
  } catch {
    return; // engine.js starts one itself and reports the failure
  }
  const early = [];
  let onMessage = null;
  let onError = null;
  let failed = null;
  worker.onmessage = (e) => (onMessage ? onMessage(e) : early.push(e));
  worker.onerror = (e) => {
    e.preventDefault();
    if (onError) onError(e);
    else failed = e;
  };
  worker.postMessage({ id: 0, op: 'load' });
  start.worker = worker;
  // take(onMessage, onError) → the worker, once: handlers get what arrived so far first.
  start.take = (m, err) => {
    if (!start.worker) return null;
    start.worker = null;
    onMessage = m;
    onError = err;
    for (const e of early.splice(0)) m(e);
    if (failed) err(failed);
    return worker;
  };
})();
