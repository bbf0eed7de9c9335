// batch.mjs: the batch page in headless Chromium with a table of N companies:
// the time from picking the file to the downloadable table (the page's
// performance measure "batch": file picked → CSV ready), and the main
// thread's long tasks (over 50 ms) meanwhile.
//
//	node bench/browser/batch.mjs FILE.csv [runs]     (build/site and build/serve must exist)
import { startServer, launch } from "../../e2e/harness.mjs";

const [file, runsArg] = process.argv.slice(2);
const runs = Number(runsArg || 3);
const server = await startServer();
const browser = await launch();
const out = { file, runs: [] };
try {
  for (let i = 0; i < runs; i++) {
    const page = await browser.newPage();
    await page.addInitScript(() => {
      globalThis.__longtasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) globalThis.__longtasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: "longtask", buffered: true });
    });
    await page.goto(server.url + "batch.html");
    await page.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 60000 });
    await page.locator("#assessment-date").fill("2019-06-01");
    const wall0 = Date.now();
    await page.locator("#file").setInputFiles(file);
    await page.waitForFunction(() => document.documentElement.dataset.batch === "done", null, { timeout: 120000, polling: 50 });
    const wall = Date.now() - wall0;
    const r = await page.evaluate(() => {
      const m = performance.getEntriesByName("batch")[0];
      const start = performance.getEntriesByName("batch:start")[0].startTime;
      const tasks = globalThis.__longtasks.filter((t) => t.start >= start);
      return {
        ms: m.duration,
        rows: document.querySelectorAll("#results-body tr").length,
        summary: document.getElementById("results-summary").textContent,
        longTasks: tasks.length,
        longestTask: tasks.reduce((a, t) => Math.max(a, t.duration), 0),
      };
    });
    out.runs.push({ ...r, wall });
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
console.log(JSON.stringify(out, null, 2));
