// Browser tests of issue 22: one story from headline to print and batch
// (the same counts for one profile on the page, on paper and in the batch
// table), the result first on a phone (a summary one tap away without
// scrolling past the questionnaire, the questions left folded to the next
// one, only the founder's district among the not eligible), the next steps
// a card names, the batch table at 375 px, and "clear my data" with undo.
import test from "node:test";
import assert from "node:assert/strict";
import { record, waitReady, screenshotPath, siteAndBrowser } from "./harness.mjs";
import { answer, settled, eventually } from "./page.mjs";

const site = siteAndBrowser();

const PHONE = { width: 375, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

// A Nanming software firm, in the text's period: money the texts fix,
// measures that are not money, and Jing'an's measures not eligible.
const NANMING = {
  date: "2018-06-01",
  answers: {
    organisation_kind: "company", registered_district: "nanming", tax_district: "nanming", compare_districts: false,
    registration_date: "2014-03-01", industries: ["software", "big_data"], hightech_certified: true, hightech_cert_year: 2017,
    software_certified: true, software_cert_year: 2017, invention_patents: 2, nanming_utility_patents: 3, nanming_software_copyrights: 5,
  },
};
// A one-year Jing'an big-data start-up in the text's period: money an
// official decides, not money, national pointers.
const JINGAN = {
  date: "2018-06-01",
  answers: {
    organisation_kind: "company", registered_district: "jingan", tax_district: "jingan", compare_districts: false,
    registration_date: "2017-06-01", industries: ["big_data"], size_sector: "software", headcount: 12, revenue_last_year: 3000000, jingan_growth_stage: "startup",
  },
};

// linkFor(profile) → the page's address with the answers in its fragment,
// as "copy link" writes it.
function linkFor(profile, query = "") {
  const json = JSON.stringify({ answers: profile.answers, date: profile.date });
  return `${site.server.url}${query}#a=${Buffer.from(json).toString("base64url")}`;
}

async function open(viewport, url) {
  const context = await site.browser.newContext({ viewport, acceptDownloads: true });
  const rec = await record(context);
  const page = await context.newPage();
  await page.goto(url);
  await waitReady(page);
  await settled(page);
  await page.waitForSelector("#hl-counts li", { state: "attached" });
  return { context, page, rec };
}

// pageCounts(page) → the count of each part as the headline says it, and
// the number of cards in each part's section.
async function pageCounts(page) {
  return page.evaluate(() => {
    const sections = { fixed: "sec-eligible", official: "sec-official", possible: "sec-check", not_money: "sec-not-money", national: "sec-national", lapsed: "sec-lapsed" };
    const headline = Object.fromEntries([...document.querySelectorAll("#hl-counts li")].map((li) => [li.dataset.part, Number(li.dataset.count)]));
    const cards = Object.fromEntries(Object.entries(sections).map(([p, id]) => [p, document.querySelectorAll(`#${id} article.card`).length]));
    return { headline, cards };
  });
}

test("one profile gets the same counts in the headline, the sections, the print and the batch table", async () => {
  const { context, page, rec } = await open(DESKTOP, linkFor(JINGAN));
  const { headline, cards } = await pageCounts(page);
  // The headline names each part that holds a measure, with the count of its section's cards.
  for (const [part, n] of Object.entries(cards)) if (n > 0 || part === "fixed") assert.equal(headline[part], n, `${part}: headline ${headline[part]}, section ${n}`);
  assert.ok(cards.official > 0 && cards.not_money > 0, `the Jing'an start-up has money an official decides and measures that are not money: ${JSON.stringify(cards)}`);
  // Money an official decides is never said to be met funding.
  const words = await page.locator("#headline").innerText();
  assert.doesNotMatch(words, /符合\s*\d+\s*项资金支持/);
  assert.match(words, new RegExp(`由主管部门决定 ${cards.official} 项`));
  // The old text is said once, in the headline, not on each card.
  assert.equal(await page.locator("#hl-caveat").count(), 0, "a 2018 assessment needs no caveat");
  assert.equal(await page.locator("article.card .card-currency").count(), 0);
  // On paper: the same headline counts, and the same cards.
  await page.emulateMedia({ media: "print" });
  const printed = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#hl-counts li")].filter((li) => li.getClientRects().length).map((li) => [li.dataset.part, Number(li.dataset.count)])));
  assert.deepEqual(printed, headline);
  for (const [part, id] of [["fixed", "sec-eligible"], ["official", "sec-official"], ["not_money", "sec-not-money"], ["national", "sec-national"]]) {
    const shown = await page.evaluate((sel) => [...document.querySelectorAll(`#${sel} article.card`)].filter((c) => c.getClientRects().length).length, id);
    assert.equal(shown, cards[part], `printed ${part} cards`);
  }
  await page.emulateMedia({ media: "screen" });
  // The batch page: the same answers as one JSON Lines row, the same date.
  await page.goto(`${site.server.url}batch.html`);
  await waitReady(page);
  await page.locator("#assessment-date").fill(JINGAN.date);
  await page.locator("#file").setInputFiles({ name: "one.jsonl", mimeType: "application/json", buffer: Buffer.from(`${JSON.stringify({ company: "A", ...JINGAN.answers })}\n`) });
  await page.waitForFunction(() => document.documentElement.dataset.batch === "done", null, { timeout: 60000 });
  const row = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll("#results-body tr:first-child td")].map((td) => [td.className.replace(/^col-| num$/g, ""), td.textContent])));
  assert.equal(Number(row.eligible), headline.fixed, "batch eligible = the page's fixed by the texts");
  assert.equal(Number(row.official), headline.official ?? 0, "batch official = the page's");
  assert.equal(Number(row.possible), headline.possible ?? 0, "batch possible = the page's");
  assert.equal(Number(row.lapsed), headline.lapsed ?? 0, "batch lapsed = the page's");
  assert.deepEqual(rec.consoleErrors, []);
  await context.close();
});

test("on a phone the summary is one tap away without scrolling past the questionnaire, from anywhere", async () => {
  const { context, page, rec } = await open(PHONE, linkFor(NANMING));
  await page.evaluate(() => scrollTo(0, 0));
  // The questionnaire fills the screen, the result is below it...
  const reportTop = await page.evaluate(() => document.querySelector("#report").getBoundingClientRect().top);
  assert.ok(reportTop > PHONE.height, `the result starts at ${reportTop}px, below the first screen`);
  // ...and the summary is on the screen all the same, with the headline's counts.
  const inView = async () => page.evaluate(() => {
    const r = document.querySelector("#summary-bar").getBoundingClientRect();
    return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight;
  });
  assert.equal(await inView(), true, "the summary bar is on the first screen");
  const bar = await page.locator("#summary-bar").innerText();
  const first = await page.locator("#hl-counts li").first().innerText();
  assert.ok(bar.includes(first.trim()), `the bar "${bar}" says the headline's "${first}"`);
  await page.screenshot({ path: screenshotPath("story-phone-start-zh") });
  await page.locator("#summary-bar a.summary-main").click();
  await eventually(async () => {
    const top = await page.evaluate(() => document.querySelector("#headline").getBoundingClientRect().top);
    assert.ok(top >= 0 && top < PHONE.height, `the headline at ${top}px after one tap`);
  });
  // Deep in the results the bar is still there, and each part's section is one tap away.
  await page.evaluate(() => document.querySelector("#documents").scrollIntoView());
  assert.equal(await inView(), true, "the summary bar is on the screen deep in the result");
  await page.locator('#summary-bar a[data-part="fixed"]').click();
  await eventually(async () => {
    const top = await page.evaluate(() => document.querySelector("#sec-eligible").getBoundingClientRect().top);
    assert.ok(top >= -1 && top < PHONE.height, `the section fixed by the texts at ${top}px after one tap`);
  });
  // The bar does not hide the end of the page.
  await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
  const covered = await page.evaluate(() => document.querySelector(".site-footer").getBoundingClientRect().bottom - document.querySelector("#summary-bar").getBoundingClientRect().top);
  assert.ok(covered <= 0, `the bar covers the last ${covered}px of the page`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal scroll of ${overflow}px`);
  assert.deepEqual(rec.consoleErrors, []);
  await context.close();
});

test("the questions left fold to a count and the next question", async () => {
  const answers = { organisation_kind: "company", registered_district: "nanming" };
  const { context, page } = await open(PHONE, linkFor({ answers, date: NANMING.date }));
  const left = Number(await page.evaluate(() => document.documentElement.dataset.open));
  assert.ok(left > 1, `${left} questions left`);
  const visible = await page.locator("#open-questions a.q-link:visible").count();
  assert.equal(visible, 1, "one question shown: the next");
  assert.match(await page.locator("#open-questions .open-next").innerText(), new RegExp(`还有 ${left} 个问题`));
  await page.locator("#open-questions details > summary").click();
  assert.equal(await page.locator("#open-questions details a.q-link:visible").count(), left);
  await context.close();
});

test("not eligible: only the founder's district unless comparing, grouped by document", async () => {
  const { context, page } = await open(DESKTOP, linkFor(NANMING));
  await page.locator("#toggle-not-eligible").click();
  const docs = await page.locator("#not-eligible-list .ne-group").evaluateAll((gs) => gs.map((g) => g.dataset.document));
  assert.ok(docs.length > 0 && docs.every((d) => d === "nanming"), `groups: ${docs}`);
  assert.ok(Number(await page.locator(".ne-elsewhere").getAttribute("data-n")) > 0, "the other districts' measures are counted");
  await context.close();
  const compare = { ...NANMING, answers: { ...NANMING.answers, compare_districts: true } };
  const c = await open(PHONE, linkFor(compare));
  await c.page.locator("#toggle-not-eligible").click();
  const all = await c.page.locator("#not-eligible-list .ne-group").evaluateAll((gs) => gs.map((g) => g.dataset.document));
  assert.ok(all.length > 1, `comparing lists every district's: ${all}`);
  assert.equal(await c.page.locator(".ne-elsewhere").count(), 0);
  // The comparison's counts, in the story's words, fit a phone.
  assert.match(await c.page.locator("#comparison").innerText(), /文件确定 \d+ 项/);
  const overflow = await c.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `horizontal scroll of ${overflow}px with the comparison`);
  await c.context.close();
});

test("a card names its document, links to the clause, and the checklist lists papers, not conditions", async () => {
  const { context, page } = await open(DESKTOP, linkFor(NANMING));
  const card = page.locator("#sec-eligible article.card").first();
  const cite = await card.locator(".card-cite").innerText();
  assert.match(cite, /《.+》/, "the document's title");
  assert.match(cite, /2017-05-03/, "its date");
  assert.match(cite, /南明区/, "its issuer");
  const href = await card.locator("a.clause-link").getAttribute("href");
  const rule = await card.getAttribute("data-rule");
  const cat = await page.evaluate(() => globalThis.policycheckPage.catalogue());
  const r = cat.rules.find((x) => x.id === rule);
  assert.equal(href, `catalogue.html#clause-${r.document}-${encodeURIComponent(r.clause.split(";")[0].trim())}`);
  // The administering body: on the card where the text names it, else once per document.
  const implied = await page.locator("#report article.card .card-facts dd", { hasText: "未指明" }).count();
  assert.equal(implied, 0, "no card says the body is not named");
  assert.equal(await page.locator('#documents .doc[data-document="nanming"] .doc-admin').count(), 1);
  // Obligations are said once: in Chinese the text's words alone.
  for (const li of await page.locator("article.card .provisions li").all()) {
    const text = (await li.innerText()).replace(/[“”"]/g, "");
    const quote = (await li.locator("q").allInnerTexts()).join("");
    if (quote) assert.equal(text.trim(), quote.trim(), "an obligation said twice");
  }
  const list = await page.locator("#checklist li").allInnerTexts();
  assert.ok(list.length > 0);
  for (const item of list) assert.doesNotMatch(item, /申请主体|注册登记|税收属地/, `a condition in the checklist: ${item}`);
  await context.close();
});

test("the batch table at 375 px: headings wrap at words, not a character a line; every column can be reached", async () => {
  const context = await site.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto(`${site.server.url}batch.html`);
  await waitReady(page);
  assert.match(await page.locator("#assessment-date-help").innerText(), /今天/);
  const rows = [
    { company: "南明软件", ...NANMING.answers },
    { company: "静安大数据", ...JINGAN.answers },
    { company: "嘉定物联网", organisation_kind: "company", registered_district: "jiading", tax_district: "jiading", industries: ["iot"] },
  ];
  await page.locator("#assessment-date").fill("2026-12-07");
  await page.locator("#file").setInputFiles({ name: "three.jsonl", mimeType: "application/json", buffer: Buffer.from(rows.map((r) => JSON.stringify(r)).join("\n") + "\n") });
  await page.waitForFunction(() => document.documentElement.dataset.batch === "done", null, { timeout: 60000 });
  const heads = await page.evaluate(() => [...document.querySelectorAll("#results-head th")].map((th) => {
    const b = th.querySelector("button");
    const range = document.createRange();
    range.selectNodeContents(b);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    return { col: th.dataset.col, text: b.textContent, lines, chars: [...b.textContent.replace(/\s/g, "")].length };
  }));
  for (const h of heads) assert.ok(h.lines <= 3 && (h.chars <= 3 || h.lines < h.chars / 2), `heading "${h.text}" takes ${h.lines} lines for ${h.chars} characters`);
  // No page-wide sideways scroll: the table scrolls inside its box, its first column fixed.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
  const cut = await page.evaluate(() => {
    const wrap = document.querySelector(".table-wrap");
    wrap.scrollLeft = wrap.scrollWidth;
    const box = wrap.getBoundingClientRect();
    const last = document.querySelector("#results-head th:last-child").getBoundingClientRect();
    const first = document.querySelector("#results-head th:first-child").getBoundingClientRect();
    return { lastRight: last.right - box.right, firstLeft: first.left - box.left };
  });
  assert.ok(cut.lastRight <= 1, `the last column is cut by ${cut.lastRight}px`);
  assert.ok(Math.abs(cut.firstLeft) <= 1, `the first column moved ${cut.firstLeft}px when scrolled`);
  // The Jiading row says why nothing counts.
  const jiading = await page.evaluate(() => [...document.querySelectorAll("#results-body tr")].find((tr) => tr.textContent.includes("嘉定物联网")).querySelector(".col-lapsed_reason").textContent);
  assert.match(jiading, /2020-12-31/);
  await page.screenshot({ path: screenshotPath("story-batch-375-zh"), fullPage: true });
  await context.close();
});

test("clear my data can be undone for a few seconds", async () => {
  const { context, page } = await open(DESKTOP, linkFor(NANMING));
  const before = NANMING.answers;
  await page.getByText(/设置与数据/).click();
  await page.locator("#clear-data").click();
  await settled(page);
  assert.equal(await page.locator("#report-before").isVisible(), true, "the form is reset");
  await page.locator("#undo-clear").click();
  await settled(page);
  await eventually(async () => assert.deepEqual(await page.evaluate(() => JSON.parse(sessionStorage.getItem("policycheck:session") || "{}").answers), before));
  assert.equal(await page.locator("#report-before").isVisible(), false, "the result is back");
  await context.close();
});

test("the step counter follows each answer, and the download counter counts the bytes that travel", async () => {
  const context = await site.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto(site.server.url);
  await waitReady(page);
  const cat = await page.evaluate(() => globalThis.policycheckPage.catalogue());
  const q = (id) => cat.questions.find((x) => x.id === id);
  await answer(page, q("organisation_kind"), "company");
  await answer(page, q("registered_district"), "nanming");
  await eventually(async () => assert.match(await page.locator("#flow-position").innerText(), /已回答 2\/\d/));
  // The page knows the wasm's compressed size: the counter says what travels, not the 4 MB the engine takes in memory.
  const [wasm, wire] = await page.evaluate(() => ["policycheck-wasm-bytes", "policycheck-wasm-wire-bytes"].map((n) => Number(document.querySelector(`meta[name="${n}"]`).content)));
  assert.ok(wire > 0 && wire < wasm / 2, `wire ${wire} bytes for a wasm of ${wasm}`);
  await context.close();
});
