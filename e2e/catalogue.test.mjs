// Browser tests of the catalogue page as a reading of the law (issue 23):
// a result card's "see the clause" opens the page at its clause; no
// internal id is visible in either language; a clause of a lapsed document
// (Jiading) says so with the words that state it; nothing is wider than a
// 375 px screen; the search finds a clause by its words. The page's height
// at 1280 and 375 px is printed as a figure.
import test from "node:test";
import assert from "node:assert/strict";
import { record, waitReady, screenshotPath, siteAndBrowser, axe } from "./harness.mjs";
import { catalogue, answer, eventually, shownReport, setDate } from "./page.mjs";

const site = siteAndBrowser();

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 740 };

const figures = [];
test.after(() => {
  for (const f of figures) console.log(`# ${f}`);
});

async function openCatalogue(viewport = DESKTOP, suffix = "") {
  const context = await site.browser.newContext({ viewport });
  const rec = await record(context);
  const page = await context.newPage();
  await page.goto(site.server.url + "catalogue.html" + suffix);
  await waitReady(page);
  return { context, page, rec };
}

// sources(page) → the page's sources.json (the texts clause by clause).
async function sources(page) {
  return page.evaluate(async () => (await fetch(document.querySelector('link[rel="preload"][href*="sources"]').href)).json());
}

// catalogueJSON(page) → the page's catalogue.json.
async function catalogueJSON(page) {
  return page.evaluate(async () => (await fetch(document.querySelector('link[rel="preload"][href*="catalogue"]').href)).json());
}

// openAll(page) opens every document's text and every disclosure in it.
async function openAll(page) {
  await page.evaluate(() => {
    for (const d of document.querySelectorAll("details.doc-text")) d.open = true;
  });
  await page.waitForFunction(() => [...document.querySelectorAll("details.doc-text")].every((d) => d.querySelector("div.clause")));
  await page.evaluate(() => {
    for (const d of document.querySelectorAll("details")) d.open = true;
  });
}

const clauseId = (doc, clause) => `clause-${doc}-${encodeURIComponent(clause)}`;

test("a result card's “see the clause” opens the catalogue at that clause, with its text and the measure under it", async () => {
  const context = await site.browser.newContext({ viewport: DESKTOP });
  const rec = await record(context);
  const page = await context.newPage();
  await page.goto(site.server.url);
  await waitReady(page);
  const cat = await catalogue(page);
  const q = (id) => cat.questions.find((x) => x.id === id);
  await setDate(page, "2018-06-01");
  await answer(page, q("organisation_kind"), "company");
  await answer(page, q("registered_district"), "nanming");
  await eventually(async () => assert.ok(Object.keys((await shownReport(page)).cards).length > 0));
  const card = page.locator("article.card[data-rule]").first();
  const ruleId = await card.getAttribute("data-rule");
  const rule = cat.rules.find((r) => r.id === ruleId);
  const clause = rule.clause.split(";")[0].trim();
  const link = card.locator("a.see-clause");
  assert.equal(await link.innerText(), "查看原文条款");
  await link.click();
  await page.waitForURL(/catalogue\.html#clause-/);
  await waitReady(page);
  const target = page.locator(`[id="${clauseId(rule.document, clause)}"]`);
  await eventually(async () => assert.ok(await target.isVisible(), "the clause is drawn and shown"));
  assert.ok(await target.evaluate((el) => el.closest("details").open), "its document's text is open");
  assert.ok(await target.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }), "the clause is in view");
  assert.equal(await target.getAttribute("data-clause"), clause);
  // The clause's words, and the measure the card came from under it (or a link to it).
  const text = await target.innerText();
  assert.ok(text.includes(`条款 ${clause}`), text.slice(0, 200));
  const measure = page.locator(`[id="rule-${ruleId}"]`);
  assert.ok(await measure.count() === 1);
  assert.ok((await measure.innerText()).includes(rule.title.zh));
  assert.deepEqual(rec.consoleErrors, []);
  assert.deepEqual(rec.violations, []);
  await context.close();
});

for (const lang of ["zh", "en"]) {
  test(`no internal id is visible on the catalogue page (${lang}), every document's text and every disclosure open`, async () => {
    const { context, page, rec } = await openCatalogue(DESKTOP, lang === "en" ? "?lang=en" : "");
    const cat = await catalogueJSON(page);
    const src = await sources(page);
    await openAll(page);
    const clauses = src.documents.reduce((n, d) => n + d.parts.length, 0);
    assert.equal(await page.locator("div.clause").count(), clauses, "every clause (and each opening) is drawn");
    assert.equal(await page.locator("article.cat-rule").count(), cat.rules.length, "every measure is drawn once, in full");
    const shown = await page.evaluate(() => [
      document.body.innerText,
      ...[...document.querySelectorAll("[aria-label], [title]")].map((e) => `${e.getAttribute("aria-label") || ""} ${e.getAttribute("title") || ""}`),
    ].join("\n"));
    const leaks = [];
    for (const r of cat.rules) if (shown.includes(r.id)) leaks.push(`rule id ${r.id}`);
    for (const q of cat.questions) if (q.id.includes("_") && shown.includes(q.id)) leaks.push(`question id ${q.id}`);
    for (const d of cat.documents) if (d.scope && shown.includes(d.scope.id)) leaks.push(`condition id ${d.scope.id}`);
    for (const re of [/\(cond\./, /\bcond\.[a-z]/, /[(（]none[)）]/, /[(（]scope:/, /[(（](?:unset|entitlement|discretionary|national)[)）]/,
      /\b(?:read|cat|card|doc|amount|period|status|applicant|category|badge)\.[a-z][A-Za-z_]*/]) {
      const m = shown.match(re);
      if (m) leaks.push(`${re}: …${shown.slice(Math.max(0, m.index - 40), m.index + 40)}…`);
    }
    assert.deepEqual(leaks, []);
    // The ids are still there for links and the copy buttons.
    assert.equal(await page.locator(`article.cat-rule[data-rule="${cat.rules[0].id}"] button[data-copy="id"]`).count(), 1);
    assert.deepEqual(rec.consoleErrors, []);
    await context.close();
  });
}

test("a Jiading clause says its document has lapsed, with the words that state its period", async () => {
  const { context, page } = await openCatalogue(PHONE);
  const cat = await catalogueJSON(page);
  const rule = cat.rules.find((r) => r.document === "jiading");
  const clause = rule.clause.split(";")[0];
  await page.goto(site.server.url + "catalogue.html#" + clauseId("jiading", clause));
  await waitReady(page);
  const target = page.locator(`[id="${clauseId("jiading", clause)}"]`);
  await eventually(async () => assert.ok(await target.isVisible()));
  assert.match(await target.locator(".clause-head").innerText(), /本文件有效期至2020-12-31，已失效/);
  const doc = page.locator("#doc-jiading");
  assert.equal(await doc.getAttribute("data-lapsed"), "true");
  const validity = await doc.locator(".doc-currency").innerText();
  assert.match(validity, /有效期至2020-12-31，已失效/);
  assert.ok(validity.includes("三年行动计划(2018-2020)"), "the words that state the period");
  assert.ok(validity.includes("嘉府办发〔2021〕44号"), "the document that succeeds it");
  // A document with no end found is not called lapsed, and says so.
  assert.equal(await page.locator("#doc-nanming").getAttribute("data-lapsed"), "false");
  assert.match(await page.locator("#doc-nanming .doc-currency").innerText(), /文本未载有效期，也未找到推定有效期的依据/);
  // In English the same, the text itself staying Chinese.
  await page.locator("#lang-toggle").click();
  await page.goto(site.server.url + "catalogue.html?lang=en#" + clauseId("jiading", clause));
  await waitReady(page);
  await eventually(async () => assert.match(await page.locator(`[id="${clauseId("jiading", clause)}"] .clause-head`).innerText(), /valid until 2020-12-31: lapsed/));
  assert.equal(await page.locator(`[id="${clauseId("jiading", clause)}"] .clause-text`).getAttribute("lang"), "zh-CN");
  await context.close();
});

test("at 375 px nothing is wider than the screen, every text and disclosure open; the page's height is measured", async () => {
  const heights = {};
  for (const [name, viewport] of [["1280", DESKTOP], ["375", PHONE]]) {
    for (const lang of ["zh", "en"]) {
      const { context, page } = await openCatalogue(viewport, lang === "en" ? "?lang=en" : "");
      const closed = await page.evaluate(() => document.documentElement.scrollHeight);
      if (name === "375") await page.screenshot({ path: screenshotPath(`catalogue-${lang}-375`) });
      await page.locator("#doc-jiading details.doc-text > summary").click();
      await page.waitForSelector("#doc-jiading div.clause");
      const jiading = await page.evaluate(() => document.documentElement.scrollHeight);
      await openAll(page);
      const m = await page.evaluate(() => ({ h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
      heights[`${name} ${lang}`] = `${closed} px as it opens, ${jiading} px with Jiading's text open (as a card's link opens it), ${m.h} px with every text and disclosure open`;
      if (name === "375") {
        assert.ok(m.w <= m.cw, `${lang}: the page is ${m.w} px wide at 375 px`);
        const wide = await page.evaluate(() => [...document.querySelectorAll("main *")]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && e.getClientRects().length)
          .slice(0, 5).map((e) => `${e.tagName}.${e.className}: ${e.textContent.slice(0, 40)}`));
        assert.deepEqual(wide, [], `${lang}: elements wider than the screen`);
      }
      await context.close();
    }
  }
  for (const [k, v] of Object.entries(heights)) figures.push(`catalogue page height at ${k}: ${v}`);
});

test("the search finds a clause by its words, and clearing it shows everything again", async () => {
  const { context, page } = await openCatalogue(DESKTOP);
  const src = await sources(page);
  const hongkou = src.documents.find((d) => d.id === "hongkou");
  // Words from the middle of a clause's text, found in no other clause.
  const all = src.documents.flatMap((d) => d.parts.map((p) => ({ doc: d.id, ...p })));
  let pick = null;
  for (const p of hongkou.parts.filter((x) => x.clause && x.text.length > 40)) {
    const words = p.text.slice(20, 30);
    if (all.filter((x) => x.text.includes(words)).length === 1) { pick = { ...p, words }; break; }
  }
  assert.ok(pick, "a clause with words of its own");
  const before = await page.locator("#rule-filter-count").innerText();
  await page.getByLabel("搜索条款和措施").fill(pick.words);
  const target = page.locator(`[id="${clauseId("hongkou", pick.clause)}"]`);
  await eventually(async () => assert.ok(await target.isVisible(), `clause ${pick.clause} is shown for “${pick.words}”`));
  assert.equal(await page.locator("div.clause:visible").count(), 1, "only that clause is shown");
  assert.equal(await page.locator("#doc-jingan").isVisible(), false, "a document without a match is hidden");
  assert.match(await page.locator("#rule-filter-count").innerText(), /^找到 1 条条款/);
  // A measure's words find the clause it was encoded from.
  const cat = await catalogueJSON(page);
  const rule = cat.rules.find((r) => r.document === "nanming" && !r.clause.includes(";"));
  await page.getByLabel("搜索条款和措施").fill(rule.title.zh);
  await eventually(async () => assert.ok(await page.locator(`[id="${clauseId("nanming", rule.clause)}"]`).isVisible()));
  // A word in most clauses: each measure counted once, however many clauses cite it.
  await page.getByLabel("搜索条款和措施").fill("企业");
  await eventually(async () => assert.match(await page.locator("#rule-filter-count").innerText(), /^找到 \d+ 条条款/));
  const measures = Number((await page.locator("#rule-filter-count").innerText()).match(/涉及 (\d+) 项措施/)[1]);
  assert.ok(measures > 0 && measures <= cat.rules.length, `${measures} measures of ${cat.rules.length}`);
  await page.getByLabel("搜索条款和措施").fill("");
  await eventually(async () => assert.equal(await page.locator("#rule-filter-count").innerText(), before));
  assert.equal(await page.locator("#doc-jingan").isVisible(), true);
  assert.equal(await page.locator("details.doc-text[open]").count(), 0, "the texts closed again, as they were before the search");
  await context.close();
});

test("the catalogue page with a document's text open: axe finds nothing", async () => {
  const { context, page } = await openCatalogue(PHONE, "#doc-jiading");
  await page.locator("#doc-jiading details.doc-text > summary").click();
  await page.waitForSelector("#doc-jiading div.clause");
  await axe(page, "Jiading's text open", "#doc-jiading");
  await context.close();
});
