// Shared set-up of the browser tests: a local server for a built site,
// Debian's Chromium driven by playwright-core, and recorders for every
// request and every CSP violation the page makes.
import { chromium } from "playwright-core";
import { before, after } from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const outDir = path.join(root, "test-output");
mkdirSync(outDir, { recursive: true });

export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-quic",
];

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// startServer serves a built site folder with the project's Go server.
// The server prints each request's method and path (never a body), kept in log.
export async function startServer(siteDir = path.join(root, "build/site"), { api = false, port = 0 } = {}) {
  const bin = path.join(root, "build/serve");
  if (!existsSync(bin)) throw new Error(`${bin} missing: run ./build.sh site and go build -o build/serve ./cmd/serve`);
  port = port || await freePort();
  const proc = spawn(bin, ["-addr", `127.0.0.1:${port}`, "-site", siteDir, `-api=${api}`, "-log"], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  const log = [];
  let partial = "";
  proc.stdout.on("data", (d) => {
    const lines = (partial + d).split("\n");
    partial = lines.pop();
    log.push(...lines);
  });
  proc.stderr.on("data", (d) => { stderr += d; });
  const exited = new Promise((r) => proc.on("exit", r));
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    try {
      const res = await fetch(url);
      if (res.ok) {
        log.length = 0;
        return { url, port, proc, log, stop: async () => { proc.kill(); await exited; } };
      }
    } catch { /* not yet */ }
    if (proc.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  proc.kill();
  throw new Error(`server did not start: ${stderr}`);
}

export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

// siteAndBrowser() starts the built site's server and Chromium before a test
// file's tests and stops both after them; the returned object holds them
// (site.server, site.browser) once started. then(), if given, runs after
// both have stopped (a file's own clean-up).
export function siteAndBrowser(then) {
  const site = { server: null, browser: null };
  before(async () => {
    site.server = await startServer();
    site.browser = await launch();
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.stop();
    if (then) await then();
  });
  return site;
}

// axe fails unless axe-core finds no WCAG 2.2 AA violation on page (only
// within the selector include, if given); what names the state in the
// failure.
export async function axe(page, what, include) {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const res = await builder.withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  assert.deepEqual(res.violations.map((x) => `${what}: ${x.id}: ${x.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`), []);
}

// record attaches recorders to a browser context: every request (with its
// headers and body) and every CSP violation of its pages.
export async function record(context) {
  const requests = [];
  const violations = [];
  const consoleErrors = [];
  context.on("request", (req) => {
    requests.push({ url: req.url(), method: req.method(), headers: req.headers(), body: req.postData() || "", worker: !!req.serviceWorker() });
  });
  await context.exposeBinding("__reportCSPViolation", (_src, v) => violations.push(v));
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      globalThis.__reportCSPViolation({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
    });
  });
  context.on("page", (page) => {
    page.on("console", (msg) => {
      if (msg.type() === "error") consoleErrors.push(msg.text());
    });
    page.on("pageerror", (err) => consoleErrors.push(String(err)));
  });
  return { requests, violations, consoleErrors };
}

export async function waitReady(page) {
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true", null, { timeout: 30000 });
}

export function screenshotPath(name) {
  return path.join(outDir, name + ".png");
}

// controlled waits until a service worker controls the page and returns its script URL.
export async function controlled(p) {
  return p.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener("controllerchange", r, { once: true }));
    }
    return navigator.serviceWorker.controller.scriptURL;
  });
}
