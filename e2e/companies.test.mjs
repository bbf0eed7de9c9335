// Browser tests of the companies kept on the device (companies.js) and the
// changelog (changelog.js): a company saved under an earlier catalogue shows
// what changed since, with the changelog's reasons, computed on the device;
// companies are saved, exported and imported as one file (an answers file
// exported before imports as one company); the catalogue page shows the
// changelog. Every request is recorded: none may carry an answer.
//
// The saved company (testdata/companies-3d963f4c7b.json) is what the page
// saves, made honestly: its results are the report of the catalogue as it
// was at commit 9023bf5 (version 2026-11-22+3d963f4c7b, the first entry
// after #20), for a Nanming wholesaler with 150,000,917 yuan of sales and
// loans, as of 2018-06-01, written by that commit's own `policycheck
// estimate`. The catalogue served now is the real one, whose changelog's
// next entry (#21, Nanming readings) merged the wholesale and retail loan
// subsidies into one and added the technology-centre guidance: so the
// changes shown, and their reasons, are those a returning founder would see.
import test from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { record, root, waitReady, screenshotPath, siteAndBrowser, axe } from "./harness.mjs";

const saved = JSON.parse(readFileSync(path.join(root, "e2e/testdata/companies-3d963f4c7b.json"), "utf8"));
const NAME = saved.companies[0].name;
const MARKERS = ["150000917", NAME, encodeURIComponent(NAME)];
const tmp = mkdtempSync(path.join(os.tmpdir(), "policycheck-companies-"));

const site = siteAndBrowser(() => rmSync(tmp, { recursive: true, force: true }));

// open(seed) opens the page with localStorage holding seed (a companies file) or nothing.
async function open(seed, query = "") {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const rec = await record(context);
  if (seed) {
    await context.addInitScript((data) => {
      if (!localStorage.getItem("policycheck:companies")) localStorage.setItem("policycheck:companies", data);
    }, JSON.stringify(seed));
  }
  const page = await context.newPage();
  await page.goto(site.server.url + query);
  await waitReady(page);
  return { context, page, rec };
}

function leaks(rec) {
  return rec.requests.filter((r) => MARKERS.some((m) => r.url.includes(m) || r.body.includes(m) || JSON.stringify(r.headers).includes(m)));
}

function assertPrivate(rec) {
  assert.deepEqual(leaks(rec), [], "a request carried an answer or a company");
  const origin = new URL(site.server.url).origin;
  for (const r of rec.requests) {
    assert.equal(r.method, "GET", r.url);
    assert.equal(new URL(r.url).origin, origin, r.url);
    assert.ok(!new URL(r.url).pathname.startsWith("/api/"), `the page called the API: ${r.url}`);
  }
  // The server's own log (method and path of every request it received).
  for (const line of site.server.log) assert.ok(!MARKERS.some((m) => line.includes(m)), `the server saw: ${line}`);
  assert.deepEqual(rec.violations, [], "CSP violations");
}

test("a company saved under an earlier catalogue shows what changed since, with the changelog's reasons, and nothing is sent", async () => {
  const { context, page, rec } = await open(saved);
  const company = page.locator(`#companies li.company[data-company="${NAME}"]`);
  await company.locator(".co-summary").waitFor({ timeout: 20000 });
  const cat = await page.evaluate(() => globalThis.policycheckPage.catalogue());
  // What the page must find: the saved results against the engine's report now.
  const now = await page.evaluate(([a, d]) => globalThis.policycheckPage.estimate(a, d, false), [saved.companies[0].answers, saved.companies[0].assessment_date]);
  assert.equal(now.catalogue_version, cat.version);
  assert.notEqual(now.catalogue_version, saved.companies[0].catalogue_version, "the catalogue has changed since the company's check");
  const before = saved.companies[0].results;
  const after = Object.fromEntries(now.results.map((r) => [r.rule, r]));
  assert.equal(before["nanming.wholesale-loan-interest-subsidy"].status, "eligible");
  assert.equal(after["nanming.wholesale-loan-interest-subsidy"], undefined, "the wholesale subsidy was merged away");
  assert.equal(after["nanming.trade-loan-interest-subsidy"].status, "eligible");

  const summary = await company.locator(".co-summary").textContent();
  assert.match(summary, /自您 2026-12-07 检查以来：(\d+) 项结果有变化/);
  const n = Number(/：(\d+) 项/.exec(summary)[1]);
  const items = company.locator("li.co-change");
  assert.equal(await items.count(), n);
  const rules = await items.evaluateAll((els) => els.map((e) => e.dataset.rule));
  for (const id of ["nanming.wholesale-loan-interest-subsidy", "nanming.trade-loan-interest-subsidy", "nanming.tech-centre-guidance"]) {
    assert.ok(rules.includes(id), `${id} listed among ${rules}`);
  }
  // Each change with the reason of the changelog entry after the saved version that names it.
  const entry = cat.changes[cat.changes.findIndex((e) => e.version === saved.companies[0].catalogue_version) + 1];
  const merged = entry.changes.find((c) => c.kind === "removed" && c.rules.includes("nanming.wholesale-loan-interest-subsidy"));
  const removed = company.locator('li.co-change[data-rule="nanming.wholesale-loan-interest-subsidy"]');
  const text = await removed.textContent();
  assert.ok(text.includes(merged.why.zh), `the reason: ${text}`);
  assert.ok(text.includes(merged.quote), "the text's words");
  assert.ok(text.includes(`${entry.date} 变更`), "the entry's date");
  const merged_into = cat.rules.find((r) => r.id === "nanming.trade-loan-interest-subsidy").title.zh;
  assert.ok(text.includes(`已删除的措施（现并入“${merged_into}”）`), text);
  assert.match(text, /符合条件 最高20万元 → 不在目录中/);
  const added = await company.locator('li.co-change[data-rule="nanming.trade-loan-interest-subsidy"]').textContent();
  assert.match(added, /不在目录中 → 符合条件/);
  for (const id of rules) {
    const item = await company.locator(`li.co-change[data-rule="${id}"]`).textContent();
    assert.ok(!item.includes("变更记录中没有说明这项变化的条目") || !entry.changes.some((c) => (c.rules || []).includes(id)), `${id} has an entry but none is shown`);
  }
  // No internal id is shown as text, only in data attributes.
  assert.ok(!(await page.locator("#companies").innerText()).includes("nanming."), "a rule id is visible");
  await page.screenshot({ path: screenshotPath("companies-what-changed"), fullPage: false });
  await axe(page, "companies with changes");
  // English, drawn again on the language switch.
  await page.locator("#lang-toggle").click();
  await page.waitForFunction((name) => /Since your check on 2026-12-07: \d+ results? changed/.test(document.querySelector(`li.company[data-company="${name}"] .co-summary`)?.textContent || ""), NAME);
  assertPrivate(rec);
  await context.close();
});

test("companies are saved by name, exported and imported as one file, and an answers file exported before imports as one company", async () => {
  const answers = saved.companies[0].answers;
  const fragment = "#a=" + Buffer.from(JSON.stringify({ answers, date: "2018-06-01" })).toString("base64url");
  const { context, page, rec } = await open(null, fragment);
  // Nothing is kept before a company is saved.
  assert.equal(await page.evaluate(() => localStorage.getItem("policycheck:companies")), null);
  await page.locator("#companies summary").click();
  await page.locator("#company-name").fill(NAME);
  await page.locator("#company-save").click();
  const company = page.locator(`#companies li.company[data-company="${NAME}"]`);
  await company.waitFor();
  await page.waitForFunction((name) => /没有变化/.test(document.querySelector(`li.company[data-company="${name}"] .co-summary`)?.textContent || ""), NAME);
  const kept = await page.evaluate(() => JSON.parse(localStorage.getItem("policycheck:companies")));
  assert.equal(kept.format, "policycheck-companies");
  assert.equal(kept.companies.length, 1);
  const c = kept.companies[0];
  assert.equal(c.assessment_date, "2018-06-01");
  assert.deepEqual(c.answers, answers);
  const cat = await page.evaluate(() => globalThis.policycheckPage.catalogue());
  assert.equal(c.catalogue_version, cat.version);
  assert.equal(c.results["nanming.trade-loan-interest-subsidy"].status, "eligible");
  assert.equal(Object.keys(c.results).length, cat.rules.length);

  // Export: one file with every company.
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#companies-export").click()]);
  assert.match(download.suggestedFilename(), /^policycheck-companies-\d{4}-\d{2}-\d{2}\.json$/);
  const file = path.join(tmp, download.suggestedFilename());
  await download.saveAs(file);
  assert.deepEqual(JSON.parse(readFileSync(file, "utf8")), kept);

  // Clear my data removes the companies; importing the file brings them back.
  await page.locator("#settings summary").click();
  await page.locator("#clear-data").click();
  await page.waitForFunction(() => localStorage.getItem("policycheck:companies") === null && !document.querySelector("#companies li.company"));
  await page.locator("#companies summary").click();
  await page.locator("#companies-import").setInputFiles(file);
  await company.waitFor();
  assert.deepEqual(await page.evaluate(() => JSON.parse(localStorage.getItem("policycheck:companies"))), kept);

  // An answers file as the page exported it before: one company, named after the file, checked now.
  const old = path.join(tmp, "policycheck-answers-2026-11-30.json");
  writeFileSync(old, JSON.stringify(answers, null, 2));
  await page.locator("#companies-import").setInputFiles(old);
  const imported = page.locator('#companies li.company[data-company="policycheck-answers-2026-11-30"]');
  await imported.waitFor();
  const all = await page.evaluate(() => JSON.parse(localStorage.getItem("policycheck:companies")).companies);
  assert.equal(all.length, 2);
  assert.equal(all[1].catalogue_version, cat.version);
  assert.deepEqual(all[1].answers, answers);
  assertPrivate(rec);
  await context.close();
});

test("the catalogue page shows the changelog, newest first, each change with its reason and the text's words", async () => {
  const context = await site.browser.newContext({ viewport: { width: 375, height: 800 } });
  const rec = await record(context);
  const page = await context.newPage();
  await page.goto(site.server.url + "catalogue.html");
  const section = page.locator("#changelog");
  await section.locator("li.cl-entry").first().waitFor({ timeout: 20000 });
  // The build gives catalogue.json a content-hashed name: the one the page preloads.
  const cat = await page.evaluate(async () => (await fetch(document.querySelector('link[rel="preload"][href*="catalogue"]').href)).json());
  assert.ok(cat.changes.length >= 5);
  assert.equal(cat.changes[cat.changes.length - 1].version, cat.version, "the last entry names the catalogue's version");
  const versions = await section.locator("li.cl-entry").evaluateAll((els) => els.map((e) => e.dataset.version));
  assert.deepEqual(versions, cat.changes.map((e) => e.version).reverse());
  const nanming = section.locator('li.cl-entry[data-version="2026-11-22+fac91ef8c1"]');
  const text = await nanming.textContent();
  assert.ok(text.includes("原文（三(四)）"), "the clause");
  assert.ok(text.includes("对年度销售额超过1亿元以上的批发企业"), "the quote");
  assert.ok(text.includes("已删除的措施 2 项"), "the removed measures, counted without their ids");
  assert.ok(!(await section.innerText()).includes("nanming."), "a rule id is visible");
  await axe(page, "catalogue page with the changelog");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 375, `the changelog fits 375 px (scroll width ${width})`);
  assert.deepEqual(rec.violations, [], "CSP violations");
  await context.close();
});

// The comparison itself, in Node (the page runs the same module).
test("what counts as a changed result, and which changelog entries explain it", async () => {
  const { diffResults, entriesSince, reasonsFor, parseCompanies } = await import("../site/companies.js");
  const e = (s, min = null, max = null) => ({ status: s, min, max });
  for (const [name, before, now, want] of [
    ["the same results are no change", { a: e("eligible", 1, 1) }, { a: e("eligible", 1, 1) }, []],
    ["a status that differs is a change", { a: e("possible") }, { a: e("eligible") }, ["a"]],
    ["an amount that differs is a change", { a: e("eligible", 0, 200000) }, { a: e("eligible", 0, 100000) }, ["a"]],
    ["a rule gone that applied is a change", { a: e("eligible"), b: e("eligible") }, { b: e("eligible") }, ["a"]],
    ["a rule gone that did not apply is not", { a: e("not_eligible"), b: e("eligible") }, { b: e("eligible") }, []],
    ["a new rule that might apply is a change", {}, { a: e("possible") }, ["a"]],
    ["a new rule that does not apply is not", {}, { a: e("not_eligible") }, []],
  ]) {
    assert.deepEqual(diffResults(before, now).map((d) => d.rule), want, name);
  }
  const log = [
    { date: "2026-11-30", version: "v1", changes: [] },
    { date: "2026-12-07", version: "v2", changes: [{ kind: "removed", rules: ["old"], replaced_by: ["new"] }] },
    { date: "2026-12-08", version: "v3", changes: [{ kind: "changed", rules: ["other"] }, { kind: "removed", questions: ["q"] }] },
  ];
  assert.deepEqual(entriesSince(log, "v1", "2026-11-30").map((x) => x.version), ["v2", "v3"], "after the saved version");
  assert.deepEqual(entriesSince(log, "v3", "2026-12-08").map((x) => x.version), [], "nothing after the last");
  assert.deepEqual(entriesSince(log, "unknown", "2026-12-08").map((x) => x.version), ["v3"], "a version no entry names: the entries from the day of the check");
  assert.equal(reasonsFor(log, "old").length, 1, "the entry removing it");
  assert.equal(reasonsFor(log, "new").length, 1, "the entry whose removed rule it replaces");
  assert.equal(reasonsFor(log, "nothing").length, 0);
  assert.equal(reasonsFor(log, "q", "questions").length, 1);
  assert.equal(parseCompanies({ format: "policycheck-companies", companies: [{ name: " A ", answers: {} }] })[0].name, "A");
  for (const bad of [null, [], { companies: [] }, { format: "policycheck-companies", companies: [{ name: "", answers: {} }] },
    { format: "policycheck-companies", companies: [{ name: "A", answers: [] }] }]) {
    assert.equal(parseCompanies(bad), null, JSON.stringify(bad));
  }
});
