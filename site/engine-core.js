// The engine's start-up and estimate loop, shared by the Web Worker
// (engine-worker.js, the default) and the page itself (engine.js with
// ?engine=main). A plain script: the worker loads it with importScripts and
// the page with a module import; it sets globalThis.policycheckCore.
// Nothing here sends an answer anywhere: the only request is for the engine.
(function () {
  'use strict';

  // failure(kind, detail) → an Error the page can name in its own words:
  // kind is "network", "http", "unsupported", "blocked" or "engine".
  function failure(kind, detail) {
    const err = new Error(detail || kind);
    err.kind = kind;
    return err;
  }

  // timings holds when each step of the start ended (compiled, instantiated,
  // ready), as performance.timeOrigin + performance.now(), so that the page
  // can place a worker's steps on its own timeline.
  const timings = {};
  const stamp = (name) => {
    timings[name] = performance.timeOrigin + performance.now();
  };

  // start(url, onProgress, given) compiles and starts the Go program; it
  // resolves once Go has loaded its catalogue. given, if set, is the promise
  // of the module the page compiled (engine-start.js posts it to the worker),
  // null when that compile failed: then, and without given, the wasm is
  // downloaded and compiled here.
  async function start(url, onProgress, given) {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
      throw failure('unsupported', 'no WebAssembly');
    }
    if (typeof globalThis.Go !== 'function') throw failure('blocked', 'the Go loader (wasm_exec.js) did not run');
    const go = new globalThis.Go();
    const ready = new Promise((resolve, reject) => {
      globalThis.__policycheckReady = (err) => (err ? reject(failure('engine', String(err))) : resolve());
    });
    const boot = globalThis.policycheckBoot;
    if (!boot) throw failure('blocked', 'the engine loader (wasm-boot.js) did not run');
    let instance;
    try {
      // The module the page compiled (posted to the worker); else the compile
      // engine-start.js started with the page (?engine=main); else a new one.
      let module = given ? await given : null;
      if (!module) {
        const early = boot.started && boot.started.url === url ? boot.started.take(onProgress) : null;
        module = await (early || boot.compile(url, onProgress));
      }
      stamp('compiled');
      instance = await WebAssembly.instantiate(module, go.importObject);
      stamp('instantiated');
    } catch (err) {
      if (err && err.kind) throw err;
      if (err instanceof WebAssembly.CompileError || err instanceof WebAssembly.LinkError) {
        // A server that sends the wasm altered, or a stream the compiler refused: once more from bytes.
        let bytes;
        try {
          const again = await fetch(url, { credentials: 'same-origin' });
          if (!again.ok) throw failure('http', `HTTP ${again.status}`);
          bytes = await again.arrayBuffer();
        } catch (e) {
          throw e.kind ? e : failure('network', String(e.message || e));
        }
        try {
          ({ instance } = await WebAssembly.instantiate(bytes, go.importObject));
        } catch (e) {
          throw failure('unsupported', String(e.message || e));
        }
      } else if (err instanceof TypeError) {
        throw failure('network', String(err.message || err));
      } else {
        throw failure('engine', String((err && err.message) || err));
      }
    }
    go.run(instance); // not awaited: it resolves only when Go exits
    await ready;
    stamp('ready');
    if (!globalThis.policycheck) throw failure('engine', 'the engine did not start');
    direct = directLive(instance, go);
  }

  // direct is the engine's estimateLive as a direct export of the module
  // (see directLive), once started; null before, or if the module has none.
  let direct = null;

  // directLive(instance, go) → live(json, date, compare, since), Go's
  // estimateLive called through the module's own exports (wasm/direct.go)
  // rather than through syscall/js: the arguments are written into Go's
  // memory as UTF-8 and the reply decoded from it, without waking Go's
  // event loop. live returns null when it cannot take the call (answers or
  // date too long for its buffer, or Go has stopped): call estimateLive then,
  // whose checks and messages are the same. Null if the module has no such
  // exports.
  function directLive(instance, go) {
    const x = instance.exports;
    if (typeof x.policycheck_estimate_live !== 'function' || typeof TextEncoder !== 'function') return null;
    const encoder = new TextEncoder();
    const decoder = new TextDecoder();
    return (json, date, compare, since) => {
      // UTF-8 takes at most three bytes per UTF-16 code unit; over the
      // engine's limits (64 KiB of answers, 64 of date) estimateLive refuses it.
      if (go.exited || typeof json !== 'string' || typeof date !== 'string' || typeof since !== 'number') return null;
      if (json.length > 65536 || date.length > 64) return null;
      const room = 3 * (json.length + date.length) || 1;
      const at = x.policycheck_input(room);
      if (!at) return null;
      const mem = new Uint8Array(x.mem.buffer, at, room);
      const d = encoder.encodeInto(date, mem).written;
      const a = encoder.encodeInto(json, mem.subarray(d)).written;
      const n = x.policycheck_estimate_live(d, a, compare ? 1 : 0, since);
      // Go may have grown its memory: a view of the buffer as it is now.
      return decoder.decode(new Uint8Array(x.mem.buffer, x.policycheck_output(), n));
    };
  }

  function call(name, ...args) {
    try {
      return globalThis.policycheck[name](...args);
    } catch (err) {
      return stopped(err);
    }
  }

  // stopped(err) → the error reply of a call that threw: the Go program has stopped.
  function stopped(err) {
    return JSON.stringify({ error: { code: 'engine_stopped', message: String((err && err.message) || err) } });
  }

  // estimateLive(answers, date, compare, since) runs the engine on the
  // answers (Go's estimateLive): answers the engine rejects are reported at
  // their fields and left out, and so are answers to questions no longer
  // asked, so that the result stays live. since is the generation of the
  // last report the caller holds (0: none): the results that have not
  // changed since are then null in json (see mergeLive). Returns {json,
  // sent, errors, dateError, generation, since}: json is the report (or
  // {error}) as the engine wrote it, passed on unparsed: only the engine's
  // first line is read here.
  function estimateLive(all, date, compare, since) {
    const json = JSON.stringify(all);
    let out = null;
    if (direct) {
      try {
        out = direct(json, date || '', Boolean(compare), since || 0);
      } catch (err) {
        out = stopped(err);
      }
    }
    if (out === null) out = call('estimateLive', json, date || '', Boolean(compare), since || 0);
    const nl = out.indexOf('\n');
    const sent = Object.assign({}, all);
    if (nl < 0) return { json: out, sent, errors: {}, dateError: false, generation: 0, since: 0 }; // a bad call or a stopped engine: {error}
    const head = JSON.parse(out.slice(0, nl));
    for (const id of head.dropped) delete sent[id];
    return { json: out.slice(nl + 1), sent, errors: head.errors, dateError: head.date_error, generation: head.generation || 0, since: head.since || 0 };
  }

  globalThis.policycheckCore = { start, call, estimateLive, directLive, failure, timings };
})();
