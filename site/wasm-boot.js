// The engine's download and compile, shared by the page and the engine's
// Web Worker: a plain script that sets globalThis.policycheckBoot. index.html
// runs it, parser-blocking, just before engine-start.js, which starts the
// compile at once (early); the site build writes both into the page
// (data-inline), so neither waits for a request. The worker imports this
// file to download and compile the wasm itself when the page's compile
// failed or on a retry. Its text must hold no script tag nor the start of
// an HTML comment (the site build refuses to inline it then).
//
// The body is teed: one branch goes to WebAssembly.compileStreaming, which
// compiles on the browser's compiler threads as the bytes arrive; the other
// only counts them for the progress bar.
// No request but the engine's own.
(function () {
  'use strict';
  if (globalThis.policycheckBoot) return; // loaded once as a script, once as a module import

  function failure(kind, detail) {
    const err = new Error(detail || kind);
    err.kind = kind;
    return err;
  }

  // compile(url, onProgress, response) → the compiled module; onProgress(bytesSoFar,
  // totalOrZero). The total is the Content-Length only when the body is not
  // compressed (a compressed length does not count the bytes the reader sees).
  // response, if given, is the promise of a fetch of url already started (the
  // engine's worker starts it before it imports its scripts).
  async function compile(url, onProgress, response) {
    let res;
    try {
      res = await (response || fetch(url, { credentials: 'same-origin' }));
    } catch (err) {
      throw failure('network', String((err && err.message) || err));
    }
    if (!res.ok) throw failure('http', `HTTP ${res.status}`);
    const enc = (res.headers.get('content-encoding') || 'identity').toLowerCase();
    const length = Number(res.headers.get('content-length')) || 0;
    const total = enc === 'identity' ? length : 0;
    onProgress(0, total);
    if (!res.body || typeof res.body.tee !== 'function' || typeof WebAssembly.compileStreaming !== 'function') {
      let bytes;
      try {
        bytes = await res.arrayBuffer();
      } catch (err) {
        throw failure('network', String((err && err.message) || err));
      }
      onProgress(bytes.byteLength, total);
      return WebAssembly.compile(bytes);
    }
    const [toCompile, toCount] = res.body.tee();
    const counted = (async () => {
      const reader = toCount.getReader();
      let loaded = 0;
      for (;;) {
        let chunk;
        try {
          chunk = await reader.read();
        } catch (err) {
          throw failure('network', String((err && err.message) || err));
        }
        if (chunk.done) return loaded;
        loaded += chunk.value.byteLength;
        onProgress(loaded, total);
      }
    })();
    const compiled = WebAssembly.compileStreaming(new Response(toCompile, { status: 200, headers: { 'content-type': 'application/wasm' } }));
    // A broken download fails both branches: name the network, not the compiler.
    const [module] = await Promise.all([compiled.catch(async (err) => {
      await counted;
      throw err;
    }), counted]);
    return module;
  }

  // early(url): the compile started with the page, with its progress
  // replayed to whoever follows it: {url, module (a promise), listen(onProgress),
  // take(onProgress) → the module promise, once (else null)}.
  function early(url) {
    let last = [0, 0];
    let listener = null;
    const module = compile(url, (l, t) => {
      last = [l, t];
      if (listener) listener(l, t);
    });
    module.catch(() => {}); // reported when taken
    let taken = false;
    const listen = (onProgress) => {
      listener = onProgress;
      if (onProgress) onProgress(last[0], last[1]);
    };
    return {
      url,
      module,
      listen,
      take(onProgress) {
        if (taken) return null;
        taken = true;
        listen(onProgress);
        return module;
      },
    };
  }

  // started is the compile engine-start.js started with the page (early).
  globalThis.policycheckBoot = { compile, early, failure, started: null };
})();
