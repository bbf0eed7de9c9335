// The floor as a page: instantiateStreaming(fetch(wasm)) with imports that
// do nothing (the Go program is not run), from the head, as the page's
// engine-start.js starts its compile; marks 'bench-floor' on the page's
// timeline (ms since navigation start, as the first-estimate mark) and sets
// html[data-ready]. bench/browser.sh puts the wasm's name for __WASM__.
(function () {
  'use strict';
  const stub = new Proxy({}, { get: () => new Proxy({}, { get: () => () => 0 }) });
  WebAssembly.instantiateStreaming(fetch('__WASM__', { credentials: 'same-origin' }), stub).then(
    () => {
      performance.mark('bench-floor');
      document.documentElement.dataset.ready = 'true';
    },
    (err) => {
      document.documentElement.dataset.ready = 'error: ' + err;
    },
  );
})();
