// memory.mjs: where memory goes when wrangler dev serves many estimates.
//
//	node --experimental-websocket worker/memory.mjs [-n 20000] [-c 4] [--idle 30] [--entry build/entry.mjs] [--json]
//
// Starts `wrangler dev` (dev.mjs; build the Worker first), sends n POST
// /api/estimate c at a time, and samples along the way and after --idle
// seconds without requests:
//
//   - the resident memory (VmRSS) of each process of wrangler's group:
//     wrangler's Node process (its dev proxy) and workerd;
//   - through the inspector wrangler dev opens for the Worker, the V8 heap
//     of the Worker's isolate (Runtime.getHeapUsage): what JavaScript
//     objects the Worker keeps, ours (entry.mjs, wasm_exec.js,
//     syumai/workers' glue) included;
//   - the Go program's linear memory, which the heap figure includes (a
//     WebAssembly.Memory is an external of the isolate's heap) and which
//     never shrinks.
//
// With --entry build/plain.mjs (written here: a Worker without Go that
// answers every request with a 160 KiB body like the report) the same load
// shows what wrangler dev and workerd keep by themselves.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startWrangler, workerDir } from "./dev.mjs";

const args = process.argv.slice(2);
function opt(name, def) {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
}
const n = Number(opt("-n", "20000"));
const conc = Number(opt("-c", "4"));
const idle = Number(opt("--idle", "30"));
let entry = opt("--entry", undefined);
const asJSON = args.includes("--json");
const samples = Number(opt("--samples", "5"));

if (typeof WebSocket === "undefined") {
  console.error("memory.mjs: run it with node --experimental-websocket (Node 20) to read the isolate's heap");
  process.exit(2);
}

if (entry === "build/plain.mjs") {
  const report = JSON.stringify({ pad: "x".repeat(160 << 10) });
  writeFileSync(join(workerDir, "build", "plain.mjs"),
    `const body = ${JSON.stringify(report)};\n` +
    `export default { async fetch(req) { await req.arrayBuffer(); return new Response(body, { headers: { "Content-Type": "application/json; charset=utf-8" } }); } };\n`);
}

const body = readFileSync(join(workerDir, "testdata", "estimate.json"), "utf8");

// rss returns the resident memory in MiB of every process of the group by name.
function rss(pgid) {
  const out = {};
  for (const d of readdirSyncSafe("/proc")) {
    if (!/^[0-9]+$/.test(d)) continue;
    let stat, status;
    try {
      stat = readFileSync(`/proc/${d}/stat`, "utf8");
      status = readFileSync(`/proc/${d}/status`, "utf8");
    } catch {
      continue;
    }
    const close = stat.lastIndexOf(")");
    const name = stat.slice(stat.indexOf("(") + 1, close);
    const f = stat.slice(close + 2).split(" ");
    if (Number(f[2]) !== pgid) continue;
    const m = status.match(/VmRSS:\s+(\d+) kB/);
    if (m) out[name] = +((out[name] || 0) + Number(m[1]) / 1024).toFixed(1);
  }
  return out;
}
function readdirSyncSafe(p) {
  try {
    return readdirSync(p);
  } catch {
    return [];
  }
}

// inspector connects to the Worker's V8 inspector (wrangler dev's proxy).
async function inspector(port) {
  const list = await (await fetch(`http://127.0.0.1:${port}/json`)).json();
  const target = list.find((t) => t.webSocketDebuggerUrl);
  if (!target) throw new Error("no inspector target: " + JSON.stringify(list));
  // The inspector proxy wants an Origin on loopback (undici's WebSocket
  // takes headers in its second argument).
  const ws = new WebSocket(target.webSocketDebuggerUrl, { headers: { Origin: "http://127.0.0.1" } });
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = () => reject(new Error("cannot open the inspector"));
  });
  let id = 0;
  const pending = new Map();
  ws.onmessage = (ev) => {
    const msg = JSON.parse(ev.data);
    if (msg.id && pending.has(msg.id)) {
      pending.get(msg.id)(msg);
      pending.delete(msg.id);
    }
  };
  const call = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const i = ++id;
      pending.set(i, (m) => (m.error ? reject(new Error(method + ": " + m.error.message)) : resolve(m.result)));
      ws.send(JSON.stringify({ id: i, method, params }));
    });
  return {
    // heap returns the used and total V8 heap in MiB and the size of
    // ArrayBuffer backing stores (the Go program's memory among them).
    // (workerd's inspector drops the connection on HeapProfiler.collectGarbage:
    // the figures include garbage not yet collected.)
    async heap() {
      const h = await call("Runtime.getHeapUsage");
      const mib = (v) => +(v / 1048576).toFixed(1);
      return { used: mib(h.usedSize), total: mib(h.totalSize), embedder: mib(h.embedderHeapUsedSize ?? 0), backing: mib(h.backingStorageSize ?? 0) };
    },
    close: () => ws.close(),
  };
}

async function one(base) {
  const res = await fetch(base + "/api/estimate", { method: "POST", headers: { "Content-Type": "application/json" }, body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`status ${res.status}: ${text.slice(0, 200)}`);
}

const dev = await startWrangler({ entry });
const rows = [];
try {
  await one(dev.url); // starts the Go program
  const insp = await inspector(dev.inspectorPort);
  const sample = async (label) => {
    const row = { at: label, rss_mib: rss(dev.pid), isolate_heap_mib: await insp.heap() };
    rows.push(row);
    if (!asJSON) console.log(`  ${String(label).padStart(8)}  rss ${JSON.stringify(row.rss_mib)}  isolate heap ${JSON.stringify(row.isolate_heap_mib)}`);
  };
  if (!asJSON) console.log(`worker memory: ${n} estimates, ${conc} at a time, on ${dev.url} (${entry ?? "build/entry.mjs"})`);
  await sample(0);
  let sent = 0;
  const step = Math.ceil(n / samples);
  while (sent < n) {
    const m = Math.min(step, n - sent);
    let next = 0;
    await Promise.all(Array.from({ length: conc }, async () => {
      while (next < m) {
        next++;
        await one(dev.url);
      }
    }));
    sent += m;
    await sample(sent);
  }
  await new Promise((r) => setTimeout(r, idle * 1000));
  await sample(`idle ${idle}s`);
  insp.close();
  if (asJSON) console.log(JSON.stringify(rows));
} catch (e) {
  console.error("worker memory:", e.stack || e.message);
  process.exitCode = 1;
} finally {
  await dev.stop();
}
