// The rule engine as the page sees it: Go compiled to WebAssembly, started
// by default in a Web Worker (engine-worker.js, created with the HTML by
// engine-start.js), so that downloading, compiling and starting it never
// blocks the page's main thread; with ?engine=main it runs on the page's own
// thread instead. The functions below are the same either way.
//
// The catalogue (rules, documents, questions) does not come from the engine:
// the build wrote it as a static file (catalogue.json, from the same compiled
// catalogue), which the page fetches in parallel with the wasm.
//
// Answer path through the worker: only the answers that changed since the
// last estimate are posted ({set, del}); the report comes back as the JSON
// string the engine wrote. No answer leaves the device: answers go to the
// worker, on this device, and back. Each report after the first leaves out
// (as null) the parts that have not changed since the last report the
// page holds; mergeLive puts them back from it.

import { mergeLive } from './model.js';

const START = globalThis.policycheckStart;
const MODE = START ? START.mode : (typeof Worker === 'function' && new URLSearchParams(location.search).get('engine') !== 'main' ? 'worker' : 'main');
// The compiled URL (its content-hashed name), the one engine-start.js started compiling.
const WASM = new URL('policycheck.wasm', import.meta.url).href;

let loading = null;
let worker = null;
let core = null; // policycheckCore on the main thread
let nextId = 1;
const pending = new Map();
let progressFn = () => {};
let measured = 0;
// What the worker holds: the answers last posted, each as JSON text.
let posted = null;
// The last whole report and its generation ({generation, report}): the
// engine then writes only the parts that changed since (mergeLive).
let held = null;

export function mode() {
  return MODE;
}

function failure(kind, message) {
  const err = new Error(message || kind);
  err.kind = kind;
  return err;
}

function onMessage(e) {
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
}

function onError(e) {
  // The worker's script could not be fetched or run: reject everything waiting.
  if (e && e.preventDefault) e.preventDefault();
  const err = failure(navigator.onLine === false ? 'network' : 'blocked', (e && e.message) || 'the engine worker did not start');
  for (const p of pending.values()) p.reject(err);
  pending.clear();
}

// startWorker() → the id of the pending load: the worker engine-start.js
// created (already asked to load, as id 0), else a new one.
function startWorker() {
  posted = null;
  const early = START && START.take ? START.take(onMessage, onError) : null;
  if (early) {
    worker = early;
    // The download and compile run on the page (see engine-start.js, written into index.html): their progress.
    if (START.compile) START.compile.listen((l, t) => progressFn(l, t));
    return new Promise((resolve, reject) => pending.set(0, { resolve, reject }));
  }
  worker = new Worker(new URL('engine-worker.js', import.meta.url));
  worker.onmessage = onMessage;
  worker.onerror = onError;
  return ask('load');
}

function ask(op, args) {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, op, args });
  });
}

// load(onProgress) starts the engine once; it resolves to {version} (a plain
// object) when the engine is ready. onProgress(loaded, total) follows the
// download of the wasm (total 0 when unknown).
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

// markSteps(timings) puts the engine's start-up steps on the page's
// timeline as marks 'policycheck:engine:<step>' (timings: step → epoch ms,
// from wherever the engine runs).
function markSteps(timings) {
  for (const [step, t] of Object.entries(timings || {})) {
    if (typeof t !== 'number') continue;
    try {
      performance.mark(`policycheck:engine:${step}`, { startTime: Math.max(0, t - performance.timeOrigin) });
    } catch {
      /* an old browser without mark options: no marks */
    }
  }
}

async function start() {
  let version;
  held = null; // a new engine numbers its reports from 1 again
  if (MODE === 'worker') {
    try {
      let timings;
      ({ version, timings } = await startWorker());
      markSteps(timings);
    } catch (err) {
      pending.delete(0);
      throw err;
    }
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
    markSteps(core.timings);
  }
  const v = JSON.parse(version);
  if (v.error) throw failure('engine', v.error.message);
  return { version: v };
}

// changes(answers) → what to post to the worker: {set, del} against what it
// holds, or {reset, set} the first time.
function changes(answers) {
  const now = new Map();
  for (const [k, v] of Object.entries(answers)) if (v !== undefined) now.set(k, JSON.stringify(v));
  const msg = {};
  if (!posted) {
    msg.reset = true;
    msg.set = Object.fromEntries([...now.keys()].map((k) => [k, answers[k]]));
  } else {
    for (const [k, text] of now) {
      if (posted.get(k) !== text) (msg.set ||= {})[k] = answers[k];
    }
    for (const k of posted.keys()) if (!now.has(k)) (msg.del ||= []).push(k);
  }
  posted = now;
  return msg;
}

// estimate(answers, date, compare) → {report, sent, errors, dateError}.
// Each call is measured as 'policycheck:estimate': from the call to the
// parsed report (in a worker: the round trip, JSON included); the engine's
// own part of it as 'policycheck:engine'.
export async function estimate(answers, date = '', compare = false) {
  const t0 = performance.now();
  let out;
  let report;
  for (let attempt = 0; ; attempt++) {
    const since = held && attempt === 0 ? held.generation : 0;
    if (MODE === 'worker') {
      const msg = changes(answers);
      msg.date = date;
      msg.compare = compare;
      msg.since = since;
      try {
        out = await ask('estimate', msg);
        if (out.timings) markSteps(out.timings);
      } catch (err) {
        posted = null; // not known what the worker holds: send everything next time
        throw err;
      }
    } else {
      const e0 = performance.now();
      out = core.estimateLive(answers, date, compare, since);
      out.ms = performance.now() - e0;
    }
    report = mergeLive(held, JSON.parse(out.json), out.since);
    if (report || attempt > 0) break;
    held = null; // the engine left out results this page no longer holds: ask for all of them
  }
  if (report && !report.error && out.generation) held = { generation: out.generation, report };
  const t1 = performance.now();
  performance.measure('policycheck:estimate', { start: t0, end: t1 });
  // The engine's own time, measured where it ran (in the worker: sent back with the reply).
  if (typeof out.ms === 'number') performance.measure('policycheck:engine', { start: t1 - out.ms, duration: out.ms });
  // Keep the timeline bounded: a long session would otherwise keep one entry per estimate.
  if (++measured % 5000 === 0) {
    performance.clearMeasures('policycheck:estimate');
    performance.clearMeasures('policycheck:engine');
  }
  return { report, sent: out.sent, errors: out.errors, dateError: out.dateError };
}

// raw(answers, date, compare) → the engine's report for exactly these answers
// (no answer dropped), as the engine's own estimate() returns it, parsed.
export async function raw(answers, date = '', compare = false) {
  const args = [JSON.stringify(answers), date || '', Boolean(compare)];
  const json = MODE === 'worker' ? await ask('raw', args) : core.call('estimate', ...args);
  return JSON.parse(json);
}

// The catalogue the page uses (from catalogue.json), set by app.js.
let catalogueObj = null;
export function setCatalogue(c) {
  catalogueObj = c;
}

// The page's engine, for tests and benchmarks (the same calls the page makes).
globalThis.policycheckPage = {
  mode,
  catalogue: () => catalogueObj,
  estimate: (answers, date, compare) => raw(answers, date, compare),
};
