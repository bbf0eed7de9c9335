// Browser tests of the self-check page in Debian's Chromium.
import test from "node:test";
import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { launch, record, startServer, waitReady, screenshotPath } from "./harness.mjs";
import { profiles } from "./profiles.mjs";
import { answer, catalogue, engineReport, eventually, fillProfile, gotoStep, shown } from "./page.mjs";

let server;
let browser;
test.before(async () => {
  server = await startServer();
  browser = await launch();
});
test.after(async () => {
  await browser?.close();
  await server?.stop();
});

async function open(viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const rec = await record(context);
  const page = await context.newPage();
  await page.goto(server.url);
  await waitReady(page);
  return { context, page, rec };
}

for (const profile of profiles) {
  test(`${profile.name}: the page shows what the engine computes`, async () => {
    const { context, page, rec } = await open();
    const cat = await catalogue(page);
    await fillProfile(page, cat, profile);
    const engine = await engineReport(page, profile.answers, profile.date);
    assert.equal(engine.error, undefined, JSON.stringify(engine.error));
    await eventually(async () => {
      const s = await shown(page);
      const want = Object.fromEntries(engine.results.filter((r) => r.rule in s.cards).map((r) => [r.rule, r.status]));
      assert.deepEqual(s.cards, want);
      for (const r of engine.results) {
        if (r.status !== "not_eligible") assert.ok(r.rule in s.cards, `card for ${r.rule} missing`);
      }
      assert.deepEqual(s.oneTime, [engine.totals.one_time.min, engine.totals.one_time.max]);
      assert.deepEqual(s.yearly, [engine.totals.yearly.min, engine.totals.yearly.max]);
    });
    // What the texts give, independent of the page's own engine call.
    const byRule = Object.fromEntries(engine.results.map((r) => [r.rule, r]));
    for (const [rule, [status, amount]] of Object.entries(profile.expect)) {
      assert.equal(byRule[rule].status, status, rule);
      if (amount !== null) assert.equal(byRule[rule].amount.max, amount, rule);
      if (status === "eligible") {
        const card = page.locator(`article.card[data-rule="${rule}"]`);
        assert.equal(await card.getAttribute("data-status"), "eligible");
        if (amount !== null) {
          const text = await card.locator(".amount").first().textContent();
          const want = amount >= 10000 && amount % 100 === 0 ? `${amount / 10000}万元` : `${amount}元`;
          assert.ok(text.includes(want), `${rule}: amount shown "${text}", want ${want}`);
        }
      }
    }
    // The exported answers are exactly the profile: the form wrote what was typed.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "导出回答" }).click()]);
    const stream = await download.createReadStream();
    let body = "";
    for await (const chunk of stream) body += chunk;
    const exported = JSON.parse(body);
    assert.deepEqual(exported.answers ?? exported, profile.answers);
    await page.screenshot({ path: screenshotPath(`profile-${profiles.indexOf(profile) + 1}-desktop`), fullPage: true });
    assert.deepEqual(rec.violations, []);
    assert.deepEqual(rec.consoleErrors, []);
    await context.close();
  });
}

test("privacy: no request carries an answer, every request is a same-origin GET, and the estimate works offline", async () => {
  const { context, page, rec } = await open();
  const cat = await catalogue(page);
  // Reach every number and date field: a profile that makes most questions relevant.
  for (const [id, v] of Object.entries({ organisation_kind: "company", registered_district: "nanming", compare_districts: true,
    industries: ["trade", "medical_devices", "biomedicine"], moved_in: true, hightech_certified: true, software_certified: true,
    nanming_professional_cert: true, nanming_maker_space_graduate: true })) {
    await answer(page, cat, id, v);
  }
  const markers = [];
  let n = 0;
  for (const step of cat.steps) {
    await gotoStep(page, cat, step.id);
    const inputs = page.locator(`#step-${step.id} input[type=number]:visible, #step-${step.id} input[type=text]:visible`);
    for (const input of await inputs.all()) {
      const marker = String(917300 + n++) + "37";
      markers.push(marker);
      await input.fill(marker);
    }
  }
  assert.ok(markers.length >= 8, `only ${markers.length} number fields reached`);
  await page.locator("#assessment-date").fill("2018-05-17");
  await page.waitForTimeout(500);
  const leaks = rec.requests.filter((r) => markers.some((m) => r.url.includes(m) || r.body.includes(m) || JSON.stringify(r.headers).includes(m)));
  assert.deepEqual(leaks, [], "a request carried an answer");
  const origin = new URL(server.url).origin;
  for (const r of rec.requests) {
    assert.equal(r.method, "GET", r.url);
    assert.equal(new URL(r.url).origin, origin, r.url);
  }
  assert.deepEqual(rec.violations, [], "CSP violations");
  // Cut the network: answers still change the estimate.
  await context.setOffline(true);
  await answer(page, cat, "registered_district", "jingan");
  await answer(page, cat, "tax_district", "jingan");
  await eventually(async () => {
    const cards = (await shown(page)).cards;
    assert.notEqual(cards["jingan.invention-patent-grant-funding"], undefined);
    assert.notEqual(cards["jingan.invention-patent-grant-funding"], "not_eligible");
  });
  const before = rec.requests.length;
  await answer(page, cat, "compare_districts", false);
  await page.waitForTimeout(300);
  assert.equal(rec.requests.length, before, "an answer change made a request");
  await context.close();
});

test("a bad call into the engine from the page leaves it working", async () => {
  const { context, page } = await open();
  const cat = await catalogue(page);
  const bad = await page.evaluate(() => [
    globalThis.policycheck.estimate(),
    globalThis.policycheck.estimate(42),
    globalThis.policycheck.estimate("{not json", "2018-01-01"),
    globalThis.policycheck.estimate("{}", "2018-02-31"),
  ].map((s) => JSON.parse(s).error.code));
  assert.deepEqual(bad, ["bad_call", "bad_call", "invalid_answers", "invalid_date"]);
  await answer(page, cat, "organisation_kind", "company");
  await answer(page, cat, "registered_district", "nanming");
  await eventually(async () => {
    const cards = (await shown(page)).cards;
    assert.equal(cards["nanming.hightech-certification-grant"], "possible");
    assert.ok([undefined, "not_eligible"].includes(cards["jingan.invention-patent-grant-funding"]));
  });
  await context.close();
});

async function axe(page, what) {
  const res = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const v = res.violations.map((x) => `${what}: ${x.id}: ${x.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
  assert.deepEqual(v, []);
}

test("accessibility: axe finds no violations at any step, in both languages, with an error shown", async () => {
  const { context, page } = await open();
  const cat = await catalogue(page);
  await fillProfile(page, cat, profiles[0]);
  for (const lang of ["zh", "en"]) {
    if (lang === "en") await page.getByRole("button", { name: "English" }).click();
    assert.equal(await page.evaluate(() => document.documentElement.lang.slice(0, 2)), lang);
    for (const step of cat.steps) {
      await gotoStep(page, cat, step.id, lang);
      await axe(page, `${lang} step ${step.id}`);
    }
  }
  // The error state: a negative count, shown at its field.
  await gotoStep(page, cat, "ip", "en");
  await page.getByLabel(cat.questions.find((q) => q.id === "invention_patents").label.en, { exact: true }).fill("-3");
  await eventually(async () => assert.equal(await page.locator("#err-invention_patents").isVisible(), true));
  const msg = await page.locator("#err-invention_patents").textContent();
  assert.match(msg, /negative/);
  await axe(page, "error state");
  await page.screenshot({ path: screenshotPath("error-state-desktop") });
  // Focus moves to the step heading on a step change.
  await page.getByRole("button", { name: "Next" }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), "step-heading-sales");
  await context.close();
  const cat2 = await open();
  await cat2.page.goto(server.url + "catalogue.html");
  await waitReady(cat2.page);
  await axe(cat2.page, "catalogue page");
  await cat2.page.screenshot({ path: screenshotPath("catalogue-desktop") });
  await cat2.context.close();
});

test("screenshots of the main states at desktop and phone width", async () => {
  for (const [name, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 320, height: 720 }]]) {
    const { context, page } = await open(viewport);
    await page.screenshot({ path: screenshotPath(`start-${name}`), fullPage: true });
    const cat = await catalogue(page);
    await fillProfile(page, cat, profiles[0]);
    await page.waitForTimeout(300);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${name}: horizontal scroll of ${overflow}px`);
    await page.screenshot({ path: screenshotPath(`filled-${name}`), fullPage: true });
    await page.getByRole("button", { name: "English" }).click();
    await page.screenshot({ path: screenshotPath(`filled-en-${name}`), fullPage: true });
    await context.close();
  }
});
