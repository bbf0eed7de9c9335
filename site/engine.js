// The rule engine as the page sees it: Go compiled to WebAssembly, started
// on the page's own thread after the first questions are on screen. With
// ?engine=worker it starts in a Web Worker (engine-worker.js) instead; the
// functions below are the same either way. Measured side by side
// (bench/browser/page.mjs), the page's thread answered faster (3.6 ms from an
// answer to the drawn result against 11.8 ms through the worker) and started
// faster when warm (210 ms against 452 ms), with the same cold start, so it
// is the default. No answer leaves the device:
// answers go to the worker, on this device, and back.

const MODE = (typeof Worker === 'function' && new URLSearchParams(location.search).get('engine') === 'worker') ? 'worker' : 'main';
// The preloaded URL (its content-hashed name), the one wasm-boot.js started compiling.
const WASM = new URL('policycheck.wasm', import.meta.url).href;

let loading = null;
let worker = null;
let core = null; // policycheckCore on the main thread
let nextId = 1;
const pending = new Map();
let progressFn = () => {};
let measured = 0;
let catalogueObj = null;

export function mode() {
  return MODE;
}

function failure(kind, message) {
  const err = new Error(message || kind);
  err.kind = kind;
  return err;
}

function startWorker() {
  worker = new Worker(new URL('engine-worker.js', import.meta.url));
  worker.onmessage = (e) => {
    const m = e.data || {};
    if (m.progress) {
      progressFn(m.progress.loaded, m.progress.total);
      return;
    }
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    if (m.error) p.reject(failure(m.error.kind, m.error.message));
    else p.resolve(m.result);
  };
  worker.onerror = (e) => {
    // The worker's script could not be fetched or run: reject everything waiting.
    e.preventDefault();
    const err = failure(navigator.onLine === false ? 'network' : 'blocked', e.message || 'the engine worker did not start');
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
}

function ask(op, args) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, args });
  });
}

// load(onProgress) starts the engine once; it resolves to {version,
// catalogue} (plain objects) when the engine is ready. onProgress(loaded,
// total) follows the download of the wasm (total 0 when unknown).
export function load(onProgress) {
  if (onProgress) progressFn = onProgress;
  if (!loading) {
    loading = start().catch((err) => {
      loading = null; // a retry starts again
      if (worker) worker.terminate();
      worker = null;
      throw err;
    });
  }
  return loading;
}

async function start() {
  let version;
  let catalogue;
  if (MODE === 'worker') {
    startWorker();
    ({ version, catalogue } = await ask('load'));
  } else {
    if (!core) {
      try {
        await Promise.all([import('./wasm_exec.js'), import('./wasm-boot.js'), import('./engine-core.js')]);
      } catch (err) {
        throw failure(navigator.onLine === false ? 'network' : 'blocked', String(err.message || err));
      }
      core = globalThis.policycheckCore;
    }
    await core.start(WASM, (l, t) => progressFn(l, t));
    version = core.call('version');
    catalogue = core.call('catalogue');
  }
  const v = JSON.parse(version);
  const c = JSON.parse(catalogue);
  if (v.error || c.error) throw failure('engine', (v.error || c.error).message);
  catalogueObj = c;
  return { version: v, catalogue: c };
}

// estimate(answers, date, compare) → {report, sent, errors, dateError}.
// Each call is measured as 'policycheck:estimate': from the call to the
// parsed report (in a worker: the round trip, JSON included).
export async function estimate(answers, date = '', compare = false) {
  const t0 = performance.now();
  let out;
  if (MODE === 'worker') out = await ask('estimate', { answers, date, compare });
  else out = core.estimateLive(answers, date, compare);
  const report = JSON.parse(out.json);
  performance.measure('policycheck:estimate', { start: t0, end: performance.now() });
  // Keep the timeline bounded: a long session would otherwise keep one entry per estimate.
  if (++measured % 5000 === 0) performance.clearMeasures('policycheck:estimate');
  return { report, sent: out.sent, errors: out.errors, dateError: out.dateError };
}

// raw(answers, date, compare) → the engine's report for exactly these answers
// (no answer dropped), as the engine's own estimate() returns it, parsed.
export async function raw(answers, date = '', compare = false) {
  const args = [JSON.stringify(answers), date || '', Boolean(compare)];
  const json = MODE === 'worker' ? await ask('raw', args) : core.call('estimate', ...args);
  return JSON.parse(json);
}

// The page's engine, for tests and benchmarks (the same calls the page makes).
globalThis.policycheckPage = {
  mode,
  catalogue: () => catalogueObj,
  estimate: (answers, date, compare) => raw(answers, date, compare),
};
