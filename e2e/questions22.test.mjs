// Browser tests of issue 22 item 2, "ask what a founder knows": the size
// class is derived from sector, staff and revenue rather than asked, and a
// question a founder may not know offers "not sure" with whom to ask,
// which keeps the measure possible without leaving the question open.
import test from "node:test";
import assert from "node:assert/strict";
import { waitReady, siteAndBrowser } from "./harness.mjs";
import { answer, catalogue, engineReport, settled, shownReport, visibleQuestions, walk } from "./page.mjs";

const site = siteAndBrowser();

async function open(lang = "zh") {
  const context = await site.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: lang === "en" ? "en-US" : "zh-CN" });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(site.server.url + (lang === "en" ? "?lang=en" : ""));
  await waitReady(page);
  return { context, page, errors };
}

// notSure picks a question's "not sure" (a radio, or the box beside a number).
async function notSure(page, q, lang) {
  const field = page.locator(`#field-${q.id}`);
  await field.getByLabel(q.not_sure[lang], { exact: true }).check();
  await settled(page);
  // The choice stays as made once the page has estimated it; beside a
  // number, the box disables the number.
  assert.equal(await field.getByLabel(q.not_sure[lang], { exact: true }).isChecked(), true);
  if (q.type === "count" || q.type === "money") assert.equal(await field.locator("input[type=number]").isDisabled(), true);
}

// walkWith walks as page.mjs's walk does, picking a question's own "not
// sure" where the profile answers "not_sure"; returns the ids shown.
async function walkWith(page, cat, profile, lang) {
  const answerWith = (p, q, value, l) => (value === "not_sure" ? notSure(p, q, l) : answer(p, q, value, l));
  return (await walk(page, cat, profile, lang, { answerWith })).shown;
}

for (const lang of ["zh", "en"]) {
  test(`a small Jing'an software start-up is asked its sector, staff and revenue, never whether it is small or micro, and counts as small (${lang})`, async () => {
    const { context, page, errors } = await open(lang);
    const cat = await catalogue(page);
    assert.equal(cat.questions.some((q) => q.id === "small_micro"), false, "small_micro is not a question");
    assert.ok(cat.derived.some((d) => d.id === "small_micro" && d.basis[0].number === "工信部联企业〔2011〕300号"), "small_micro is derived under 300号");
    const shown = await walkWith(page, cat, {
      date: "2018-06-01",
      answers: { organisation_kind: "company", registered_district: "jingan", tax_district: "jingan", size_sector: "software", headcount: 12, revenue_last_year: 2000000 },
    }, lang);
    for (const id of ["size_sector", "headcount", "revenue_last_year"]) assert.ok(shown.includes(id), `${id} is asked`);
    for (const id of ["total_assets", "size_class_declared"]) assert.equal(shown.includes(id), false, `${id} is not asked of a software firm`);
    const r = await shownReport(page);
    assert.equal(r.cards["jingan.small-micro-tech-startup-programme"], "eligible");
    // The company screen says which class the standard gives.
    for (let i = 0; i < 10 && !(await visibleQuestions(page)).includes("size_sector"); i++) await page.locator("#prev-screen").click();
    const line = await page.locator("#derived-size").textContent();
    assert.match(line, lang === "zh" ? /小型或微型企业/ : /small or micro/);
    assert.match(line, /工信部联企业〔2011〕300号/);
    assert.equal(r.open, 0);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test(`a Nanming maker-space graduate not sure about the above-limit statistics is told whom to ask, and the award stays possible but not open (${lang})`, async () => {
    const { context, page, errors } = await open(lang);
    const cat = await catalogue(page);
    const q = cat.questions.find((x) => x.id === "nanming_above_designated_size");
    const shown = await walkWith(page, cat, {
      date: "2018-06-01",
      answers: {
        organisation_kind: "company", registered_district: "nanming", tax_district: "nanming", nanming_maker_space_graduate: true,
        nanming_above_designated_size: "not_sure", nanming_patent_product_output: "not_sure",
      },
    }, lang);
    assert.ok(shown.includes(q.id));
    // The option names whom to ask, in the page's language.
    assert.match(q.not_sure[lang], lang === "zh" ? /统计局/ : /statistics bureau/);
    const r = await shownReport(page);
    assert.equal(r.cards["nanming.incubator-graduate-award"], "possible");
    assert.equal(r.cards["nanming.patent-product-award"], "possible");
    assert.equal(r.open, 0, "a question answered not sure is not left open");
    const openIds = await page.evaluate(() => [...document.querySelectorAll("#open-questions a.q-link")].map((a) => a.dataset.question));
    assert.deepEqual(openIds.filter((id) => id === q.id || id === "nanming_patent_product_output"), []);
    const rep = await engineReport(page, { organisation_kind: "company", registered_district: "nanming", nanming_maker_space_graduate: true, nanming_above_designated_size: "not_sure" }, "2018-06-01");
    assert.ok(!rep.error, "the engine takes not_sure");
    assert.deepEqual(errors, []);
    await context.close();
  });
}
