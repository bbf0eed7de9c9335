// bench/issue12.mjs BENCHMARKS.md OUT_DIR: appends the issue-12 section to
// BENCHMARKS.md: each target of issue 12 with its figure before (bench/
// before-issue12.json: the BENCHMARKS.md before the work, and the issue's own
// measurements) and after (this run's files in OUT_DIR). Run last by bench/run.sh.
import { readFileSync, appendFileSync, existsSync } from "node:fs";
import { join } from "node:path";

const [md, dir] = process.argv.slice(2);
const read = (f) => (existsSync(join(dir, f)) ? JSON.parse(readFileSync(join(dir, f), "utf8")) : null);
const before = JSON.parse(readFileSync(new URL("./before-issue12.json", import.meta.url), "utf8"));
const page = read("page-today.json");
const size = read("size.json");
const worker = read("worker-cpu.json");
const lh = read("lighthouse.json");
const browser = read("browser.json");

const ms = (v) => (v == null ? "—" : v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`);
const us = (v) => (v == null ? "—" : `${v.toFixed(1)} µs`);
const kb = (v) => (v == null ? "—" : `${(v / 1000).toFixed(1)} kB`);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)] : null; };
const verdict = (v, max) => (v == null ? "not measured" : v <= max ? "met" : "**not met**");

// The slowest profile's median estimate in Node (the page's wasm).
const slowest = page ? Math.max(...page.results.map((r) => r.median)) * 1000 : null;
const coldMarks = browser?.cold?.map((c) => c.mark).filter((v) => v != null) ?? [];
const cold = coldMarks.length ? median(coldMarks) : null;
const uiMedian = browser?.ui?.measures?.length ? median(browser.ui.measures) * 1000 : null;
const audit = (id) => lh?.audits?.[id]?.numericValue ?? null;
const score = lh?.categories?.performance?.score != null ? Math.round(lh.categories.performance.score * 100) : null;

const rows = [
  ["Node: instantiate the page's wasm", ms(before.node_instantiate_ms), ms(page?.instantiateMs), "", ""],
  ["Node: instantiated → ready (Go start-up, catalogue loaded)", ms(before.node_start_ms), ms(page?.startMs), "", ""],
  ["first estimate, cold cache, loopback (Chromium, median)", ms(before.first_estimate_cold_ms), ms(cold), "≤ 300 ms", verdict(cold, 300)],
  ["estimate median in Node (slowest profile)", us(before.estimate_median_us), us(slowest), "≤ 500 µs", verdict(slowest, 500)],
  ["estimate median in the page (answer changes)", us(before.estimate_median_page_us), us(uiMedian), "≤ 500 µs", verdict(uiMedian, 500)],
  ["wasm raw", kb(before.wasm_raw_bytes), kb(size?.wasm?.raw), "", ""],
  ["wasm after brotli -q 11", kb(before.wasm_brotli_bytes), kb(size?.wasm?.brotli), "≤ 1000 kB", verdict(size?.wasm?.brotli, 1000000)],
  ["Worker: first request of an isolate, wall (Node, worker/cpu.mjs)", ms(before.worker_first_wall_ms), ms(worker?.first?.wall_ms), "≤ 100 ms", verdict(worker?.first?.wall_ms, 100)],
  ["Worker: first request of an isolate, CPU", "—", ms(worker?.first?.cpu_ms), "", ""],
  ["Worker: CPU per estimate, p50", ms(before.worker_estimate_cpu_ms), ms(worker?.estimate?.cpu_ms), "≤ 2 ms", verdict(worker?.estimate?.cpu_ms, 2)],
  ["Lighthouse 12.8.2 performance (mobile)", String(before.lighthouse_performance), score == null ? "—" : String(score), "≥ 90", score == null ? "not measured" : score >= 90 ? "met" : "**not met**"],
  ["Lighthouse total blocking time", ms(before.lighthouse_tbt_ms), ms(audit("total-blocking-time")), "≤ 200 ms", verdict(audit("total-blocking-time"), 200)],
  ["Lighthouse largest contentful paint", ms(before.lighthouse_lcp_ms), ms(audit("largest-contentful-paint")), "≤ 2500 ms", verdict(audit("largest-contentful-paint"), 2500)],
];
const L = ["", "## Issue 12: before and after", "",
  `*Before*: ${before.source}. *After*: this run (build/bench: page-today.json, size.json, worker-cpu.json, lighthouse.json, browser.json).`, "",
  "| measure | before | after | target | |", "|---|---:|---:|---|---|",
  ...rows.map((r) => `| ${r.join(" | ")} |`), "",
  "The page's wasm and the Worker load the catalogue compiled at build time (`go run ./cmd/compilerules`: engine.Compile, then engine.PrebuiltSource writes it as Go values in rules/compiled/catalogue_gen.go, loaded by engine.LoadPrebuilt): no JSON decoding, source texts, test cases, quote checks, expr type checks or SHA-256 at start-up. Under js/wasm jsoncodec reads and writes JSON with its own code rather than encoding/json (smaller wasm). The Worker's CPU per estimate (process CPU in Node, V8's background threads included) covers syumai/workers' request and response handling and the full (not brief) report, as the API sends it; the reply is read as bytes, not decoded to a string (the client's work).", ""];
appendFileSync(md, L.join("\n"));
