// Loads a Go js/wasm build of policycheck into this Node process and returns
// globalThis.policycheck once the Go program has signalled readiness. Used
// by the benchmark scripts in bench/node (see wasm/wasm.test.cjs for the
// same loading sequence in the tests).
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

function goroot() {
  return process.env.GOROOT_DIR || execFileSync("go", ["env", "GOROOT"]).toString().trim();
}

async function loadWasm(wasmPath, global = "policycheck") {
  if (typeof globalThis.Go !== "function") require(path.join(goroot(), "lib/wasm/wasm_exec.js"));
  const go = new Go();
  const ready = new Promise((resolve, reject) => {
    globalThis.__policycheckReady = (err) => (err ? reject(new Error(err)) : resolve());
  });
  const t0 = performance.now();
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), go.importObject);
  const t1 = performance.now();
  go.run(instance);
  await ready;
  const t2 = performance.now();
  return { api: globalThis[global], instantiateMs: t1 - t0, startMs: t2 - t1 };
}

// stats returns the median, 10th and 90th percentiles and mean of samples (ms).
function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { n: s.length, median: q(0.5), p10: q(0.1), p90: q(0.9), mean };
}

// timeLoop runs fn repeatedly: a warm-up, then samples of batch calls each,
// until minMs has passed or maxSamples taken; returns per-call stats in ms.
function timeLoop(fn, { warmup = 20, batch = 1, minMs = 1500, maxSamples = 2000 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const out = [];
  const start = performance.now();
  while (out.length < maxSamples && (performance.now() - start < minMs || out.length < 11)) {
    const t = performance.now();
    for (let i = 0; i < batch; i++) fn();
    out.push((performance.now() - t) / batch);
  }
  return stats(out);
}

module.exports = { loadWasm, stats, timeLoop, goroot };
