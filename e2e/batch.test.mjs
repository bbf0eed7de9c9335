// Browser test of the batch page: the same 200-row table (with bad rows of
// every kind) in the CLI, in the page (offline, through its service worker)
// and through the API gives the same result per row; the page's CSV has the
// BOM and is byte for byte the CLI's; the page's template, filled in, runs in
// the CLI; and nothing the page does sends the table anywhere.
import test from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS, controlled, record, root, startServer, waitReady, screenshotPath } from "./harness.mjs";

const DATE = "2019-06-01";
const API_ROWS = 15; // api.MaxBatchRows
const tmp = mkdtempSync(path.join(os.tmpdir(), "policycheck-batch-"));
const cli = path.join(tmp, "policycheck");
const input = path.join(tmp, "companies.csv");
let server, context, rec, page;

function policycheck(args) {
  const r = spawnSync(cli, args, { encoding: "buffer", maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString("utf8") };
}

test.before(async () => {
  execFileSync("go", ["build", "-o", cli, "./cmd/policycheck"], { cwd: root, stdio: "inherit" });
  const csv = execFileSync("go", ["run", "./batch/batchtest/gen", "-rows", "200", "-bad-every", "10", "-labels", "zh", "-seed", "14"], { cwd: root, maxBuffer: 64 << 20 });
  writeFileSync(input, csv);
  server = await startServer(undefined, { api: true });
  context = await chromium.launchPersistentContext(path.join(tmp, "profile"), {
    executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, viewport: { width: 1280, height: 900 }, acceptDownloads: true,
  });
  rec = await record(context);
  page = context.pages()[0] || await context.newPage();
});
test.after(async () => {
  await context?.close();
  await server?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

// runPage picks the file on the batch page and returns the downloaded CSV,
// the listed errors and the table's rows (all pages).
async function runPage(file) {
  await page.locator("#assessment-date").fill(DATE);
  await page.locator("#file").setInputFiles(file);
  await page.waitForFunction(() => document.documentElement.dataset.batch === "done", null, { timeout: 60000 });
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#download").click()]);
  const csv = readFileSync(await download.path());
  const errors = await page.locator("#errors-list li[data-row]").evaluateAll((els) => els.map((e) => ({ row: +e.dataset.row, column: e.dataset.column, text: e.textContent })));
  const rows = [];
  for (;;) {
    rows.push(...await page.locator("#results-body tr").evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent))));
    if (await page.locator("#next").isDisabled()) break;
    await page.locator("#next").click();
  }
  return { csv, errors, rows };
}

test("the same table in the CLI, the page (offline) and the API gives the same result per row", async () => {
  const zh = policycheck(["batch", "-date", DATE, "-lang", "zh", input]);
  assert.equal(zh.code, 1, "the CLI exits 1 when rows failed");
  const cliErrors = zh.stderr.split("\n").filter((l) => l.startsWith("第 "));
  assert.equal(cliErrors.length, 20, zh.stderr);

  // Online once, so that the service worker caches the page, then offline.
  await page.goto(server.url + "batch.html");
  await waitReady(page);
  await controlled(page);
  await context.setOffline(true);
  let got;
  try {
    await page.reload();
    await waitReady(page);
    got = await runPage(input);
    await page.screenshot({ path: screenshotPath("batch-offline") });
  } finally {
    await context.setOffline(false);
  }

  // The downloaded CSV: BOM, and exactly what the CLI writes.
  assert.deepEqual([...got.csv.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.ok(got.csv.equals(zh.stdout), "the page's CSV differs from the CLI's");
  // It reads back with the right characters: the Chinese header labels.
  const lines = got.csv.toString("utf8").replace(/^\ufeff/, "").split("\r\n");
  assert.match(lines[1], /^行号,企业,注册地,/);

  // Errors: the same rows, columns and messages as the CLI's stderr.
  assert.deepEqual(got.errors.map((e) => e.text), cliErrors);
  // The table: one row per input row, failed rows included.
  assert.equal(got.rows.length, 200);
  const byRow = new Map(got.rows.map((r) => [+r[0], r]));
  const csvRows = lines.slice(2).filter(Boolean).map(csvFields);
  const col = Object.fromEntries(csvFields(lines[0]).map((id, i) => [id, i]));
  for (const c of csvRows) {
    const t = byRow.get(+c[0]);
    assert.ok(t, `row ${c[0]} missing from the table`);
    if (c[col.errors]) continue; // failed
    assert.equal(t[5], c[col.eligible], `row ${c[0]}: eligible count`);
  }

  // The API, in requests of at most API_ROWS rows: the same results as the CLI's JSON Lines.
  const jsonl = policycheck(["batch", "-date", DATE, "-format", "jsonl", input]);
  const want = jsonl.stdout.toString("utf8").trim().split("\n").map((l) => JSON.parse(l));
  const text = readFileSync(input, "utf8").replace(/^\ufeff/, "");
  const all = text.split("\r\n");
  const head = all.slice(0, 2); // header and label rows
  const data = all.slice(2).filter((l) => l !== "");
  const api = [];
  for (let i = 0; i < data.length; i += API_ROWS) {
    const res = await fetch(server.url + "api/estimate/batch", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ csv: [...head, ...data.slice(i, i + API_ROWS)].join("\r\n") + "\r\n", date: DATE }),
    });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.assessment_date, DATE);
    for (const r of body.results) {
      r.row += i; // the row numbers of the whole file
      for (const e of r.errors || []) e.row += i;
      api.push(r);
    }
  }
  assert.deepEqual(api, want);
  const big = await fetch(server.url + "api/estimate/batch", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ csv: [...head, ...data.slice(0, API_ROWS + 1)].join("\r\n"), date: DATE }),
  });
  assert.equal(big.status, 413);
  assert.deepEqual(rec.violations, []);
});

test("the page's template, filled in, runs in the CLI", async () => {
  await page.goto(server.url + "batch.html?lang=en");
  await waitReady(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#template").click()]);
  const tpl = readFileSync(await download.path());
  assert.deepEqual([...tpl.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  assert.ok(tpl.equals(policycheck(["batch", "-template", "-lang", "en"]).stdout), "the page's template differs from the CLI's");
  const header = tpl.toString("utf8").replace(/^\ufeff/, "").split("\r\n")[0].split(",");
  const row = header.map((h) => ({ company: "Acme", organisation_kind: "company", registered_district: "nanming" }[h] || ""));
  const filled = path.join(tmp, "filled.csv");
  writeFileSync(filled, Buffer.concat([tpl, Buffer.from(row.join(",") + "\r\n")]));
  const out = policycheck(["batch", "-date", DATE, "-lang", "en", filled]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout.toString("utf8").split("\r\n")[2], /^3,Acme,/);
});

test("cancel stops between chunks", async () => {
  const many = path.join(tmp, "many.csv");
  writeFileSync(many, execFileSync("go", ["run", "./batch/batchtest/gen", "-rows", "6000", "-seed", "3"], { cwd: root, maxBuffer: 64 << 20 }));
  await page.goto(server.url + "batch.html");
  await waitReady(page);
  await page.locator("#file").setInputFiles(many);
  await page.waitForFunction(() => Number(document.getElementById("progress").value) > 0, null, { timeout: 30000 });
  await page.locator("#cancel").click();
  await page.waitForFunction(() => document.documentElement.dataset.batch === "cancelled", null, { timeout: 30000 });
  assert.equal(await page.locator("#download").isVisible(), false);
  const done = await page.locator("#progress").evaluate((p) => Number(p.value));
  assert.ok(done > 0 && done < 6000, `cancelled after ${done} rows`);
});

test("privacy: no request made by the batch page, its worker or the service worker carries the table", async () => {
  const browserRequests = rec.requests.filter((r) => !r.url.includes("/api/"));
  assert.ok(browserRequests.some((r) => r.url.includes("batch")), "the batch page's requests were recorded");
  for (const r of rec.requests) {
    assert.equal(r.method, "GET", r.url);
    assert.equal(r.body, "", r.url);
    assert.ok(!/企业|Co\.|Acme|nanming|csv=/.test(decodeURIComponent(r.url)), r.url);
    assert.ok(!JSON.stringify(r.headers).includes("Acme"), r.url);
  }
  for (const line of server.log.filter((l) => !l.includes("/api/estimate/batch"))) assert.ok(line.startsWith("GET "), line);
});

// csvFields(line) → the fields of one CSV line, quoted fields (RFC 4180:
// a title with a comma, a doubled quote) read as one.
function csvFields(line) {
  const out = [];
  let f = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        f += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else f += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(f);
      f = "";
    } else f += ch;
  }
  out.push(f);
  return out;
}
