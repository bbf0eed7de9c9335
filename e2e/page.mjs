// Driving the page as a founder would: one screen at a time, fields found by
// their visible labels, answering only what the page shows.
import assert from "node:assert/strict";

export const WORDS = {
  zh: { yes: "是", no: "否", next: "下一步", back: "上一步", settings: /设置与数据/ },
  en: { yes: "Yes", no: "No", next: "Next", back: "Back", settings: /Settings and data/ },
};

// catalogue(page) → the catalogue the page's engine uses.
export async function catalogue(page) {
  return page.evaluate(() => globalThis.policycheckPage.catalogue());
}

// engineReport(page, answers, date) → the engine's report for exactly these answers.
export async function engineReport(page, answers, date) {
  return page.evaluate(([a, d]) => globalThis.policycheckPage.estimate(a, d, true), [answers, date]);
}

// settled(page) waits until the page has estimated the last answer.
export async function settled(page) {
  await page.waitForFunction(() => document.documentElement.dataset.busy !== "1", null, { timeout: 10000 });
}

export async function setDate(page, date, lang = "zh") {
  const settings = page.locator("#settings");
  if (!(await settings.evaluate((d) => d.open))) await page.getByText(WORDS[lang].settings).click();
  await page.locator("#assessment-date").fill(date);
  await settled(page);
}

// visibleQuestions(page) → the ids of the questions on the current screen.
export async function visibleQuestions(page) {
  return page.evaluate(() => [...document.querySelectorAll("#screen-fields .field[data-question]")].map((f) => f.dataset.question));
}

// answer(page, q, value, lang) fills one question on the current screen by its label.
export async function answer(page, q, value, lang = "zh") {
  const label = q.label[lang];
  const optionLabel = (v) => q.options.find((o) => o.value === v).label[lang];
  const group = () => page.getByRole("group", { name: label, exact: true });
  switch (q.type) {
    case "bool":
      await group().getByLabel(value ? WORDS[lang].yes : WORDS[lang].no, { exact: true }).check();
      break;
    case "choice":
      if (q.options.length <= 4) await group().getByLabel(optionLabel(value), { exact: true }).check();
      else await page.getByLabel(label, { exact: true }).selectOption({ label: optionLabel(value) });
      break;
    case "multi":
      for (const v of value) await group().getByLabel(optionLabel(v), { exact: true }).check();
      break;
    default:
      await page.getByLabel(label, { exact: true }).fill(String(value));
  }
  await settled(page);
}

// The answer a founder gives to a question the profile does not mention:
// "no", none, zero; for a choice without "none" (e.g. a stage of growth),
// "neither" or "other" if offered, else the first option; a year or a date
// (asked only after a "yes" that needs it) a year before the assessment date.
// Every question shown gets a valid answer, so that nothing is left
// "possible" for lack of one.
export function negative(q, date = "") {
  const has = (v) => (q.options || []).some((o) => o.value === v);
  const day = date || new Date().toISOString().slice(0, 10);
  switch (q.type) {
    case "bool": return false;
    case "count": case "money": return 0;
    case "choice": return has("none") ? "none" : has("neither") ? "neither" : has("other") ? "other" : q.options[0].value;
    case "multi": return has("none") ? ["none"] : has("other") ? ["other"] : [q.options[0].value];
    case "year": return Number(day.slice(0, 4)) - 1;
    case "date": return `${Number(day.slice(0, 4)) - 1}${day.slice(4).replace("02-29", "02-28")}`;
    default: return undefined;
  }
}

// walk(page, cat, profile, lang) goes through the flow as a person would:
// on each screen, answer every question shown (the profile's answer, else
// the negative one), then Next; at the end, follow the links to any question
// left open. Returns the questions shown, in order, and what was answered.
// answerWith(page, q, value, lang), if given, answers in place of answer
// (e.g. to pick "not sure").
export async function walk(page, cat, profile, lang = "zh", { onScreen, answerWith = answer } = {}) {
  const byId = new Map(cat.questions.map((q) => [q.id, q]));
  const shown = [];
  const done = new Set();
  const answered = {};
  if (profile.date) await setDate(page, profile.date, lang);
  for (let guard = 0; guard < 300; guard++) {
    await settled(page);
    const ids = await visibleQuestions(page);
    for (const id of ids) if (!shown.includes(id)) shown.push(id);
    const todo = ids.find((id) => !done.has(id));
    if (todo) {
      done.add(todo);
      const q = byId.get(todo);
      const value = todo in profile.answers ? profile.answers[todo] : negative(q, profile.date);
      if (value !== undefined) {
        await answerWith(page, q, value, lang);
        answered[todo] = value;
      }
      continue;
    }
    if (onScreen) await onScreen(await page.evaluate(() => document.querySelector("#screen-heading").textContent));
    const next = page.locator("#next-screen");
    if (await next.isVisible()) {
      await next.click();
      continue;
    }
    const open = await page.evaluate(() => [...document.querySelectorAll("#open-questions a.q-link")].map((a) => a.dataset.question));
    const link = open.find((id) => !done.has(id));
    if (link) {
      // The list beyond the next question is folded (issue 22): open it.
      await page.evaluate(() => { for (const d of document.querySelectorAll("#open-questions details")) d.open = true; });
      await page.locator(`#open-questions a.q-link[data-question="${link}"]`).first().click();
      continue;
    }
    break;
  }
  return { shown, answered };
}

// shown(page) reads what the report displays: each card's status and the headline figures.
export async function shownReport(page) {
  return page.evaluate(() => ({
    cards: Object.fromEntries([...document.querySelectorAll("article.card[data-rule]")].map((c) => [c.dataset.rule, c.dataset.status])),
    secured: (() => { const e = document.querySelector("#hl-secured"); return e ? [Number(e.dataset.oneTime), Number(e.dataset.yearly)] : null; })(),
    more: (() => { const e = document.querySelector("#hl-more"); return e ? [Number(e.dataset.oneTime), Number(e.dataset.yearly)] : [0, 0]; })(),
    open: Number(document.documentElement.dataset.open),
  }));
}

// eventually retries an async assertion until it passes or time runs out.
export async function eventually(fn, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() > end) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export { assert };
