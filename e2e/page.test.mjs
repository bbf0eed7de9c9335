// Browser tests of the self-check page in Debian's Chromium: the flow for
// the three profiles in both languages (questions shown before the result
// settles, no cards before the first answers, the print), reload, the engine
// failing to load, privacy, accessibility and screenshots.
import test from "node:test";
import assert from "node:assert/strict";
import { STRINGS } from "../site/i18n.js";
import { record, waitReady, screenshotPath, siteAndBrowser, axe } from "./harness.mjs";
import { profiles } from "./profiles.mjs";
import { catalogue, engineReport, eventually, settled, shownReport, visibleQuestions, walk, answer, setDate } from "./page.mjs";

const site = siteAndBrowser();

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 740 };

async function open(viewport = DESKTOP, query = "") {
  const context = await site.browser.newContext({ viewport, acceptDownloads: true });
  const rec = await record(context);
  const page = await context.newPage();
  await page.goto(site.server.url + query);
  await waitReady(page);
  return { context, page, rec };
}

// printPages(page) → the A4 pages of the printed report (emulated print
// media to PDF), after checking that the paper holds what issue 11 asks:
// the answers, the headline, the results with their clause, the combined
// checklist (when something is eligible), the documents' currency and the
// disclaimer; and not the questionnaire.
async function printPages(page) {
  await page.emulateMedia({ media: "print" });
  // The page hears of print media at its next rendering step (a change of
  // matchMedia('print'), as a print preview gives; printing itself fires
  // beforeprint first), and writes what only the paper shows then.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  const visible = (sel) => page.evaluate((s) => [...document.querySelectorAll(s)].some((e) => e.getClientRects().length > 0), sel);
  for (const sel of ["#print-answers li", "#headline", "#documents .doc", "#disclaimer"]) assert.ok(await visible(sel), `print shows ${sel}`);
  if (await page.locator("article.card").count()) assert.ok(await visible("article.card .print-cite"), "print cites each clause");
  if (await page.locator("#sec-eligible article.card").count()) assert.ok(await visible("#checklist li"), "print shows the combined checklist");
  assert.equal(await visible("#questionnaire"), false, "the questionnaire is not printed");
  const pdf = await page.pdf({ format: "A4", preferCSSPageSize: true });
  await page.emulateMedia({ media: "screen" });
  return (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
}

const figures = [];
test.after(() => {
  for (const f of figures) console.log(`# ${f}`);
});

for (const [i, profile] of profiles.entries()) {
  for (const lang of ["zh", "en"]) {
    test(`${profile.name} (${lang}): the flow asks only what matters, the result settles and prints on few pages`, async () => {
      const { context, page, rec } = await open(DESKTOP, lang === "en" ? "?lang=en" : "");
      // Before the first answers: the first screen and no result card.
      assert.equal(await page.locator("article.card").count(), 0);
      assert.equal(await page.locator("#report-before").isVisible(), true);
      assert.deepEqual((await visibleQuestions(page)).slice(0, 2), ["organisation_kind", "registered_district"]);
      assert.equal(await page.locator("#screen-fields input:checked").count(), 0, "nothing preselected");
      if (i === 0) await axe(page, `${lang} start`);
      const cat = await catalogue(page);
      const { shown, answered } = await walk(page, cat, profile, lang);
      const s = await shownReport(page);
      const engine = await engineReport(page, answered, profile.date);
      assert.equal(engine.error, undefined, JSON.stringify(engine.error));
      // The page shows what the engine computes for the answers given.
      const want = Object.fromEntries(engine.results.filter((r) => r.status !== "not_eligible").map((r) => [r.rule, r.status]));
      assert.deepEqual(s.cards, want);
      assert.deepEqual(s.more, [engine.totals.possibly_more.one_time, engine.totals.possibly_more.yearly]);
      if (engine.totals.secured.one_time + engine.totals.secured.yearly > 0) assert.deepEqual(s.secured, [engine.totals.secured.one_time, engine.totals.secured.yearly]);
      else assert.doesNotMatch(await page.locator("#headline").textContent(), /(^|[^0-9.,])0 ?(元|yuan)/);
      // Answering every question shown leaves nothing possible for lack of an
      // answer, and no card asks for a question (least of all one the form never offers).
      assert.equal(s.open, engine.open_questions.length);
      const possible = engine.results.filter((r) => r.status === "possible").length;
      assert.deepEqual(engine.open_questions, [], "open questions after answering every shown question");
      assert.equal(possible, 0, "results left possible after answering every shown question");
      assert.equal(await page.locator("#report article.card .q-name, #report .deciding, #report .amount-missing").count(), 0, "a card still asks for an answer");
      // What the texts give, where the profile decides it.
      const byRule = Object.fromEntries(engine.results.map((r) => [r.rule, r]));
      for (const [rule, [status, amount]] of Object.entries(profile.expect)) {
        if (!byRule[rule]) continue; // a rule renamed in rules/ since the profile was written
        assert.equal(byRule[rule].status, status, rule);
        if (amount !== null) assert.equal(byRule[rule].amount.max, amount, rule);
      }
      // The cards say what to do next: the body to apply to and what to prepare.
      for (const card of await page.locator("#sec-eligible article.card").all()) {
        assert.equal(await card.locator(".next-steps dt").first().isVisible(), true);
      }
      assert.doesNotMatch(await page.locator("#report").textContent(), /[a-z]+\.[a-z0-9-]+-[a-z0-9-]+/, "no internal rule id on the page");
      const pages = await printPages(page);
      figures.push(`profile ${i + 1} (${lang}): ${shown.length} questions shown before the result settles, ${engine.open_questions.length} open, ${possible} possible, ${s.cards ? Object.keys(s.cards).length : 0} cards, print ${pages} A4 pages`);
      assert.ok(pages <= 3, `the report prints on ${pages} A4 pages (at most 3)`);
      await axe(page, `${lang} profile ${i + 1} result`);
      await page.screenshot({ path: screenshotPath(`profile-${i + 1}-${lang}-1280`), fullPage: true });
      // A reload keeps the answers (this tab's sessionStorage) and gives the same result.
      await page.reload();
      await waitReady(page);
      await eventually(async () => assert.deepEqual((await shownReport(page)).cards, s.cards));
      // On a phone: the same result, a summary that stays reachable, no sideways scroll.
      await page.setViewportSize(PHONE);
      await page.locator("#prev-screen").click();
      assert.equal(await page.locator("#summary-bar").isVisible(), true);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `horizontal scroll of ${overflow}px`);
      await page.screenshot({ path: screenshotPath(`profile-${i + 1}-${lang}-375`), fullPage: false });
      await axe(page, `${lang} profile ${i + 1} phone`);
      // An answer changed just before the page is left is kept as well (the
      // page writes its answers when a person pauses, or when it is left).
      const count = page.locator("#screen-fields input[type=number]").first();
      if (await count.count()) {
        const id = (await count.getAttribute("id")).replace(/^q-/, "");
        await count.fill("7");
        await page.reload();
        await waitReady(page);
        const kept = await page.evaluate(() => JSON.parse(sessionStorage.getItem("policycheck:session")).answers);
        assert.equal(kept[id], 7, `the answer to ${id} given just before the reload`);
      }
      assert.deepEqual(rec.violations, []);
      assert.deepEqual(rec.consoleErrors, []);
      await context.close();
    });
  }
}

test("the page's own Chinese copy uses full-width punctuation", () => {
  const bad = [];
  for (const [key, v] of Object.entries(STRINGS.zh)) {
    const text = typeof v === "function" ? v(new Proxy({}, { get: () => "1" })) : v;
    if (/[\u4e00-\u9fff][,:;?!()]|[,:;?!()][\u4e00-\u9fff]/.test(text)) bad.push(`${key}: ${text}`);
  }
  assert.deepEqual(bad, []);
});

test("the first screen at 375 and 1280 px in both languages, and the language toggle names the other language", async () => {
  for (const [name, viewport] of [["1280", DESKTOP], ["375", PHONE]]) {
    const { context, page } = await open(viewport);
    assert.equal((await page.locator("#lang-toggle").textContent()).trim(), "English");
    await page.screenshot({ path: screenshotPath(`start-zh-${name}`) });
    await page.locator("#lang-toggle").click();
    assert.equal((await page.locator("#lang-toggle").textContent()).trim(), "中文");
    assert.equal(await page.locator("#lang-toggle").getAttribute("lang"), "zh-CN");
    await page.screenshot({ path: screenshotPath(`start-en-${name}`) });
    await axe(page, `start en ${name}`);
    await context.close();
  }
});

test("the engine failing to load: a message naming the cause, actions disabled, a retry that works", async () => {
  const context = await site.browser.newContext({ viewport: DESKTOP });
  const rec = await record(context);
  await context.route(/\.wasm$/, (r) => r.abort("internetdisconnected"));
  const page = await context.newPage();
  await page.goto(site.server.url);
  const failure = page.locator("#engine-failure");
  await failure.waitFor({ state: "visible" });
  assert.equal(await failure.getAttribute("data-kind"), "network");
  const text = await failure.textContent();
  assert.match(text, /网络/);
  assert.doesNotMatch(text, /Failed to fetch|WebAssembly/);
  assert.equal(await page.locator("#print-report").isDisabled(), true);
  assert.equal(await page.locator("#copy-link").isDisabled(), true);
  assert.equal(await page.locator("#export-answers").isDisabled(), true);
  // The first questions do not wait for the engine.
  assert.deepEqual((await visibleQuestions(page)).slice(0, 2), ["organisation_kind", "registered_district"]);
  await page.getByRole("button", { name: "English" }).click();
  assert.match(await failure.textContent(), /network/);
  await axe(page, "engine failure");
  await page.screenshot({ path: screenshotPath("engine-failure-en-1280") });
  await context.unroute(/\.wasm$/);
  await page.getByRole("button", { name: "Try again" }).click();
  await waitReady(page);
  assert.equal(await failure.isVisible(), false);
  assert.equal(await page.locator("#print-report").isDisabled(), false);
  assert.deepEqual(rec.violations, []);
  await context.close();
});

test("privacy: no request carries an answer, every request is a same-origin GET, the engine works offline", async () => {
  const { context, page, rec } = await open();
  const cat = await catalogue(page);
  const marker = 917337;
  const profile = { date: "2017-06-01", answers: { ...profiles[0].answers, invention_patents: marker, nanming_software_copyrights: marker + 1 } };
  await walk(page, cat, profile);
  const leaks = rec.requests.filter((r) => [marker, marker + 1].some((m) => r.url.includes(String(m)) || r.body.includes(String(m)) || JSON.stringify(r.headers).includes(String(m))));
  assert.deepEqual(leaks, [], "a request carried an answer");
  const origin = new URL(site.server.url).origin;
  for (const r of rec.requests) {
    assert.equal(r.method, "GET", r.url);
    assert.equal(new URL(r.url).origin, origin, r.url);
  }
  assert.deepEqual(rec.violations, [], "CSP violations");
  await context.setOffline(true);
  const before = rec.requests.length;
  await page.locator("#prev-screen").click();
  const ids = await visibleQuestions(page);
  const q = cat.questions.find((x) => x.id === ids[0]);
  if (q.type === "bool") await answer(page, q, true);
  await settled(page);
  assert.equal(rec.requests.length, before, "an answer change made a request");
  await context.close();
});

test("a bad call into the engine leaves it working", async () => {
  for (const mode of ["main", "worker"]) {
    const { context, page } = await open(DESKTOP, `?engine=${mode}`);
    const where = mode === "worker" ? page.workers()[0] : page;
    assert.ok(where, "the engine runs in a worker");
    assert.equal(await page.evaluate(() => globalThis.policycheckPage.mode()), mode);
    await badCalls(where, page);
    await context.close();
  }
});

async function badCalls(where, page) {
  const bad = await where.evaluate(() => [
    globalThis.policycheck.estimate(),
    globalThis.policycheck.estimate(42),
    globalThis.policycheck.estimate("{not json", "2018-01-01"),
    globalThis.policycheck.estimate("{}", "2018-02-31"),
  ].map((s) => JSON.parse(s).error.code));
  assert.deepEqual(bad, ["bad_call", "bad_call", "invalid_answers", "invalid_date"]);
  const cat = await catalogue(page);
  const byId = new Map(cat.questions.map((q) => [q.id, q]));
  await answer(page, byId.get("organisation_kind"), "company");
  await answer(page, byId.get("registered_district"), "nanming");
  await eventually(async () => assert.ok(Object.keys((await shownReport(page)).cards).length > 0));
}

test("the catalogue page: axe finds nothing", async () => {
  const { context, page } = await open();
  await page.goto(site.server.url + "catalogue.html");
  await waitReady(page);
  await axe(page, "catalogue page");
  await page.screenshot({ path: screenshotPath("catalogue-1280") });
  await context.close();
});

test("a Jiading founder on 2026-12-07 is told first that nothing in force applies, and one click assesses the same answers as of a day the plan was in force", async () => {
  const { context, page } = await open();
  const cat = await catalogue(page);
  const q = (id) => cat.questions.find((x) => x.id === id);
  await setDate(page, "2026-12-07");
  await answer(page, q("organisation_kind"), "company");
  await answer(page, q("registered_district"), "jiading");
  await eventually(async () => assert.match(await page.locator("#headline").innerText(), /没有仍在有效期内的措施适用/));
  // Nothing is asked that could only change a lapsed measure.
  assert.equal(Number(await page.evaluate(() => document.documentElement.dataset.open)), 0);
  const button = page.locator('#headline li[data-document="jiading"] button.assess-on');
  const on = await button.getAttribute("data-date");
  assert.ok(on >= "2018-05-28" && on <= "2020-12-31", `assess as of ${on}, inside the plan's period`);
  await button.click();
  await settled(page);
  assert.equal(await page.locator("#assessment-date").inputValue(), on);
  await eventually(async () => assert.doesNotMatch(await page.locator("#headline").innerText(), /没有仍在有效期内的措施适用/));
  // The same answers, now with the plan's measures counted.
  const shown = await shownReport(page);
  assert.ok(Object.entries(shown.cards).some(([id, s]) => id.startsWith("jiading.") && s !== "lapsed"), "a Jiading measure is counted as of a day the plan was in force");
  await context.close();
});
