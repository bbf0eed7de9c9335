// The rule engine: Go compiled to WebAssembly, running in this page.
// Every function here takes and returns plain JavaScript values; the JSON
// strings of the Go side stay inside this module. No answer leaves the device.

let loading = null;
let measured = 0; // estimates measured since the page loaded

// load() starts the engine once and resolves when its catalogue is compiled.
export function load() {
  if (!loading) loading = start();
  return loading;
}

async function start() {
  if (typeof globalThis.Go !== 'function') {
    throw new Error('the Go loader did not run');
  }
  if (typeof WebAssembly !== 'object') {
    throw new Error('this browser has no WebAssembly');
  }
  const go = new Go();
  const ready = new Promise((resolve, reject) => { globalThis.__policycheckReady = (err) => err ? reject(new Error(err)) : resolve(); });
  const url = new URL('policycheck.wasm', import.meta.url);
  let instance;
  try {
    ({ instance } = await WebAssembly.instantiateStreaming(fetch(url), go.importObject));
  } catch (err) {
    // A server that sends the wasm without application/wasm: compile from bytes.
    const response = await fetch(url);
    if (!response.ok) throw new Error(`the engine could not be fetched (HTTP ${response.status})`);
    ({ instance } = await WebAssembly.instantiate(await response.arrayBuffer(), go.importObject));
  }
  go.run(instance); // do not await: it resolves only when Go exits
  await ready; // Go calls __policycheckReady() once the catalogue is compiled
  if (!globalThis.policycheck) throw new Error('the engine did not start');
}

function call(name, ...args) {
  try {
    return JSON.parse(globalThis.policycheck[name](...args));
  } catch (err) {
    // The functions never throw; this is a stopped Go program or a bad reply.
    return { error: { code: 'engine_stopped', message: String(err && err.message || err) } };
  }
}

// version() → {catalogue, catalogue_date, build, go, rules}
export function version() {
  return call('version');
}

// catalogue() → {version, date, documents, locations, steps, questions, rules}
export function catalogue() {
  return call('catalogue');
}

// estimate(answers, date, compare) → the brief report, or {error: {...}}.
// Each call is measured as 'policycheck:estimate' (JS → Go → JS, JSON included).
export function estimate(answers, date = '', compare = false) {
  const start = performance.now();
  const report = call('estimate', JSON.stringify(answers), date || '', Boolean(compare));
  performance.measure('policycheck:estimate', { start, end: performance.now() });
  // Keep the timeline bounded: a long session would otherwise keep one entry per estimate.
  if (++measured % 5000 === 0) performance.clearMeasures('policycheck:estimate');
  return report;
}
