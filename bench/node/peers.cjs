// The same leaf conditions on the same answers, evaluated by policycheck's
// engine (the wasm build, bench/wasmbench), GoRules ZEN (@gorules/zen-engine,
// a native Node addon) and json-logic-js, in one Node process. Every result
// is checked against the engine's own (written by bench/cmd/peerset).
// Prints JSON: time per evaluation of each way, and mismatches.
//
//   node bench/node/peers.cjs build/bench/peerset.json build/bench/wasmbench.wasm
"use strict";
const fs = require("node:fs");
const { loadWasm, stats } = require("./load-wasm.cjs");

const MIN_MS = Number(process.env.BENCH_MS || 1500);

// perEval times fn(i, j) over every (leaf i, answers j) pair, repeatedly,
// and returns the median time per evaluation in ns over the rounds.
function perEval(set, fn, rounds = 7) {
  const L = set.leaves.length, A = set.answers.length;
  const samples = [];
  fn(0, 0);
  const start = performance.now();
  for (let r = 0; r < rounds || (performance.now() - start < MIN_MS && r < 60); r++) {
    const t = performance.now();
    for (let j = 0; j < A; j++) for (let i = 0; i < L; i++) fn(i, j);
    samples.push(((performance.now() - t) * 1e6) / (L * A));
  }
  return stats(samples);
}

function check(set, fn) {
  let bad = 0;
  for (let j = 0; j < set.answers.length; j++)
    for (let i = 0; i < set.leaves.length; i++) if (fn(i, j) !== set.expect[j][i]) bad++;
  return bad;
}

async function main() {
  const [setPath, wasmPath] = process.argv.slice(2);
  const set = JSON.parse(fs.readFileSync(setPath, "utf8"));
  const zen = require("@gorules/zen-engine");
  const jsonLogic = require("json-logic-js");
  const { api: pc } = await loadWasm(wasmPath, "policycheckBench");
  const n = pc.peerLoad(JSON.stringify(set));
  if (typeof n !== "number") throw new Error(n);

  // Contexts for ZEN: the whole answers object, or only what the leaf reads.
  const minimal = set.answers.map((a) => set.leaves.map((l) => Object.fromEntries(l.vars.map((v) => [v, a[v]]))));
  const unaryIdx = set.leaves.map((l, i) => (l.unary ? i : -1)).filter((i) => i >= 0);

  const ways = {
    "policycheck (wasm, conditions evaluated inside the engine)": null,
    "policycheck (wasm, one call from JS per evaluation)": (i, j) => pc.peerOne(i, j),
    "zen evaluateExpressionSync (context: all answers)": (i, j) => zen.evaluateExpressionSync(set.leaves[i].zen, set.answers[j]),
    "zen evaluateExpressionSync (context: the leaf's questions only)": (i, j) => zen.evaluateExpressionSync(set.leaves[i].zen, minimal[j][i]),
    "json-logic-js apply": (i, j) => !!jsonLogic.apply(set.leaves[i].jsonlogic, set.answers[j]),
  };
  const out = { leaves: set.leaves.length, answerSets: set.answers.length, skipped: set.skipped, results: {} };

  // Inside the engine: Go loops over the pairs (as an estimate does).
  {
    const first = JSON.parse(pc.peerRun(1));
    const samples = [];
    const start = performance.now();
    for (let r = 0; r < 7 || (performance.now() - start < MIN_MS && r < 200); r++) {
      const x = JSON.parse(pc.peerRun(1));
      samples.push(x.ns / x.evaluations);
    }
    out.results["policycheck (wasm, conditions evaluated inside the engine)"] = { ...stats(samples), mismatches: first.mismatches };
  }
  for (const [name, fn] of Object.entries(ways)) {
    if (!fn) continue;
    const mismatches = check(set, fn);
    out.results[name] = { ...perEval(set, fn), mismatches };
  }
  // ZEN's unary tests ("$ >= 2016"), for the leaves that compare one question with a constant.
  {
    const sub = { ...set, leaves: unaryIdx.map((i) => set.leaves[i]), expect: set.expect.map((row) => unaryIdx.map((i) => row[i])) };
    const fn = (i, j) => zen.evaluateUnaryExpressionSync(sub.leaves[i].unary, { $: set.answers[j][sub.leaves[i].unary_var] });
    out.results["zen evaluateUnaryExpressionSync ($ op constant leaves only)"] = { ...perEval(sub, fn), mismatches: check(sub, fn), leaves: sub.leaves.length };
  }
  console.log(JSON.stringify(out, null, 1));
  process.exit(0);
}
main().catch((e) => { console.error(e); process.exit(1); });
