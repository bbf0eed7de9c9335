// bench.mjs: a bounded loopback load on the Worker's estimate endpoint.
//
//	node worker/bench.mjs [-n 2000] [-c 4] [--url http://127.0.0.1:8787] [--entry build/worker.mjs] [--json]
//
// Sends n POST /api/estimate requests (a full questionnaire with a date and
// the district comparison), c at a time, and prints the median and p95
// latency. Without --url it starts `wrangler dev` itself on a free loopback
// port (see dev.mjs) and stops it afterwards; build the Worker first
// (worker/build.sh). Every response must be a 200 report, or the run fails.
//
// Latency here is wall time seen by the client on loopback: workerd's CPU
// time for the request plus a small, constant overhead of wrangler's local
// proxy. With c > 1 it also includes waiting for the other requests, as one
// isolate runs one request at a time; -c 1 is the closest to CPU time.
import { readFileSync } from "node:fs";
import { cpuSeconds, startWrangler } from "./dev.mjs";

const args = process.argv.slice(2);
function opt(name, def) {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
}
const n = Number(opt("-n", "2000"));
const concurrency = Number(opt("-c", "4"));
const warmup = Number(opt("--warmup", "20"));
const entry = opt("--entry", undefined);
const asJSON = args.includes("--json");
let url = opt("--url", process.env.POLICYCHECK_URL);

if (!(n > 0) || !(concurrency > 0)) {
  console.error("usage: node worker/bench.mjs [-n 2000] [-c 4] [--url URL] [--entry build/worker.mjs] [--json]");
  process.exit(2);
}

// A complete company profile touching every document, with a date and the
// comparison: the most work an estimate does (worker/testdata/estimate.json,
// also used by cpu.mjs).
const body = readFileSync(new URL("./testdata/estimate.json", import.meta.url), "utf8");

async function one(base) {
  const t0 = performance.now();
  const res = await fetch(base + "/api/estimate", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body,
  });
  const text = await res.text();
  const ms = performance.now() - t0;
  if (res.status !== 200 || !text.includes('"totals"')) {
    throw new Error(`estimate: status ${res.status}: ${text.slice(0, 300)}`);
  }
  return ms;
}

// health is the cheapest Worker request: its CPU is workerd's fixed cost
// per request in wrangler dev (HTTP, the dev proxy and router), which the
// estimate figures include too.
async function health(base) {
  const t0 = performance.now();
  const res = await fetch(base + "/api/health");
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`health: status ${res.status}`);
  return performance.now() - t0;
}

async function run(base, count, conc, fn = one) {
  const times = [];
  let next = 0;
  const workers = Array.from({ length: Math.min(conc, count) }, async () => {
    while (next < count) {
      next++;
      times.push(await fn(base));
    }
  });
  const t0 = performance.now();
  await Promise.all(workers);
  return { times, wall: performance.now() - t0 };
}

// measure runs count requests and, when this script started wrangler, the
// workerd CPU time they took.
async function measure(base, count, conc, fn) {
  const cpu0 = dev ? cpuSeconds(dev.pid) : null;
  const r = await run(base, count, conc, fn);
  const cpu1 = dev ? cpuSeconds(dev.pid) : null;
  r.cpuPerRequest = cpu0 != null && cpu1 != null ? ((cpu1 - cpu0) * 1000) / count : null;
  return r;
}

// builtEntry names the entry worker/build.sh installed: "isolate" (entry.mjs,
// one Go program per isolate) or "generated" (one per request).
function builtEntry() {
  try {
    return readFileSync(new URL("./build/entry.txt", import.meta.url), "utf8").trim();
  } catch {
    return "build/entry.mjs";
  }
}

function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

let dev;
try {
  if (!url) {
    dev = await startWrangler({ entry });
    url = dev.url;
  }
  // The first request of an isolate starts the Go program; warm up so that
  // the figures describe the steady state (the first request is shown apart).
  const first = await one(url);
  await run(url, warmup, concurrency);
  const { times, wall, cpuPerRequest } = await measure(url, n, concurrency, one);
  times.sort((a, b) => a - b);
  let base = null;
  if (dev) {
    await run(url, warmup, concurrency, health);
    const h = await measure(url, Math.min(n, 300), concurrency, health);
    h.times.sort((a, b) => a - b);
    base = { median: quantile(h.times, 0.5), cpu: h.cpuPerRequest };
  }
  const fix = (v, d = 2) => (v == null || Number.isNaN(v) ? null : +v.toFixed(d));
  const result = {
    requests: n,
    concurrency,
    entry: entry ?? builtEntry(),
    first_ms: +first.toFixed(1),
    median_ms: +quantile(times, 0.5).toFixed(2),
    p95_ms: +quantile(times, 0.95).toFixed(2),
    p99_ms: +quantile(times, 0.99).toFixed(2),
    max_ms: +times[times.length - 1].toFixed(2),
    mean_ms: +(times.reduce((a, b) => a + b, 0) / times.length).toFixed(2),
    requests_per_s: +((n / wall) * 1000).toFixed(1),
    workerd_cpu_ms_per_request: fix(cpuPerRequest),
    health_median_ms: fix(base?.median),
    health_workerd_cpu_ms_per_request: fix(base?.cpu),
  };
  if (asJSON) {
    console.log(JSON.stringify(result));
  } else {
    console.log(`worker bench: ${n} POST /api/estimate, ${concurrency} at a time, on ${url} (${result.entry})`);
    console.log(`  first request ${result.first_ms} ms (starts the Go program)`);
    console.log(`  median ${result.median_ms} ms  p95 ${result.p95_ms} ms  p99 ${result.p99_ms} ms  max ${result.max_ms} ms  mean ${result.mean_ms} ms  ${result.requests_per_s} req/s`);
    if (result.workerd_cpu_ms_per_request != null) {
      console.log(`  workerd CPU ${result.workerd_cpu_ms_per_request} ms per estimate; GET /api/health: ${result.health_workerd_cpu_ms_per_request} ms CPU, median ${result.health_median_ms} ms (the fixed cost of a request in wrangler dev)`);
    }
  }
} catch (e) {
  console.error("worker bench:", e.message);
  process.exitCode = 1;
} finally {
  if (dev) await dev.stop();
}
