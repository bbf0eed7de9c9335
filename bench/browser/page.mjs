// bench/browser/page.mjs: the page in headless Chromium (bench/browser.sh runs it).
//
//   BENCH_URL=http://127.0.0.1:PORT/ node bench/browser/page.mjs OUT.json OUT.md
//
// The page is served by build/serve (bench/browser.sh starts and stops it) and
// loaded in Debian's Chromium with the flags of the browser tests
// (e2e/harness.mjs). It measures:
//   1. navigation → first estimate (the 'policycheck:first-estimate' mark):
//      cold (a new browser context each time: empty cache, no service worker)
//      and warm (reloads once the service worker controls the page, and new
//      tabs in the same context), with the split of the cold load;
//   2. the estimate inside the page over 1,000 answer changes: (a) changes
//      made through the questionnaire's own fields (the page's
//      'policycheck:estimate' measures), (b) globalThis.policycheck.estimate
//      called directly (JSON.stringify, the call, JSON.parse);
//   3. memory (JS heap after a forced GC, the Go program's wasm memory, DOM
//      counters) at start, after 1,000 and after 10,000 estimates.
// Every loop is bounded; the whole run takes about a minute.
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../../e2e/harness.mjs";
import { catalogue, walk } from "../../e2e/page.mjs";
import { profiles } from "../../e2e/profiles.mjs";

const BASE = process.env.BENCH_URL;
const [outJSON, outMD] = process.argv.slice(2);
if (!BASE || !outJSON || !outMD) {
  console.error("usage: BENCH_URL=http://127.0.0.1:PORT/ node bench/browser/page.mjs OUT.json OUT.md");
  process.exit(2);
}
const N = {
  cold: Number(process.env.BENCH_COLD || 5),
  warm: Number(process.env.BENCH_WARM || 5),
  warmup: 100, // unreported changes/calls before timing, so that V8 has optimised the code
  changes: Number(process.env.BENCH_CHANGES || 1000),
  calls: 1000,
  mem1: Number(process.env.BENCH_MEM1 || 1000),
  mem2: Number(process.env.BENCH_MEM2 || 10000),
  memSeconds: Number(process.env.BENCH_MEM_SECONDS || 80), // per series, after the first mem1
};
const MEASURE = "policycheck:estimate";
// The engine's own time per estimate, measured where it runs (in the Web
// Worker: performance.now() around the estimate there, sent back with the
// reply; on the page's thread: around the same call), as a measure of this name.
const ENGINE_MEASURE = "policycheck:engine";
const MARK = "policycheck:first-estimate";
const T0 = performance.now();
const log = (...a) => console.error(`bench/browser [${((performance.now() - T0) / 1000).toFixed(1)} s]:`, ...a);

// Set up in every page before its scripts run: keep the wasm instance (the
// page keeps its Go object private) and record long tasks.
function initScript() {
  const b = (globalThis.__bench = { instance: null, longTasks: [] });
  // Long tasks (≥ 50 ms on the main thread) from the start: total blocking time.
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, ms: e.duration });
    }).observe({ type: "longtask", buffered: true });
  } catch { /* no Long Tasks API */ }
  // Keep the instance (for the Go program's memory in the page's own
  // thread, ?engine=main); the start-up steps come from the engine's marks.
  for (const name of ["instantiateStreaming", "instantiate"]) {
    const orig = WebAssembly[name];
    if (typeof orig !== "function") continue;
    WebAssembly[name] = async function (...args) {
      const r = await orig.apply(this, args);
      b.instance = r instanceof WebAssembly.Instance ? r : r.instance;
      return r;
    };
  }
}

// The start-up of the page just loaded, from its own clock (ms since navigation start).
function startup() {
  const b = globalThis.__bench || {};
  const mark = performance.getEntriesByName("policycheck:first-estimate")[0];
  const nav = performance.getEntriesByType("navigation")[0];
  const res = performance.getEntriesByType("resource");
  const wasm = res.find((r) => /\.wasm$/.test(new URL(r.name).pathname));
  return {
    mark: mark ? mark.startTime : null,
    estimates: performance.getEntriesByName("policycheck:estimate").length,
    html: nav ? nav.responseEnd : null,
    domContentLoaded: nav ? nav.domContentLoadedEventStart : null,
    wasmStart: wasm ? wasm.startTime : null,
    wasmEnd: wasm ? wasm.responseEnd : null,
    wasmTransfer: wasm ? wasm.transferSize : null,
    wasmFromWorker: wasm ? wasm.workerStart > 0 : null,
    // Total blocking time until the first estimate: the part of each long task beyond 50 ms.
    tbt: mark ? (b.longTasks || []).filter((x) => x.start < mark.startTime).reduce((s, x) => s + Math.max(0, x.ms - 50), 0) : null,
    longest: Math.max(0, ...(b.longTasks || []).filter((x) => !mark || x.start < mark.startTime).map((x) => x.ms)),
    controlled: Boolean(navigator.serviceWorker && navigator.serviceWorker.controller),
    // The engine's own steps, wherever it runs (site/engine.js puts them on
    // the page's timeline as marks policycheck:engine:<step>).
    ...Object.fromEntries(["page-compiled", "worker", "scripts", "compiled", "instantiated", "ready", "estimate", "estimated"].map((k) => {
      const m = performance.getEntriesByName(`policycheck:engine:${k}`)[0];
      return [`e_${k}`, m ? m.startTime : null];
    })),
  };
}

async function waitReady(page) {
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 30000, polling: 5 });
}

async function load(page, how) {
  const t0 = performance.now();
  if (how === "reload") await page.reload({ waitUntil: "commit" });
  else await page.goto(BASE, { waitUntil: "commit" });
  await waitReady(page);
  const wall = performance.now() - t0;
  return { wall, ...(await page.evaluate(startup)) };
}

async function controlled(page) {
  return page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
    }
    return navigator.serviceWorker.controller.scriptURL;
  });
}

// A context for the in-page measurements: no service worker (its install
// would copy the 5 MB engine into Cache Storage while we time), and the page
// made cross-origin isolated (COEP on the document; the site already sends
// COOP same-origin and CORP same-origin) so that performance.now() has 5 µs
// resolution instead of 100 µs.
async function isolatedContext(browser) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  await context.addInitScript(initScript);
  await context.route((u) => u.pathname === "/" || u.pathname.endsWith(".html") || /\/engine-worker\.[0-9a-f]+\.js$/.test(u.pathname), async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, headers: { ...res.headers(), "cross-origin-embedder-policy": "require-corp" } });
  });
  return context;
}

const median = (xs) => quantile(xs, 0.5);
function quantile(xs, q) {
  const s = xs.filter((x) => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const i = (s.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return s[lo] + (s[hi] - s[lo]) * (i - lo);
}
function stats(xs) {
  return { n: xs.length, median: median(xs), p95: quantile(xs, 0.95), p10: quantile(xs, 0.1), p90: quantile(xs, 0.9), max: Math.max(...xs), mean: xs.reduce((a, b) => a + b, 0) / xs.length };
}

// In the page: drive n answer changes through the questionnaire's fields,
// alternately typing a count of invention patents and switching "in a maker
// space" between yes and no, as input events on the real inputs (the page's
// listeners run synchronously: read the form, estimate, update the DOM).
// Returns, per change, the page's 'policycheck:estimate' measures, the time of
// the event handler, and of the handler plus a forced style and layout.
// keep=false clears the measures after each change (the page clears only every 5,000
// them); keep=true leaves them, as the page does.
async function driveChanges(page, n, { keep = false, record = true } = {}) {
  return page.evaluate(async ([n, keep, record, MEASURE, ENGINE_MEASURE]) => {
    // Two number fields of the same screen (the flow keeps only the current screen in the DOM).
    const a = document.querySelector("#q-invention_patents");
    const b = document.querySelector("#screen-fields input[type=number]:not(#q-invention_patents)") || a;
    if (!a) throw new Error("field #q-invention_patents not found on the current screen");
    const st = (globalThis.__benchDrive ||= { k: 0 });
    const root = document.documentElement;
    const drawn = () => new Promise((resolve) => {
      if (root.dataset.busy !== "1") { resolve(); return; }
      const mo = new MutationObserver(() => { if (root.dataset.busy !== "1") { mo.disconnect(); resolve(); } });
      mo.observe(root, { attributes: true, attributeFilter: ["data-busy"] });
    });
    const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
    const out = { measures: [], engine: [], perChange: [], handler: [], layout: [], paint: [], late: [], counts: {} };
    let seen = performance.getEntriesByName(MEASURE).length;
    let seenEngine = performance.getEntriesByName(ENGINE_MEASURE).length;
    for (let i = 0; i < n; i++) {
      const k = st.k++;
      const input = k % 2 === 0 ? a : b;
      // late counts the frames that begin between the change and the
      // result drawn: 0 when the result is in the first frame after it.
      let late = 0;
      let tick = requestAnimationFrame(function count() { late++; tick = requestAnimationFrame(count); });
      const t0 = performance.now();
      input.value = String(1 + ((k >> 1) % 40));
      input.dispatchEvent(new Event("input", { bubbles: true }));
      const t1 = performance.now();
      await drawn(); // the estimate came back and the page drew it
      const t2 = performance.now();
      cancelAnimationFrame(tick);
      const t3 = await frame(); // the next frame after it
      if (record) {
        let ms;
        let em;
        if (keep) {
          const all = performance.getEntriesByName(MEASURE);
          ms = all.slice(seen);
          seen = all.length;
          const allE = performance.getEntriesByName(ENGINE_MEASURE);
          em = allE.slice(seenEngine);
          seenEngine = allE.length;
        } else {
          ms = performance.getEntriesByName(MEASURE);
          performance.clearMeasures(MEASURE);
          em = performance.getEntriesByName(ENGINE_MEASURE);
          performance.clearMeasures(ENGINE_MEASURE);
        }
        for (const m of ms) out.measures.push(m.duration);
        for (const m of em) out.engine.push(m.duration);
        out.perChange.push(ms.reduce((x, m) => x + m.duration, 0));
        out.counts[ms.length] = (out.counts[ms.length] || 0) + 1;
        out.handler.push(t1 - t0);
        out.layout.push(t2 - t0);
        out.paint.push(t3 - t0);
        out.late.push(late);
      } else if (!keep) {
        performance.clearMeasures(MEASURE);
        performance.clearMeasures(ENGINE_MEASURE);
      }
    }
    return out;
  }, [n, keep, record, MEASURE, ENGINE_MEASURE]);
}

// wasmURLPath(page) → the path of the wasm the page loaded: from the page's
// resource timing, or its engine worker's (the default: the worker fetches it).
async function wasmURLPath(page) {
  const find = () => {
    const r = performance.getEntriesByType("resource").find((e) => /\.wasm$/.test(new URL(e.name).pathname));
    return r ? new URL(r.name).pathname : "";
  };
  for (const where of [page, ...page.workers()]) {
    const p = await where.evaluate(find).catch(() => "");
    if (p) return p;
  }
  throw new Error("no wasm in the resource timing of the page or its workers");
}

// floor(browser) → what the same browser takes just to fetch, compile and
// instantiate the wasm, cold: a new context (empty HTTP cache), a page of
// the same origin that loads nothing (the site's 404 page, same CSP), then
// WebAssembly.instantiateStreaming(fetch(wasm)) with imports that do nothing
// (the Go program is not run). Times from the page's clock: the fetch call to
// the instance.
async function floor(browser, wasmPath) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  try {
    const page = await context.newPage();
    await page.goto(new URL("bench-floor-404", BASE).href);
    return await page.evaluate(async (url) => {
      const stub = new Proxy({}, { get: () => new Proxy({}, { get: () => () => 0 }) });
      const t0 = performance.now();
      const { instance } = await WebAssembly.instantiateStreaming(fetch(url, { credentials: "same-origin" }), stub);
      const t1 = performance.now();
      return { ms: t1 - t0, exports: Object.keys(instance.exports).length };
    }, new URL(wasmPath, BASE).href);
  } finally {
    await context.close();
  }
}

// navFloor(browser) → the floor as a navigation, timed as the first estimate
// is: a new context (empty HTTP cache), then bench-floor.html (bench/browser.sh
// serves it beside the site; bench/browser/floor.js), a page whose head only
// fetches, compiles and instantiates the wasm; the startTime of its mark, ms
// since navigation start. null when the page is not served (BENCH_URL
// pointing elsewhere).
async function navFloor(browser) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  try {
    const page = await context.newPage();
    const res = await page.goto(new URL("bench-floor.html", BASE).href, { waitUntil: "commit" });
    if (!res || !res.ok()) return null;
    await page.waitForFunction(() => document.documentElement.dataset.ready, null, { timeout: 30000, polling: 5 });
    return await page.evaluate(() => {
      const ready = document.documentElement.dataset.ready;
      if (ready !== "true") throw new Error(`the floor page failed: ${ready}`);
      return { ms: performance.getEntriesByName("bench-floor")[0].startTime };
    });
  } finally {
    await context.close();
  }
}

// eventTiming(page, n) makes n trusted answer changes (Playwright's fill:
// focus, select, insertText, so the browser dispatches a real input event),
// alternately on two count fields of the screen, each awaited until the page
// has drawn the result and painted; a PerformanceObserver of type 'event'
// (durationThreshold 16, the lowest the API allows) records each event's
// duration: from the input's timestamp to the next paint after its handlers
// (rounded by the browser to 8 ms). Changes without an entry took under 16 ms.
async function eventTiming(page, n) {
  await page.evaluate(() => {
    const st = (globalThis.__benchET = { entries: [] });
    st.po = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) st.entries.push({ name: e.name, start: e.startTime, duration: e.duration, processing: e.processingEnd - e.processingStart, delay: e.processingStart - e.startTime, id: e.interactionId || 0 });
    });
    st.po.observe({ type: "event", durationThreshold: 16, buffered: false });
  });
  const a = page.locator("#q-invention_patents");
  const other = page.locator("#screen-fields input[type=number]:not(#q-invention_patents)");
  const b = (await other.count()) ? other.first() : a;
  const painted = () => page.evaluate(() => new Promise((resolve) => {
    const root = document.documentElement;
    const after = () => requestAnimationFrame(() => setTimeout(resolve, 0));
    if (root.dataset.busy !== "1") { after(); return; }
    const mo = new MutationObserver(() => { if (root.dataset.busy !== "1") { mo.disconnect(); after(); } });
    mo.observe(root, { attributes: true, attributeFilter: ["data-busy"] });
  }));
  const t0 = performance.now();
  for (let k = 0; k < n; k++) {
    await (k % 2 === 0 ? a : b).fill(String(1 + ((k >> 1) % 40)));
    await painted();
  }
  const seconds = (performance.now() - t0) / 1000;
  await page.waitForTimeout(300);
  return page.evaluate(([n, seconds]) => {
    const st = globalThis.__benchET;
    for (const e of st.po.takeRecords()) st.entries.push({ name: e.name, start: e.startTime, duration: e.duration, processing: e.processingEnd - e.processingStart, delay: e.processingStart - e.startTime, id: e.interactionId || 0 });
    st.po.disconnect();
    const inputs = st.entries.filter((e) => e.name === "input");
    return { changes: n, seconds, input: inputs, other: st.entries.filter((e) => e.name !== "input"), counts: performance.eventCounts ? performance.eventCounts.get("input") : null };
  }, [n, seconds]);
}

// The quantile of n changes of which only those at or above 16 ms have an
// entry: null when the quantile falls among the others (under 16 ms).
function etQuantile(et, q) {
  const xs = et.input.map((e) => e.duration).sort((x, y) => x - y);
  const i = Math.ceil(q * et.changes) - 1; // nearest-rank
  const under = et.changes - xs.length;
  return i < under ? null : xs[i - under];
}

// toScreenWith(page, id) goes back through the flow to the screen holding the field #id.
async function toScreenWith(page, id) {
  for (let i = 0; i < 10 && !(await page.locator(`#${id}`).count()); i++) await page.locator("#prev-screen").click();
}

// In the page: n direct calls of globalThis.policycheck.estimate with varying
// answers (the three test profiles, varying a count and a yes/no answer),
// each timed with performance.now() from JSON.stringify of the answers to
// JSON.parse of the report, as engine.js does.
async function directCalls(page, n, { record = true } = {}) {
  return page.evaluate(async ([n, record, profiles]) => {
    const st = (globalThis.__benchDirect ||= { k: 0 });
    const times = [];
    let bytes = 0;
    let errors = 0;
    for (let i = 0; i < n; i++) {
      const k = st.k++;
      const p = profiles[k % profiles.length];
      const answers = { ...p.answers, invention_patents: k % 17, size_sector: "software", headcount: k % 2 === 0 ? 20 : 150, revenue_last_year: 50000000 };
      const t0 = performance.now();
      const report = await globalThis.policycheckPage.estimate(answers, p.date, true);
      const t1 = performance.now();
      if (report.error) errors++;
      bytes += report.results ? report.results.length : 0;
      if (record) times.push(t1 - t0);
    }
    return { times, errors, avgChars: bytes / n };
  }, [n, record, profiles.map((p) => ({ answers: p.answers, date: p.date }))]);
}

async function memory(page, cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = await cdp.send("Runtime.getHeapUsage");
  const dom = await cdp.send("Memory.getDOMCounters");
  const page2 = await page.evaluate(() => ({
    wasm: globalThis.__bench && globalThis.__bench.instance ? globalThis.__bench.instance.exports.mem.buffer.byteLength : null,
    jsHeapAPI: performance.memory ? performance.memory.usedJSHeapSize : null,
    measures: performance.getEntriesByName("policycheck:estimate").length,
  }));
  return { jsHeap: heap.usedSize, jsHeapTotal: heap.totalSize, blinkHeap: heap.embedderHeapUsedSize ?? null, nodes: dom.nodes, listeners: dom.jsEventListeners, ...page2 };
}

async function memorySeries(browser, kind, drive, { clearAfter = false } = {}) {
  const context = await browser.newContext({ serviceWorkers: "block" });
  await context.addInitScript(initScript);
  try {
    const page = await context.newPage();
    await page.goto(BASE);
    await waitReady(page);
    const cat = await catalogue(page);
    await walk(page, cat, profiles[0]); await toScreenWith(page, "q-invention_patents");
    const cdp = await context.newCDPSession(page);
    const points = [{ after: 0, ...(await memory(page, cdp)) }];
    // Bounded twice: by the count, and by a deadline (a slow or loaded
    // machine stops early and says so).
    const deadline = performance.now() + N.memSeconds * 1000;
    let done = 0;
    let capped = false;
    for (const target of [N.mem1, N.mem2]) {
      const t0 = performance.now();
      while (done < target) {
        if (done >= N.mem1 && performance.now() > deadline) {
          capped = true;
          break;
        }
        const step = Math.min(500, target - done);
        await drive(page, step);
        done += step;
      }
      points.push({ after: done, seconds: (performance.now() - t0) / 1000, capped, ...(await memory(page, cdp)) });
      log(`memory (${kind}): ${done} estimates${capped ? ` (stopped at the ${N.memSeconds} s deadline)` : ""}`);
      if (capped) break;
    }
    if (clearAfter) {
      // What the kept measures cost: the same page once they are cleared.
      await page.evaluate((name) => performance.clearMeasures(name), MEASURE);
      points.push({ after: done, cleared: true, ...(await memory(page, cdp)) });
    }
    return points;
  } finally {
    await context.close();
  }
}

// domCounts(page) → the DOM the page keeps: elements, and all nodes (text included).
async function domCounts(page) {
  return page.evaluate(() => {
    let nodes = 0;
    const w = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
    while (w.nextNode()) nodes++;
    const report = document.querySelector("#report");
    return {
      elements: document.getElementsByTagName("*").length,
      nodes,
      reportElements: report ? report.getElementsByTagName("*").length : 0,
      cards: document.querySelectorAll(".card").length,
    };
  });
}

// BENCH_QUICK=1: only the in-page timings (no loads, no memory), a JSON file
// and a summary on stderr; for comparing builds side by side.
const QUICK = Boolean(process.env.BENCH_QUICK);

async function main() {
  const started = performance.now();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const cleanup = async () => { try { await browser.close(); } catch { /* gone */ } };
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, async () => { await cleanup(); process.exit(130); });
  const result = { url: BASE, loadBefore: loadavg(), machine: machine(), commandLines: (process.env.BENCH_COMMANDS || "").split("\n").filter(Boolean), chromium: browser.version(), args: CHROMIUM_ARGS, n: N };
  try {
    // 1. Cold: a new context each time (empty HTTP cache, no service worker).
    if (!QUICK) {
    log(`cold loads (${N.cold} new contexts)`);
    result.load = { cold: loadavg() };
    result.cold = [];
    result.floor = [];
    let wasmPath = "";
    let warmContext = null;
    let warmPage = null;
    for (let i = 0; i < N.cold; i++) {
      const context = await browser.newContext();
      await context.addInitScript(initScript);
      const page = await context.newPage();
      result.cold.push(await load(page, "goto"));
      // The floor, side by side with each cold load.
      wasmPath ||= await wasmURLPath(page);
      result.floor.push(await floor(browser, wasmPath));
      const nav = await navFloor(browser);
      if (nav) (result.navFloor ||= []).push(nav);
      if (i === N.cold - 1) {
        warmContext = context;
        warmPage = page;
      } else {
        await context.close();
      }
    }
    // Warm: the last cold context, once the service worker controls the page.
    log(`warm: reloads (${N.warm}) and new tabs (${N.warm}) under the service worker`);
    await controlled(warmPage);
    result.warmReload = [];
    for (let i = 0; i < N.warm; i++) result.warmReload.push(await load(warmPage, "reload"));
    result.warmTab = [];
    for (let i = 0; i < N.warm; i++) {
      await warmPage.close();
      warmPage = await warmContext.newPage();
      result.warmTab.push(await load(warmPage, "goto"));
    }
    await warmContext.close();
    }

    // 2. The estimate inside the page.
    result.load ||= {};
    result.load.latency = loadavg();
    log(`estimate latency: ${N.changes} answer changes through the questionnaire, ${N.calls} direct calls`);
    {
      const context = await isolatedContext(browser);
      try {
        const page = await context.newPage();
        await page.goto(BASE);
        await waitReady(page);
        const env = await page.evaluate(() => ({ isolated: globalThis.crossOriginIsolated }));
        result.isolated = env.isolated;
        const cat = await catalogue(page);
        const t0 = performance.now();
        await walk(page, cat, profiles[0]); await toScreenWith(page, "q-invention_patents");
        result.fillSeconds = (performance.now() - t0) / 1000;
        result.dom = await domCounts(page);
        result.profile = profiles[0].name;
        await driveChanges(page, N.warmup, { record: false });
        result.ui = await driveChanges(page, N.changes);
        log(`event timing: ${N.changes} trusted answer changes`);
        await eventTiming(page, N.warmup);
        result.eventTiming = await eventTiming(page, N.changes);
        await directCalls(page, N.warmup, { record: false });
        result.direct = await directCalls(page, N.calls);
      } finally {
        await context.close();
      }
    }

    // 3. Memory: estimates through the questionnaire (the page keeps its
    // measures, as it does in use), and direct calls.
    log(`memory: ${N.mem2} answer changes, ${N.mem2} direct calls`);
    result.load.memory = loadavg();
    if (!process.env.BENCH_SKIP_MEMORY && !QUICK) {
      result.memoryUI = await memorySeries(browser, "answer changes", (page, n) => driveChanges(page, n, { keep: true, record: false }), { clearAfter: true });
      result.memoryDirect = await memorySeries(browser, "direct calls", (page, n) => directCalls(page, n, { record: false }));
    }
  } finally {
    await cleanup();
  }
  result.loadAfter = loadavg();
  result.seconds = (performance.now() - started) / 1000;
  writeFileSync(outJSON, JSON.stringify(result, null, 1) + "\n");
  if (QUICK) {
    const et = result.eventTiming;
    const q = (x) => { const v = etQuantile(et, x); return v === null ? "<16" : v.toFixed(0); };
    const st = (xs) => `p50 ${dur(median(xs))} p95 ${dur(quantile(xs, 0.95))}`;
    console.error(`${BASE}: ET p50 ${q(0.5)} p95 ${q(0.95)} p99 ${q(0.99)} (${et.input.length}/${et.changes} >= 16 ms); paint ${st(result.ui.paint)}; late frames ${result.ui.late.filter((x) => x > 0).length}/${result.ui.late.length}; drawn ${st(result.ui.layout)}; handler ${st(result.ui.handler)}; round trip ${st(result.ui.measures)}; engine in worker ${st(result.ui.engine)}; direct ${st(result.direct.times)}; dom ${JSON.stringify(result.dom)}; load ${result.load.latency} -> ${result.loadAfter}`);
    return;
  }
  writeFileSync(outMD, markdown(result));
}

function loadavg() {
  try { return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "); } catch { return os.loadavg().map((x) => x.toFixed(2)).join(" "); }
}
function machine() {
  const cpus = os.cpus();
  return `${cpus[0] ? cpus[0].model.trim() : "?"}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB`;
}

// Formatting.

function dur(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1) return `${(ms * 1000).toFixed(1)} µs`;
  if (ms < 100) return `${ms.toFixed(2)} ms`;
  return `${ms.toFixed(0)} ms`;
}
function mb(bytes) {
  return bytes === null || bytes === undefined ? "—" : `${(bytes / 1048576).toFixed(2)} MB`;
}
function pct(a, b) {
  if (!a || b === null || b === undefined) return "—";
  const p = ((b - a) / a) * 100;
  return `${p >= 0 ? "+" : ""}${p.toFixed(1)}%`;
}

function markdown(r) {
  const s = (rows, key) => median(rows.map((x) => x[key]));
  const split = (rows) => {
    const x = {};
    for (const k of ["wall", "html", "domContentLoaded", "wasmStart", "wasmEnd", "mark", "tbt", "longest", "e_page-compiled", "e_worker", "e_scripts", "e_compiled", "e_instantiated", "e_ready", "e_estimate", "e_estimated"]) x[k] = s(rows, k);
    const diff = (a, b) => {
      const v = rows.filter((r) => r[a] !== null && r[b] !== null && r[a] !== undefined && r[b] !== undefined).map((r) => r[b] - r[a]);
      return v.length ? median(v) : null;
    };
    x.download = diff("wasmStart", "wasmEnd");
    x.compileTail = diff("wasmEnd", "e_page-compiled");
    x.handOver = diff("e_page-compiled", "e_compiled");
    x.goStart = diff("e_instantiated", "e_ready");
    x.waitEstimate = diff("e_ready", "e_estimate");
    x.firstEngine = diff("e_estimate", "e_estimated");
    x.toMark = diff("e_estimated", "mark");
    x.min = Math.min(...rows.map((v) => v.mark));
    x.max = Math.max(...rows.map((v) => v.mark));
    return x;
  };
  const cold = split(r.cold);
  const warm = split(r.warmReload);
  const tab = split(r.warmTab);
  const ui = stats(r.ui.measures);
  const uiChange = stats(r.ui.perChange);
  const handler = stats(r.ui.handler);
  const layout = stats(r.ui.layout);
  const paint = stats(r.ui.paint);
  const direct = stats(r.direct.times);
  const list = (rows, key) => rows.map((x) => dur(x[key])).join(", ");
  const met = (ok) => (ok ? "met" : "**not met**");
  const range = (x) => `${dur(x.min)}–${dur(x.max)}`;

  const L = [];
  L.push("## 2. The page in headless Chromium", "");
  L.push(`The built page (build/site) served by \`build/serve\` on 127.0.0.1 and loaded in Debian's Chromium ${r.chromium} (headless, driven by playwright-core with the flags of e2e/harness.mjs), measured by \`bench/browser/page.mjs\`. First-estimate times are the page's own clock: the \`startTime\` of \`performance.mark('${MARK}')\`, ms since navigation start; *wall* is from the harness starting the navigation to it seeing \`html[data-ready="true"]\` (it adds the start of the renderer process and the harness's round trips). Estimate times are the page's \`performance.measure('${MEASURE}')\`: JSON.stringify of the answers, the call into Go and back, JSON.parse of the report.`, "");
  L.push("```", ...(r.commandLines || []), "```", "");

  L.push("| measure | median | p95 | target | |", "|---|---:|---:|---|---|");
  L.push(`| **a full estimate in the page, answers changed through the questionnaire** (${r.ui.measures.length} estimates from ${r.ui.perChange.length} answer changes) | **${dur(ui.median)}** | ${dur(ui.p95)} | ≤ 1 ms median | ${met(ui.median <= 1)} |`);
  if (r.ui.measures.length !== r.ui.perChange.length) L.push(`| the same, all the estimates of one answer change | ${dur(uiChange.median)} | ${dur(uiChange.p95)} | | |`);
  L.push(`| the page's whole input handler: read the form, estimate, update the DOM | ${dur(handler.median)} | ${dur(handler.p95)} | | |`);
  L.push(`| answer change until the result is drawn (estimate in the worker and back, DOM updated) | ${dur(layout.median)} | ${dur(layout.p95)} | | |`);
  if (r.ui.late && r.ui.late.length) {
    const late = stats(r.ui.late);
    const first = r.ui.late.filter((x) => x === 0).length;
    L.push(`| **answer change → the frame that shows the result**: frames that began before the result was drawn (0: it is in the first frame after the change; ${first} of ${r.ui.late.length} changes, ${(100 * first / r.ui.late.length).toFixed(1)}%, most ${late.max}) | **${+late.median.toFixed(2)}** | **${+late.p95.toFixed(2)}** | 0 at p95 (one frame per answer) | ${met(late.p95 === 0)} |`);
  }
  L.push(`| answer change to the next frame (requestAnimationFrame after the result is drawn; ${r.ui.paint.length} changes, each made just after a frame began, so one frame interval, 16.7 ms at 60 Hz, when the result is in the next frame) | ${dur(paint.median)} | ${dur(paint.p95)} | | |`);
  const et = r.eventTiming;
  if (et) {
    const q = (x) => { const v = etQuantile(et, x); return v === null ? "< 16 ms" : dur(v); };
    const p95 = etQuantile(et, 0.95);
    L.push(`| **answer → next paint, Event Timing** (\`PerformanceObserver\` type 'event', durationThreshold 16: input timestamp to the next paint; ${et.changes} trusted changes by Playwright's fill; ${et.input.length} reached 16 ms, longest ${et.input.length ? dur(Math.max(...et.input.map((e) => e.duration))) : "—"}) | **${q(0.5)}** | **${q(0.95)}** | ≤ 16 ms p95 | ${met(p95 === null || p95 <= 16)} |`);
  }
  L.push(`| \`policycheck.estimate\` called directly from JavaScript (${r.direct.times.length} calls; stringify, call, parse; report ≈ ${(r.direct.avgChars / 1000).toFixed(0)} k chars) | ${dur(direct.median)} | ${dur(direct.p95)} | | |`);
  L.push(`| **first estimate, cold**: new browser context, empty cache, no service worker yet (${r.cold.length} loads; ${range(cold)}) | **${dur(cold.mark)}** | | ≤ 300 ms | ${met(cold.mark <= 300)} |`);
  L.push(`| first estimate, cold, wall | ${dur(cold.wall)} | | | |`);
  if (r.floor && r.floor.length) {
    const fl = median(r.floor.map((x) => x.ms));
    L.push(`| **the floor**: the same browser only fetching, compiling and instantiating the wasm (\`instantiateStreaming(fetch(wasm))\`, no-op imports, not run), cold, on a page already loaded, timed from the fetch call (so without the navigation the first estimate's time includes), side by side with each cold load (${r.floor.length}; ${r.floor.map((x) => dur(x.ms)).join(", ")}) | **${dur(fl)}** | | | |`);
    L.push(`| first estimate, cold ÷ floor | **${(cold.mark / fl).toFixed(2)}×** | | ≤ 2× | ${met(cold.mark / fl <= 2)} |`);
  }
  if (r.navFloor && r.navFloor.length) {
    const fl = median(r.navFloor.map((x) => x.ms));
    L.push(`| **the floor as a page**: a cold navigation (new context) to a page whose head only fetches, compiles and instantiates the wasm (bench/browser/floor.js), timed as the first estimate is, from navigation start; side by side with each cold load (${r.navFloor.length}; ${r.navFloor.map((x) => dur(x.ms)).join(", ")}) | **${dur(fl)}** | | | |`);
    L.push(`| first estimate, cold ÷ the floor as a page | **${(cold.mark / fl).toFixed(2)}×** | | ≤ 2× | ${met(cold.mark / fl <= 2)} |`);
  }
  L.push(`| total blocking time until the first estimate, cold (long tasks beyond 50 ms; longest task ${dur(cold.longest)}) | ${dur(cold.tbt)} | | | |`);
  L.push(`| first estimate, warm: reloads under the service worker (${r.warmReload.length}; ${range(warm)}) | ${dur(warm.mark)} | | | |`);
  L.push(`| first estimate, warm, reload, wall | ${dur(warm.wall)} | | | |`);
  L.push(`| first estimate, warm: new tabs in the same profile (${r.warmTab.length}; ${range(tab)}) | ${dur(tab.mark)} | | | |`);
  L.push(`| first estimate, warm, new tab, wall | ${dur(tab.wall)} | | | |`);
  L.push("");

  L.push("Where the time to the first estimate goes (medians of each step over the loads, ms since navigation start; from resource timing and the engine's own marks `policycheck:engine:<step>`, which site/engine.js puts on the page's timeline from wherever the engine runs; a step the engine did not take in that load, such as a worker in a warm tab that reuses nothing, shows —):", "");
  L.push("| step | cold | warm (reload) | warm (new tab) |", "|---|---:|---:|---:|");
  const row = (name, k) => L.push(`| ${name} | ${dur(cold[k])} | ${dur(warm[k])} | ${dur(tab[k])} |`);
  row("HTML received", "html");
  row("wasm request starts (the page's fetch, engine-start.js)", "wasmStart");
  row("wasm received", "wasmEnd");
  row("the engine's Web Worker starts running its script", "e_worker");
  row("the worker's scripts loaded (wasm_exec.js, wasm-boot.js, engine-core.js)", "e_scripts");
  row("DOMContentLoaded (the module scripts have run)", "domContentLoaded");
  row("the page has the compiled module", "e_page-compiled");
  row("the compiled module is in the worker", "e_compiled");
  row("instantiated", "e_instantiated");
  row("Go ready: runtime started, catalogue loaded", "e_ready");
  row("the first estimate starts in the engine", "e_estimate");
  row("the first estimate ends in the engine", "e_estimated");
  row("first estimate rendered (the mark)", "mark");
  row("— download of the wasm (received − request)", "download");
  row("— the compile's end on the page (page has the module − wasm received)", "compileTail");
  row("— the hand-over to the worker (module in the worker − page has the module)", "handOver");
  row("— **Go start-up and catalogue load** (ready − instantiated)", "goStart");
  row("— ready → the first estimate starts (it was asked for with the load, and waits in the worker)", "waitEstimate");
  row("— **the first estimate in the engine** (its code runs for the first time)", "firstEngine");
  row("— the reply to the page, JSON.parse and rendering (mark − estimate ends)", "toMark");
  L.push("");
  L.push(`Each load's mark: cold ${list(r.cold, "mark")}; warm reload ${list(r.warmReload, "mark")}; new tab ${list(r.warmTab, "mark")}.`, "");

  if (r.memoryUI) {
  L.push("Memory, after a forced garbage collection (CDP HeapProfiler.collectGarbage, Runtime.getHeapUsage, Memory.getDOMCounters; wasm: the Go instance's `mem.buffer.byteLength`, which never shrinks, so it is the high-water mark of the Go heap):", "");
  L.push(`| estimates | JS heap used | Blink heap | wasm memory | DOM nodes | JS listeners | \`${MEASURE}\` entries |`, "|---|---:|---:|---:|---:|---:|---:|");
  const memRows = (label, pts) => {
    for (const p of pts) L.push(`| ${label}: ${p.after.toLocaleString("en")}${p.capped ? " (deadline)" : ""}${p.cleared ? `, then \`clearMeasures('${MEASURE}')\`` : ""} | ${mb(p.jsHeap)} | ${mb(p.blinkHeap)} | ${mb(p.wasm)} | ${p.nodes} | ${p.listeners} | ${p.measures} |`);
  };
  memRows("answer changes", r.memoryUI);
  memRows("direct calls", r.memoryDirect);
  L.push("");
  const verdict = (pts) => {
    const a = pts.find((p) => p.after === N.mem1 && !p.cleared);
    const b = pts.filter((p) => !p.cleared).pop();
    if (!a || b === a) return { ok: false, text: "not measured" };
    const grow = (k) => (b[k] - a[k]) / a[k];
    const ok = grow("jsHeap") < 0.1 && grow("wasm") < 0.1;
    const per = (k) => `${((b[k] - a[k]) / (b.after - a.after)).toFixed(0)} B`;
    return { ok, text: `from ${a.after.toLocaleString("en")} to ${b.after.toLocaleString("en")}: JS heap ${pct(a.jsHeap, b.jsHeap)} (${per("jsHeap")} per estimate), Blink heap ${pct(a.blinkHeap, b.blinkHeap)} (${per("blinkHeap")} per estimate), wasm ${pct(a.wasm, b.wasm)}` };
  };
  const vu = verdict(r.memoryUI);
  const vd = verdict(r.memoryDirect);
  L.push(`Verdict (JS heap and wasm memory each under 10% growth): answer changes ${vu.text}: **${vu.ok ? "bounded" : "grows"}**; direct calls ${vd.text}: **${vd.ok ? "bounded" : "grows"}**.`);
  const last = r.memoryUI.filter((p) => !p.cleared).pop();
  const cleared = r.memoryUI.find((p) => p.cleared);
  if (last && cleared) L.push(`The page's performance timeline keeps one \`${MEASURE}\` entry per estimate and clears them every 5,000 estimates (site/engine.js), so it stays bounded. Clearing the ${last.measures.toLocaleString("en")} entries frees ${mb(last.blinkHeap - cleared.blinkHeap)} of Blink heap and ${mb(last.jsHeap - cleared.jsHeap)} of JS heap (about ${((last.blinkHeap - cleared.blinkHeap + last.jsHeap - cleared.jsHeap) / last.measures).toFixed(0)} B per estimate); the engine itself (wasm memory, and the JS heap of the direct calls) stays flat.`);
  L.push("");

  }
  L.push("Notes:", "");
  L.push(`- Machine load average (1, 5, 15 min; Chromium itself keeps both cores busy): ${r.loadBefore || "?"} before, ${r.load?.latency || "?"} when the in-page timing starts, ${r.loadAfter || "?"} after; ${r.machine || ""}. The browser run took ${r.seconds.toFixed(0)} s. On this shared 2-core machine the in-page medians moved by up to ±30% between runs.`);
  L.push(`- Cold: a new browser context for each load (its own empty HTTP cache and a new renderer process, so no compiled wasm is reused); as on a first visit, no service worker controls the page; site/pwa.js registers one only once the first estimate is shown, so its install (downloading the files again into Cache Storage) comes after the mark, not during the load. Warm: the last cold context once its service worker controls the page, reloaded in the same tab (V8 may reuse the module compiled in that process), then in new tabs (files and compiled wasm code from the service worker's cache).`);
  L.push(`- build/serve sends the wasm uncompressed (${mb(r.cold[0].wasmTransfer)}); on loopback its download is short, so the cold figure is mostly work in the browser: the module scripts, compiling the wasm, and Go's start-up running freshly (lazily, baseline-) compiled wasm code, on a cold JIT throughout. Over a real network the download of the brotli-compressed wasm (section 3) comes on top.`);
  L.push(`- Estimate latency: ${r.profile} (e2e/profiles.mjs) answered by visible label (e2e/page.mjs walk, the flow screen by screen), back on the IP screen; then ${N.warmup} unreported changes; then ${N.changes} changes inside one page.evaluate, alternately typing two counts of that screen (input events), each awaited until the page has drawn the result and the next animation frame. Estimates per change: ${Object.entries(r.ui.counts).map(([k, v]) => `${v} changes with ${k}`).join(", ")} (the page re-estimates when it has to drop answers to questions no longer asked).`);
  L.push(`- Direct calls: ${N.warmup} unreported, then ${N.calls} calls of \`globalThis.policycheckPage.estimate(answers, date, true)\` (to the engine's Web Worker and back, JSON.parse included) over the three test profiles with a varying count and yes/no answer, in a tight loop (no DOM work between calls); errors: ${r.direct.errors}.`);
  L.push(`- For the in-page timings the harness adds a COEP header to the document (the site already sends COOP and CORP same-origin), so that the page is cross-origin isolated and performance.now() has 5 µs resolution instead of 100 µs (crossOriginIsolated: ${r.isolated}); the service worker is blocked there.`);
  L.push(`- Memory: a fresh page with the same profile, driven as above (without forced layout), and a fresh page for the direct calls. The answer-change series keeps the page's \`${MEASURE}\` entries, as the page does in use (one entry per estimate, in Blink's heap, cleared every 5,000). DOM nodes are the renderer's counter (text nodes and nodes not yet collected included). Each series stops after ${N.memSeconds} s past the first ${N.mem1.toLocaleString("en")} if the machine is slow.`);
  L.push("");
  return L.join("\n");
}

main().catch((err) => {
  console.error("bench/browser:", err && err.stack || err);
  process.exit(1);
});
