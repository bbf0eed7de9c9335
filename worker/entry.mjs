// entry.mjs: the Worker's entry module. It replaces the worker.mjs that
// syumai/workers' generator writes, which starts a new Go program (new Go(),
// a new WebAssembly.Instance, Go runtime start, loading and compiling the
// whole catalogue) for every request. Here one Go program serves every
// request of an isolate: it is started by the first request and kept.
//
// worker/build.sh copies this file into worker/build/ next to the files it
// imports: wasm_exec.js (the generator's copy of Go's, which hands the Go
// side its `context` object) and app.wasm (the Go program, worker/*.go).
//
// The Go side (serve_js.go) calls workers.ServeNonBlock and workers.Ready and
// then blocks forever, so the program never ends on its own; if it does end
// (a panic), the requests it held get a 500 and the next request starts a
// new one.
//
// The runtime context handed to Go ({env, ctx, binding}) is that of the
// request that started the program: env is the same for every request of a
// deployment, but ctx (waitUntil, passThroughOnException) is not, so the Go
// side must not use cloudflare.WaitUntil and the like. It does not.
import "./wasm_exec.js";
import mod from "./app.wasm";

// Used by syumai/workers' jsutil.TryCatch.
globalThis.tryCatch = (fn) => {
  try {
    return { result: fn() };
  } catch (e) {
    return { error: e };
  }
};

/** @type {{binding: any, alive: boolean, ended: Set<Function>, done: Promise<void>} | null} */
let current = null;
/** @type {Promise<any> | null} */
let starting = null;

// start runs a new Go program and resolves once it has called
// workers.Ready (registered binding.handleRequest). Go's main runs
// synchronously inside go.run until it blocks, so this resolves at once.
function start(env, ctx) {
  const go = new Go();
  const binding = {};
  let ready;
  const readyPromise = new Promise((resolve) => {
    ready = resolve;
  });
  const instance = new WebAssembly.Instance(mod, {
    ...go.importObject,
    workers: {
      ready: () => ready(),
    },
  });
  // ended holds the reject functions of the requests in flight, so that
  // they fail at once if the program ends (rather than hang).
  const inst = { binding, alive: true, ended: new Set(), done: null };
  const end = (why) => {
    inst.alive = false;
    if (current === inst) current = null;
    const err = new Error("the Go program ended" + (why ? ": " + why : ""));
    for (const reject of inst.ended) reject(err);
    inst.ended.clear();
  };
  inst.done = go.run(instance, { env, ctx, binding }).then(
    () => end(""),
    (e) => {
      console.error("policycheck: Go program failed:", e);
      end(String(e));
    },
  );
  const endedEarly = inst.done.then(() => {
    throw new Error("the Go program ended before it was ready");
  });
  endedEarly.catch(() => {}); // settles after the race when all goes well
  return Promise.race([readyPromise.then(() => inst), endedEarly]);
}

function program(env, ctx) {
  if (current && current.alive) return current;
  if (!starting) {
    starting = start(env, ctx).then(
      (inst) => {
        current = inst;
        starting = null;
        return inst;
      },
      (e) => {
        starting = null;
        throw e;
      },
    );
  }
  return starting;
}

// A JSON error in the API's shape, for the rare case where Go cannot answer.
function failure(message) {
  return new Response(JSON.stringify({ error: { code: "internal", message } }) + "\n", {
    status: 500,
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
      "Referrer-Policy": "no-referrer",
      "X-Content-Type-Options": "nosniff",
      "Cross-Origin-Resource-Policy": "same-origin",
    },
  });
}

async function fetch(req, env, ctx) {
  let inst;
  try {
    inst = current && current.alive ? current : await program(env, ctx);
  } catch (e) {
    console.error("policycheck: cannot start the Go program:", e);
    return failure("the service cannot start");
  }
  let reject;
  const ended = new Promise((_, r) => {
    reject = r;
  });
  inst.ended.add(reject);
  try {
    return await Promise.race([inst.binding.handleRequest(req), ended]);
  } catch (e) {
    console.error("policycheck:", e);
    return failure("the request could not be handled");
  } finally {
    inst.ended.delete(reject);
  }
}

export default { fetch };
