// Browser tests of the installable, offline page (service worker, manifest,
// update flow) in Debian's Chromium with a persistent profile.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, appendFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, controlled, record, root, startServer, waitReady, screenshotPath } from "./harness.mjs";
import { profiles } from "./profiles.mjs";
import { catalogue, engineReport, eventually, shownReport as shown, walk } from "./page.mjs";

const tmp = mkdtempSync(path.join(os.tmpdir(), "policycheck-pwa-"));
let server;
let context;
let rec;
let page;

test.before(async () => {
  server = await startServer();
  context = await chromium.launchPersistentContext(path.join(tmp, "profile"), {
    executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport: { width: 1280, height: 900 },
  });
  rec = await record(context);
  page = context.pages()[0] || await context.newPage();
});
test.after(async () => {
  await context?.close();
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function swBuild(p) {
  return p.evaluate(() => new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = (e) => resolve(e.data);
    navigator.serviceWorker.controller.postMessage({ type: "GET_BUILD" }, [ch.port2]);
  }));
}

test("installable: manifest, service worker in control, no installability errors", async () => {
  await page.goto(server.url);
  await waitReady(page);
  assert.match(await controlled(page), /\/sw\.js$/);
  const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel="manifest"]').href)).json());
  assert.ok(manifest.name.includes("科创政策自测") && /[A-Za-z]/.test(manifest.name), manifest.name);
  assert.ok(manifest.short_name);
  assert.equal(manifest.display, "standalone");
  assert.equal(manifest.start_url, "./");
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/i);
  assert.match(manifest.background_color, /^#[0-9a-f]{6}$/i);
  const sizes = manifest.icons.map((i) => `${i.sizes}:${i.purpose || "any"}`);
  for (const want of ["192x192:any", "512x512:any", "512x512:maskable"]) assert.ok(sizes.includes(want), `icon ${want} in ${sizes}`);
  for (const icon of manifest.icons) {
    const status = await page.evaluate(async (src) => (await fetch(src)).status, icon.src);
    assert.equal(status, 200, icon.src);
  }
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
  assert.deepEqual(installabilityErrors, []);
  assert.deepEqual(rec.violations, []);
});

async function answerSome(p, cat) {
  return walk(p, cat, profiles[0]);
}

test("offline: reload with the network cut keeps the answers and the result; a copied link restores them offline", async () => {
  await page.goto(server.url);
  await waitReady(page);
  await controlled(page);
  const cat = await catalogue(page);
  const { answered } = await answerSome(page, cat);
  const online = await shown(page);
  const onlineReport = await engineReport(page, answered, profiles[0].date);
  await page.locator("#copy-link").click();
  const link = await page.locator("#share-link").inputValue();
  assert.match(link, /#a=[A-Za-z0-9_-]+$/);
  await context.setOffline(true);
  try {
    const t0 = Date.now();
    await page.reload();
    await waitReady(page);
    const wall = Date.now() - t0;
    const mark = await page.evaluate(() => performance.getEntriesByName("policycheck:first-estimate")[0]?.startTime);
    console.log(`# offline reload to first estimate: ${Math.round(mark)} ms (performance mark), ${wall} ms wall`);
    // Playwright's offline emulation does not always reach the reloaded
    // document's navigator.onLine; apply it again so the page sees it.
    if (await page.evaluate(() => navigator.onLine)) {
      await context.setOffline(false);
      await context.setOffline(true);
    }
    await eventually(async () => assert.equal(await page.locator("#app-status [data-state=offline]").isVisible(), true, await page.locator("#app-status").evaluate((e) => e.outerHTML + " " + getComputedStyle(e).display + " online=" + navigator.onLine)));
    const statusText = await page.locator("#app-status").textContent();
    assert.match(statusText, /离线/);
    assert.match(statusText, /本机/); // answers stay on the device, said offline too
    // The answers survived the reload (this tab's storage): the same result.
    await eventually(async () => assert.deepEqual(await shown(page), online));
    assert.deepEqual(await engineReport(page, answered, profiles[0].date), onlineReport);
    await page.screenshot({ path: screenshotPath("offline-desktop") });
    // The link, opened in a new tab (no tab storage) while offline, restores the answers.
    const tab = await context.newPage();
    await tab.goto(link);
    await waitReady(tab);
    await eventually(async () => assert.deepEqual(await shown(tab), online));
    assert.equal(new URL(tab.url()).hash, "", "the answers are taken out of the address once restored");
    await tab.screenshot({ path: screenshotPath("link-restored-offline-desktop") });
    await tab.close();
  } finally {
    await context.setOffline(false);
  }
  assert.deepEqual(rec.violations, []);
});

test("update: a changed build is offered, only changed files are downloaded, and accepting loads the new build whole", async () => {
  await page.goto(server.url);
  await waitReady(page);
  await controlled(page);
  const oldBuild = (await swBuild(page)).build;
  // A second build: the style changes, the engine does not.
  const src = path.join(tmp, "site2-src");
  cpSync(path.join(root, "site"), src, { recursive: true });
  appendFileSync(path.join(src, "style.css"), "\n/* build 2 */\n.site-header { border-bottom-width: 2px; }\n");
  const out = path.join(tmp, "site2");
  execFileSync(path.join(root, "build/sitebuild"), ["-site", src, "-wasm", path.join(root, "build/policycheck.wasm"),
    "-wasm-exec", path.join(execFileSync("go", ["env", "GOROOT"]).toString().trim(), "lib/wasm/wasm_exec.js"),
    "-out", out, "-build", "test2"], { stdio: "ignore" });
  const newFiles = new Set(readdirSync(out));
  const newBuild = JSON.parse(readFileSync(path.join(out, "build.json"), "utf8")).build;
  assert.notEqual(newBuild, oldBuild);
  const port = server.port;
  await server.stop();
  server = await startServer(out, { port });
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  const button = page.locator("#reload-update");
  await button.waitFor({ state: "visible", timeout: 20000 });
  await page.screenshot({ path: screenshotPath("update-offered-desktop") });
  // Only what changed was downloaded: the page, the service worker, the new style; not the engine.
  const fetched = server.log.filter((l) => l.startsWith("GET ")).map((l) => l.slice(4));
  assert.ok(fetched.includes("/sw.js"), fetched.join(" "));
  assert.ok(fetched.some((f) => /^\/style\.[0-9a-f]{10}\.css$/.test(f)), fetched.join(" "));
  assert.ok(!fetched.some((f) => f.endsWith(".wasm")), `the unchanged wasm was downloaded again: ${fetched.join(" ")}`);
  assert.ok(!fetched.some((f) => /^\/(app|engine|form)\.[0-9a-f]{10}\.js$/.test(f)), `unchanged scripts downloaded: ${fetched.join(" ")}`);
  // The old page still runs the old build until the user accepts.
  assert.equal((await swBuild(page)).build, oldBuild);
  await Promise.all([page.waitForEvent("load"), button.click()]);
  await waitReady(page);
  assert.equal((await swBuild(page)).build, newBuild);
  assert.equal(await page.locator('meta[name="policycheck-build"]').getAttribute("content"), newBuild);
  const loaded = await page.evaluate(() => [location.href, ...performance.getEntriesByType("resource").map((e) => e.name)]);
  for (const url of loaded) {
    const name = new URL(url).pathname.slice(1) || "index.html";
    assert.ok(newFiles.has(name), `${name} is not part of the new build`);
  }
  const caches = await page.evaluate(() => caches.keys());
  assert.deepEqual(caches.filter((c) => c.startsWith("policycheck-")), [`policycheck-${newBuild}`]);
  assert.deepEqual(rec.violations, []);
});

test("no request made by the page or the service worker carries an answer", async () => {
  const cat = await catalogue(page);
  await walk(page, cat, { date: "2018-01-01", answers: { ...profiles[0].answers, invention_patents: 48213 } });
  await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
  await page.reload();
  await waitReady(page);
  await page.waitForTimeout(300);
  assert.ok(rec.requests.some((r) => r.worker), "the service worker's requests were recorded");
  for (const r of rec.requests) {
    assert.equal(r.method, "GET", r.url);
    assert.ok(!r.url.includes("48213") && !r.body.includes("48213") && !JSON.stringify(r.headers).includes("48213"), r.url);
    assert.ok(!/answers|nanming/.test(new URL(r.url).search), r.url);
  }
  for (const line of server.log) assert.ok(!line.includes("48213") && line.startsWith("GET "), line);
});
