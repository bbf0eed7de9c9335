// cpu.mjs: the CPU time of one Worker request, measured in Node.
//
//	node worker/cpu.mjs [-n 1000] [--entry build/entry.mjs|build/worker.mjs] [--json]
//	node worker/cpu.mjs --probes [-n 5]     CPU and reply size of every probe of probes.mjs
//
// Cloudflare bills and limits a Worker by the CPU time its isolate spends on
// a request (10 ms on the Free plan); I/O and the runtime's own HTTP
// handling do not count. wrangler dev cannot show that figure: its workerd
// process also runs the dev proxy, and its latency includes loopback HTTP.
// This script loads the built Worker (worker/build: the same app.wasm,
// wasm_exec.js and entry module that wrangler uploads) into Node's V8, calls
// its fetch handler with Request objects directly, one at a time, and
// reports process CPU time (process.cpuUsage: user + system, every thread)
// per request for the estimate the benchmark sends, after a warm-up.
//
// The entry module's import of app.wasm (a Workers module import) is
// replaced by the compiled module; the generated entry's runtime.mjs, which
// imports cloudflare:sockets, is replaced by a stub.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { workerDir } from "./dev.mjs";
import { init, loadProbes } from "./probes.mjs";

const args = process.argv.slice(2);
function opt(name, def) {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
}
const n = Number(opt("-n", "1000"));
// --max-growth MiB: fail if the Go program's memory grows by more than this
// over the measured requests (a leak: the program lives as long as the isolate).
const maxGrowth = opt("--max-growth", undefined);
const warmup = Number(opt("--warmup", "200"));
const entry = opt("--entry", "build/entry.mjs");
const asJSON = args.includes("--json");
// --probes: instead of the benchmark, send every API probe of
// web/testdata/probes.json n times (default 5) and report each one's median
// CPU time and reply size, the worst first.
const probeMode = args.includes("--probes");
const build = join(workerDir, "build");
setFlagsFromString("--expose-gc");
const collect = runInNewContext("gc");

const body = readFileSync(join(workerDir, "testdata", "estimate.json"), "utf8");

const dir = mkdtempSync(join(tmpdir(), "policycheck-cpu-"));
try {
  globalThis.__policycheckModule = await WebAssembly.compile(readFileSync(join(build, "app.wasm")));
  // Keep the last instance made, to read the size of its memory.
  let lastInstance;
  WebAssembly.Instance = class extends WebAssembly.Instance {
    constructor(module, imports) {
      super(module, imports);
      lastInstance = this;
    }
  };
  const memoryMiB = () => +(lastInstance.exports.mem.buffer.byteLength / 1048576).toFixed(1);
  copyFileSync(join(build, "wasm_exec.js"), join(dir, "wasm_exec.js"));
  writeFileSync(join(dir, "runtime.mjs"),
    "export async function loadModule() { return globalThis.__policycheckModule; }\n" +
    "export function createRuntimeContext({ env, ctx, binding }) { return { env, ctx, binding }; }\n");
  const src = readFileSync(join(workerDir, entry), "utf8")
    .replace(/import mod from "\.\/app\.wasm";/, "const mod = globalThis.__policycheckModule;");
  // Keep the Go instance, to count the JavaScript values the Go program holds.
  writeFileSync(join(dir, "entry.mjs"), src.replace("const go = new Go();", "const go = new Go(); globalThis.__policycheckGo = go;"));
  const worker = (await import(pathToFileURL(join(dir, "entry.mjs")).href)).default;

  const env = {};
  const ctx = { waitUntil() {}, passThroughOnException() {} };
  const request = (path, init) => new Request("http://127.0.0.1" + path, init);
  if (probeMode) {
    await probeRun(worker, env, ctx, request, args.includes("-n") ? n : 5);
  } else {
    await bench(worker, env, ctx, request, memoryMiB);
  }
} catch (e) {
  process.exitCode = 1;
  console.error("worker cpu:", e.stack || e.message);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(); // the Go program never ends by itself

// bench measures the benchmark's estimate and the health check.
async function bench(worker, env, ctx, request, memoryMiB) {
  const estimate = () =>
    request("/api/estimate", { method: "POST", headers: { "Content-Type": "application/json" }, body });
  // The reply is read as bytes, as the runtime sends it: decoding it as
  // text (UTF-8 to a JS string, about 1 ms for the full report) is the
  // client's work, which Cloudflare does not bill to the Worker. check
  // decodes it when the caller needs the text.
  async function call(req, check = false) {
    const res = await worker.fetch(req, env, ctx);
    const bytes = await res.arrayBuffer();
    if (res.status !== 200 || check) {
      const text = new TextDecoder().decode(bytes);
      if (res.status !== 200) throw new Error(`status ${res.status}: ${text.slice(0, 300)}`);
      return text;
    }
    return "";
  }

  // measure sends count requests one at a time: the process CPU of all of
  // them over count (cpu_ms, the mean: the garbage collections and
  // compilations they cause included), and each request's own process CPU
  // (from just before it is sent to its reply read), whose median and 95th
  // percentile are cpu_p50_ms and cpu_p95_ms.
  async function measure(count, mk) {
    const times = [];
    const cpus = [];
    const c0 = process.cpuUsage();
    for (let i = 0; i < count; i++) {
      const req = mk();
      const r0 = process.cpuUsage();
      const t0 = performance.now();
      await call(req);
      times.push(performance.now() - t0);
      const r = process.cpuUsage(r0);
      cpus.push((r.user + r.system) / 1000);
    }
    const c = process.cpuUsage(c0);
    // q(xs, p): the p-quantile of sorted xs, to 3 decimals (null for none).
    const q = (xs, p) => (xs.length ? +xs[Math.max(0, Math.min(xs.length - 1, Math.ceil(xs.length * p) - 1))].toFixed(3) : null);
    times.sort((a, b) => a - b);
    cpus.sort((a, b) => a - b);
    return {
      cpu_ms: count ? +((c.user + c.system) / 1000 / count).toFixed(3) : null,
      cpu_p50_ms: q(cpus, 0.5),
      cpu_p95_ms: q(cpus, 0.95),
      median_ms: q(times, 0.5),
      p95_ms: q(times, 0.95),
    };
  }

  // Node loads its fetch classes (undici) lazily, on their first use: do
  // that before timing the first request, whose figure is the Worker's
  // start (workerd has them built in).
  await new Request("http://127.0.0.1/", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" }).text();
  await new Response(new Uint8Array(1), { status: 200, headers: { "Content-Type": "application/json" } }).arrayBuffer();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const text = await call(estimate(), true);
  const c1 = process.cpuUsage(c0);
  if (!text.includes('"totals"')) throw new Error("no report: " + text.slice(0, 200));
  const first = { wall_ms: +(performance.now() - t0).toFixed(1), cpu_ms: +((c1.user + c1.system) / 1000).toFixed(1) };
  await measure(warmup, estimate);
  const mem0 = memoryMiB();
  const js0 = jsHeap();
  const est = await measure(n, estimate);
  const mem1 = memoryMiB();
  const js1 = jsHeap();
  const health = await measure(Math.min(n, 500), () => request("/api/health"));
  let built = entry;
  if (entry === "build/entry.mjs") {
    try {
      built = readFileSync(join(build, "entry.txt"), "utf8").trim();
    } catch { /* an older build */ }
  }
  const result = { entry: built, requests: n, first, estimate: est, health, memory_mib: { after_warmup: mem0, after: mem1 }, js: { after_warmup: js0, after: js1 } };
  if (asJSON) {
    console.log(JSON.stringify(result));
  } else {
    console.log(`worker cpu (Node ${process.version}, entry: ${built}, ${n} estimates one at a time after ${warmup} warm-up):`);
    console.log(`  first request: ${first.cpu_ms} ms CPU, ${first.wall_ms} ms wall`);
    console.log(`  POST /api/estimate: CPU per request median ${est.cpu_p50_ms} ms, p95 ${est.cpu_p95_ms} ms, mean ${est.cpu_ms} ms; wall median ${est.median_ms} ms, p95 ${est.p95_ms} ms`);
    console.log(`  GET /api/health:    CPU per request median ${health.cpu_p50_ms} ms, p95 ${health.cpu_p95_ms} ms, mean ${health.cpu_ms} ms; wall median ${health.median_ms} ms, p95 ${health.p95_ms} ms`);
    console.log(`  memory of the Go program (last instance): ${mem0} MiB after the warm-up, ${mem1} MiB after the estimates`);
    console.log(`  JavaScript heap after GC: ${js0.heap_mib} MiB after the warm-up, ${js1.heap_mib} MiB after; JavaScript values the Go program holds: ${js0.go_values}, then ${js1.go_values}`);
  }
  if (maxGrowth !== undefined && mem1 - mem0 > Number(maxGrowth)) {
    throw new Error(`memory grew by ${(mem1 - mem0).toFixed(1)} MiB over ${n} requests (limit ${maxGrowth} MiB): a leak`);
  }
  // Nothing of ours may keep JavaScript objects per request (entry.mjs,
  // wasm_exec.js, the library's glue): the heap after a collection and the
  // Go runtime's table of values stay flat.
  if (maxGrowth !== undefined && js1.heap_mib - js0.heap_mib > Number(maxGrowth)) {
    throw new Error(`the JavaScript heap grew by ${(js1.heap_mib - js0.heap_mib).toFixed(1)} MiB over ${n} requests (limit ${maxGrowth} MiB): objects kept per request`);
  }
  // Go releases a JavaScript value only when its own collector runs, which
  // depends on how the Go heap grows, so one count can catch a few hundred
  // values not yet released (a larger catalogue makes collections rarer). A
  // leak keeps growing: before calling it one, send up to four more batches
  // and take the lowest count seen.
  if (maxGrowth !== undefined && js0.go_values !== null && js1.go_values - js0.go_values > 200) {
    let lowest = js1.go_values;
    for (let i = 0; i < 4 && lowest - js0.go_values > 200; i++) {
      await measure(500, estimate);
      lowest = Math.min(lowest, jsHeap().go_values);
    }
    if (lowest - js0.go_values > 200) {
      throw new Error(`the Go program holds ${lowest - js0.go_values} more JavaScript values after ${n} requests and 2,000 more: a leak`);
    }
    if (!asJSON) console.log(`  (${js1.go_values - js0.go_values} values not yet released after ${n} requests; ${lowest} at the lowest after more: released, not a leak)`);
  }
}

// jsHeap collects garbage (when node runs with --expose-gc, or through V8's
// flag set at start) and returns the used JavaScript heap and the number of
// JavaScript values the Go program references (wasm_exec.js's table).
function jsHeap() {
  collect();
  const go = globalThis.__policycheckGo;
  return {
    heap_mib: +(process.memoryUsage().heapUsed / 1048576).toFixed(1),
    go_values: go && go._values ? go._values.length - (go._idPool ? go._idPool.length : 0) : null,
  };
}

// probeRun measures every API probe (the page's probes are answered by the
// static assets, not the Worker) after one warm-up estimate.
async function probeRun(worker, env, ctx, request, reps) {
  const warm = await worker.fetch(request("/api/estimate", { method: "POST", headers: { "Content-Type": "application/json" }, body }), env, ctx);
  await warm.arrayBuffer();
  const { probes } = loadProbes();
  const rows = [];
  // One pass first, so that V8 has compiled every path the probes take.
  for (const p of probes.filter((p) => !p.page)) {
    await (await worker.fetch(request(p.path, init(p)), env, ctx)).arrayBuffer();
  }
  for (const p of probes.filter((p) => !p.page)) {
    const cpu = [];
    let status = 0;
    let size = 0;
    for (let i = 0; i < reps; i++) {
      const c0 = process.cpuUsage();
      const res = await worker.fetch(request(p.path, init(p)), env, ctx);
      const b = await res.arrayBuffer();
      const c = process.cpuUsage(c0);
      cpu.push((c.user + c.system) / 1000);
      status = res.status;
      size = b.byteLength;
    }
    cpu.sort((a, b) => a - b);
    rows.push({ name: p.name, status, want: p.status, bytes: size, cpu_ms: +cpu[Math.floor(cpu.length / 2)].toFixed(2) });
  }
  rows.sort((a, b) => b.cpu_ms - a.cpu_ms);
  if (asJSON) {
    console.log(JSON.stringify(rows));
    return;
  }
  console.log(`worker probes (Node ${process.version}, median of ${reps} per probe, CPU of the Worker's isolate):`);
  for (const r of rows) {
    console.log(`  ${String(r.cpu_ms).padStart(7)} ms  ${String(r.bytes).padStart(7)} B  ${r.status}${r.status === r.want ? "" : " (want " + r.want + ")"}  ${r.name}`);
  }
  const errors = rows.filter((r) => r.status >= 400);
  const largest = errors.reduce((a, r) => (r.bytes > a.bytes ? r : a), { bytes: 0, name: "" });
  console.log(`  worst CPU: ${rows[0].cpu_ms} ms (${rows[0].name}); largest error reply: ${largest.bytes} bytes (${largest.name})`);
}
