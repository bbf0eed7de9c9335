// Times policycheck.estimate (answers JSON in, brief report JSON out) and,
// where the build has it, estimateLive (the page's call) in the wasm build
// under Node, for a few answer profiles, with and
// without the district comparison, after a second of warm-up. Prints JSON:
// per call, the median, 10th and 90th percentiles in ms; and the start-up
// (instantiating the module, then running Go until the catalogue is loaded).
//
//   node bench/node/estimate.cjs build/policycheck.wasm               # the page's build
//   node bench/node/estimate.cjs build/bench/wasmbench.wasm policycheckBench   # with EstimateJSON
"use strict";
const { loadWasm, timeLoop } = require("./load-wasm.cjs");

const profiles = {
  "nanming software firm (9 answers)": {
    organisation_kind: "company", registered_district: "nanming", tax_district: "nanming",
    software_certified: true, software_cert_year: 2016, hightech_certified: true, hightech_cert_year: 2013,
    moved_in: false, invention_patents: 2,
  },
  "jing'an big-data firm (4 answers)": {
    organisation_kind: "company", registered_district: "jingan", tax_district: "jingan", industries: ["big_data"],
  },
  "nothing answered": {},
};

async function main() {
  const wasmPath = process.argv[2] || "build/policycheck.wasm";
  const global = process.argv[3] || "policycheck";
  const { api, instantiateMs, startMs } = await loadWasm(wasmPath, global);
  const date = "2017-06-01";
  const results = [];
  // Warm up every call first, so that the JIT has optimised the code
  // before the first measurement.
  const warmUntil = performance.now() + 1000;
  while (performance.now() < warmUntil) {
    for (const answers of Object.values(profiles)) {
      for (const compare of [false, true]) api.estimate(JSON.stringify(answers), date, compare);
    }
  }
  for (const [name, answers] of Object.entries(profiles)) {
    const json = JSON.stringify(answers);
    for (const compare of [false, true]) {
      const out = JSON.parse(api.estimate(json, date, compare));
      if (out.error) throw new Error(name + ": " + JSON.stringify(out.error));
      const s = timeLoop(() => api.estimate(json, date, compare), { minMs: Number(process.env.BENCH_MS || 1500) });
      const row = { profile: name, compare, ...s, reportBytes: api.estimate(json, date, compare).length };
      // The call the page makes since issue 12 (estimateLive: answers it
      // cannot use left out, its reply written into a buffer kept between
      // calls), where the build has it.
      if (typeof api.estimateLive === "function") {
        row.live = timeLoop(() => api.estimateLive(json, date, compare), { minMs: Number(process.env.BENCH_MS || 1500) });
        // As the page calls it since issue 12's second pass: a count
        // changing back and forth, each call given the number of the report
        // before (only the results that changed are written), and the reply
        // parsed as the page does (its first line, then the report).
        const two = [0, 1].map((n) => JSON.stringify({ ...answers, invention_patents: 3 + n }));
        let k = 0;
        let gen = 0;
        let bytes = 0;
        const call = () => {
          const out = api.estimateLive(two[k++ & 1], date, compare, gen);
          const nl = out.indexOf("\n");
          gen = JSON.parse(out.slice(0, nl)).generation;
          JSON.parse(out.slice(nl + 1));
          bytes = out.length;
        };
        row.liveSince = timeLoop(call, { minMs: Number(process.env.BENCH_MS || 1500) });
        row.liveSince.replyBytes = bytes;
      }
      results.push(row);
    }
  }
  console.log(JSON.stringify({ wasm: wasmPath, instantiateMs, startMs, results }, null, 1));
}
main().catch((e) => { console.error(e); process.exit(1); });
