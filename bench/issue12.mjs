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
// The Worker's first request, in each fresh process: worker-cpu.json's and worker-first-N.json's.
const firsts = [worker, ...[1, 2, 3, 4, 5, 6, 7].map((i) => read(`worker-first-${i}.json`))].filter((w) => w && w.first).map((w) => w.first);
const lh = read("lighthouse.json");
const lhMain = read("lighthouse-main.json");
const browser = read("browser.json");
const browserMain = read("browser-main.json");

const ms = (v) => (v == null ? "—" : v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`);
const us = (v) => (v == null ? "—" : `${v.toFixed(1)} µs`);
const kb = (v) => (v == null ? "—" : `${(v / 1000).toFixed(1)} kB`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return null;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const verdict = (v, max) => (v == null ? "not measured" : v <= max ? "met" : "**not met**");

// The slowest profile's median estimate in Node (the page's wasm).
const slowest = page ? Math.max(...page.results.map((r) => r.median)) * 1000 : null;
// The same with the page's call since issue 12, estimateLive.
const slowestLive = page && page.results.every((r) => r.live) ? Math.max(...page.results.map((r) => r.live.median)) * 1000 : null;
// The same as the page calls it now: each call given the number of the report before, reply parsed.
const slowestSince = page && page.results.every((r) => r.liveSince) ? Math.max(...page.results.map((r) => r.liveSince.median)) * 1000 : null;
const coldMarks = browser?.cold?.map((c) => c.mark).filter((v) => v != null) ?? [];
const cold = coldMarks.length ? median(coldMarks) : null;
const uiMedian = browser?.ui?.measures?.length ? median(browser.ui.measures) * 1000 : null;
// The engine's own time per estimate, measured where it runs (in its worker).
const engineMedian = browser?.ui?.engine?.length ? median(browser.ui.engine) * 1000 : null;
const audit = (id, l = lh) => l?.audits?.[id]?.numericValue ?? null;
const scoreOf = (l) => (l?.categories?.performance?.score != null ? Math.round(l.categories.performance.score * 100) : null);
const score = scoreOf(lh);

// The page's figures of one browser run (bench/browser/page.mjs).
function pageFigures(b) {
  if (!b) return {};
  const med = (xs) => { const v = xs.filter((x) => x != null && Number.isFinite(x)); return v.length ? median(v) : null; };
  const cold = med((b.cold || []).map((c) => c.mark));
  const floor = med((b.floor || []).map((f) => f.ms));
  const navFloor = med((b.navFloor || []).map((f) => f.ms));
  const late = b.ui?.late?.length ? [...b.ui.late].sort((x, y) => x - y) : null;
  const et = b.eventTiming;
  // Event Timing records only events of 16 ms or more: a quantile among the others is "< 16 ms" (reported as 8).
  const etq = (q) => {
    if (!et) return null;
    const xs = et.input.map((e) => e.duration).sort((x, y) => x - y);
    const i = Math.ceil(q * et.changes) - 1;
    const under = et.changes - xs.length;
    return i < under ? 8 : xs[i - under];
  };
  return {
    cold, floor, ratio: cold != null && floor ? cold / floor : null,
    navFloor, navRatio: cold != null && navFloor ? cold / navFloor : null,
    // Frames that began between an answer change and its result drawn: the 95th percentile, and the share in the first frame.
    lateP95: late ? late[Math.ceil(0.95 * late.length) - 1] : null,
    firstFrame: late ? late.filter((x) => x === 0).length / late.length : null,
    tbt: med((b.cold || []).map((c) => c.tbt)),
    etP50: etq(0.5), etP95: etq(0.95),
    drawn: b.ui?.layout?.length ? median(b.ui.layout) : null,
    estimate: b.ui?.measures?.length ? median(b.ui.measures) : null,
  };
}
const pw = pageFigures(browser);
const pm = pageFigures(browserMain);
const et = (v) => (v == null ? "—" : v <= 8 ? "< 16 ms" : ms(v));

const rows = [
  ["Node: instantiate the page's wasm", ms(before.node_instantiate_ms), ms(page?.instantiateMs), "", ""],
  ["Node: instantiated → ready (Go start-up, catalogue loaded)", ms(before.node_start_ms), ms(page?.startMs), "", ""],
  ["first estimate, cold cache, loopback (Chromium, median)", ms(before.first_estimate_cold_ms), ms(cold), "≤ 300 ms", verdict(cold, 300)],
  ["estimate median in Node (slowest profile; estimate(), the page's call before)", us(before.estimate_median_us), us(slowest), "", ""],
  ["estimate median in Node (slowest profile; estimateLive(), every result written)", us(before.estimate_median_us), us(slowestLive), "", ""],
  ["estimate median in Node (slowest profile; estimateLive() since the report before, reply parsed: the page's call now)", us(before.estimate_median_us), us(slowestSince), "≤ 500 µs", verdict(slowestSince, 500)],
  ["first estimate, cold ÷ the floor (fetch, compile, instantiate the wasm alone; same run)", before.first_estimate_floor_ratio == null ? "—" : `${before.first_estimate_floor_ratio.toFixed(2)}×`, pw.ratio == null ? "—" : `${pw.ratio.toFixed(2)}×`, "≤ 2×", pw.ratio == null ? "not measured" : pw.ratio <= 2 ? "met" : "**not met**"],
  ["first estimate, cold ÷ the floor as a page (a cold navigation to a page that only fetches, compiles and instantiates the wasm, timed from navigation start as the first estimate is; same run; not measured before)", "—", pw.navRatio == null ? "—" : `${pw.navRatio.toFixed(2)}× (floor ${ms(pw.navFloor)})`, "≤ 2×", pw.navRatio == null ? "not measured" : pw.navRatio <= 2 ? "met" : "**not met**"],
  ["total blocking time to the first estimate, cold (Chromium, median)", ms(before.page_tbt_ms), ms(pw.tbt), "", ""],
  ["answer change → next paint, Event Timing p50 (1,000 changes)", et(before.event_timing_p50_ms), et(pw.etP50), "", ""],
  ["answer change → next paint, Event Timing p95 (1,000 changes; the browser gives durations in steps of 8 ms, so 16 stands for 12 to 20 ms)", et(before.event_timing_p95_ms), et(pw.etP95), "≤ 16 ms", pw.etP95 == null ? "not measured" : pw.etP95 <= 16 ? "met" : "**not met**"],
  ["answer change → the frame that shows the result: frames begun before it was drawn, p95 (0: the first frame after the change; 1,000 changes; not measured before)", "—", pw.lateP95 == null ? "—" : `${pw.lateP95} (${(100 * pw.firstFrame).toFixed(1)}% in the first frame)`, "0 (one frame per answer)", pw.lateP95 == null ? "not measured" : pw.lateP95 === 0 ? "met" : "**not met**"],
  ["estimate median in the page (answer changes; with the engine in its worker: the round trip)", us(before.estimate_median_page_us), us(uiMedian), "≤ 500 µs", verdict(uiMedian, 500)],
  ["estimate median in the page, the engine's own time (in its worker: the estimate there, measured there; the page's thread before)", us(before.estimate_median_page_us), us(engineMedian), "≤ 500 µs", verdict(engineMedian, 500)],
  ["wasm raw", kb(before.wasm_raw_bytes), kb(size?.wasm?.raw), "", ""],
  ["wasm after brotli -q 11", kb(before.wasm_brotli_bytes), kb(size?.wasm?.brotli), "≤ 1000 kB", verdict(size?.wasm?.brotli, 1000000)],
  [`Worker: first request of an isolate, wall (Node, worker/cpu.mjs; median of ${firsts.length} fresh processes: ${firsts.map((f) => Math.round(f.wall_ms)).join(", ")} ms)`, ms(before.worker_first_wall_ms), ms(median(firsts.map((f) => f.wall_ms))), "≤ 100 ms", verdict(median(firsts.map((f) => f.wall_ms)), 100)],
  ["Worker: first request of an isolate, CPU (median; every thread of the process, V8's compile threads included)", "—", ms(median(firsts.map((f) => f.cpu_ms))), "", ""],
  ["Worker: CPU per estimate, p50 (each request's own process CPU, worker/cpu.mjs)", ms(before.worker_estimate_cpu_ms), ms(worker?.estimate?.cpu_p50_ms), "≤ 2 ms", verdict(worker?.estimate?.cpu_p50_ms, 2)],
  ["Worker: CPU per estimate, p95", "—", ms(worker?.estimate?.cpu_p95_ms), "", ""],
  ["Worker: CPU per estimate, mean (all requests' CPU ÷ their number: the garbage collections they cause included; the figure earlier runs gave as the p50)", "—", ms(worker?.estimate?.cpu_ms), "", ""],
  ["Lighthouse 12.8.2 performance (mobile)", String(before.lighthouse_performance), score == null ? "—" : String(score), "≥ 90", score == null ? "not measured" : score >= 90 ? "met" : "**not met**"],
  ["Lighthouse total blocking time", ms(before.lighthouse_tbt_ms), ms(audit("total-blocking-time")), "≤ 200 ms", verdict(audit("total-blocking-time"), 200)],
  ["Lighthouse largest contentful paint", ms(before.lighthouse_lcp_ms), ms(audit("largest-contentful-paint")), "≤ 2500 ms", verdict(audit("largest-contentful-paint"), 2500)],
];
const L = ["", "## Issue 12: before and after", "",
  `*Before*: ${before.source}; ${before.page_source}. *After*: this run (build/bench: page-today.json, size.json, worker-cpu.json, lighthouse.json, browser.json).`, "",
  "| measure | before | after | target | |", "|---|---:|---:|---|---|",
  ...rows.map((r) => `| ${r.join(" | ")} |`), "",
  "The page's wasm and the Worker load the catalogue compiled at build time (`go run ./cmd/compilerules`: engine.Compile, then engine.PrebuiltSource writes it as Go values in rules/compiled/catalogue_gen.go, loaded by engine.LoadPrebuilt): no JSON decoding, source texts, test cases, quote checks, expr type checks or SHA-256 at start-up. Under js/wasm jsoncodec reads and writes JSON with its own code rather than encoding/json (smaller wasm). The Worker's CPU per estimate (process CPU in Node, V8's background threads included) covers syumai/workers' request and response handling and the full (not brief) report, as the API sends it; the reply is read as bytes, not decoded to a string (the client's work).", ""];
// Side by side in this run: the engine in its Web Worker (the page's default) and on the page's thread (?engine=main).
if (lhMain || browserMain) {
  const lhRow = (label, f) => `| ${label} | ${f(lh)} | ${f(lhMain)} |`;
  const pr = (label, k, f) => `| ${label} | ${f(pw[k])} | ${f(pm[k])} |`;
  const x = (v) => (v == null ? "—" : `${v.toFixed(2)}×`);
  L.push("### The engine in a Web Worker (default) or on the page's thread, same run", "",
    "| measure | Web Worker (default) | main thread (`?engine=main`) |", "|---|---:|---:|",
    lhRow("Lighthouse performance (mobile)", (l) => (scoreOf(l) == null ? "—" : String(scoreOf(l)))),
    lhRow("Lighthouse total blocking time", (l) => ms(audit("total-blocking-time", l))),
    lhRow("Lighthouse largest contentful paint", (l) => ms(audit("largest-contentful-paint", l))),
    pr("first estimate, cold (median)", "cold", ms),
    pr("the floor (median)", "floor", ms),
    pr("cold ÷ floor", "ratio", x),
    pr("the floor as a page (median)", "navFloor", ms),
    pr("cold ÷ the floor as a page", "navRatio", x),
    pr("answer change → result in the first frame", "firstFrame", (v) => (v == null ? "—" : `${(100 * v).toFixed(1)}%`)),
    pr("total blocking time to the first estimate, cold", "tbt", ms),
    pr("Event Timing p50", "etP50", et),
    pr("Event Timing p95", "etP95", et),
    pr("answer change → result drawn (median)", "drawn", ms),
    pr("estimate in the page (median; worker: round trip)", "estimate", (v) => (v == null ? "—" : us(v * 1000))),
    "", "Both from this run: bench/lighthouse.sh build/bench/lighthouse.json and bench/lighthouse.sh build/bench/lighthouse-main.json '?engine=main'; bench/browser.sh runs bench/browser/page.mjs on the page and again on ?engine=main (browser.json, browser-main.json).", "");
}
appendFileSync(md, L.join("\n"));
