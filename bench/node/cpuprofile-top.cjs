// Summarises a V8 .cpuprofile (node --cpu-prof), e.g. of a Go wasm test
// binary run under wasm_exec_node.js: self time by function, top N.
//
//   node bench/node/cpuprofile-top.cjs prof.cpuprofile [N] [filter]
"use strict";
const fs = require("node:fs");
const [file, topArg, filter] = process.argv.slice(2);
const prof = JSON.parse(fs.readFileSync(file, "utf8"));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) {
  const n = byId.get(prof.samples[i]);
  const name = n.callFrame.functionName || "(anonymous " + n.callFrame.url + ")";
  self.set(name, (self.get(name) || 0) + (dt[i] || 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);
const rows = [...self.entries()].filter(([k]) => !filter || k.includes(filter)).sort((a, b) => b[1] - a[1]).slice(0, Number(topArg || 30));
for (const [name, us] of rows) console.log(((100 * us) / total).toFixed(1).padStart(5) + "%  " + (us / 1000).toFixed(1).padStart(8) + " ms  " + name);
