// Driving the page as a founder would: fields found by their visible labels.
import assert from "node:assert/strict";

export const WORDS = {
  zh: { yes: "是", no: "否" },
  en: { yes: "Yes", no: "No" },
};

function esc(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export async function catalogue(page) {
  return page.evaluate(() => JSON.parse(globalThis.policycheck.catalogue()));
}

export async function gotoStep(page, cat, stepId, lang = "zh") {
  const i = cat.steps.findIndex((s) => s.id === stepId);
  const label = cat.steps[i].label[lang];
  await page.getByRole("button", { name: new RegExp(`^${i + 1}\\. ${esc(label)}`) }).click();
  await page.locator(`#step-${stepId}`).waitFor({ state: "visible" });
}

// answer fills one question by its visible label, as a person would.
export async function answer(page, cat, qid, value, lang = "zh") {
  const q = cat.questions.find((x) => x.id === qid);
  assert.ok(q, `no question ${qid}`);
  await gotoStep(page, cat, q.step, lang);
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
}

// fillProfile answers every question of a profile in questionnaire order.
export async function fillProfile(page, cat, profile, lang = "zh") {
  await page.locator("#assessment-date").fill(profile.date);
  const order = cat.questions.map((q) => q.id).filter((id) => id in profile.answers);
  for (const id of order) await answer(page, cat, id, profile.answers[id], lang);
}

// shown reads what the page displays: every card's status and the totals.
export async function shown(page) {
  return page.evaluate(() => ({
    cards: Object.fromEntries([...document.querySelectorAll("article.card[data-rule]")].map((c) => [c.dataset.rule, c.dataset.status])),
    oneTime: [Number(document.querySelector("#total-one-time").dataset.min), Number(document.querySelector("#total-one-time").dataset.max)],
    yearly: [Number(document.querySelector("#total-yearly").dataset.min), Number(document.querySelector("#total-yearly").dataset.max)],
  }));
}

export async function engineReport(page, answers, date) {
  return page.evaluate(([a, d]) => JSON.parse(globalThis.policycheck.estimate(JSON.stringify(a), d, true)), [answers, date]);
}

// eventually retries an async assertion until it passes or time runs out
// (the page re-renders after each answer).
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
