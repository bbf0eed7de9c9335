// The self-check page: loads the engine, builds the questionnaire from the
// catalogue, and re-estimates the moment an answer changes. Everything runs
// here, in the browser; no answer is sent anywhere.

import * as engine from './engine.js';
import { $, on, h, clear } from './dom.js';
import { t, tx, lang, setLang, langFromURL, applyStatic, pageHref, yuan } from './i18n.js';
import { indexCatalogue } from './model.js';
import { createForm } from './form.js';
import { renderReport } from './render.js';
import * as storage from './storage.js';

const view = {
  loading: $('#loading'),
  questionnaire: $('#questionnaire'),
  report: $('#report'),
  disclaimer: $('#disclaimer'),
  engineError: $('#engine-error'),
  totals: $('#totals'),
  documents: $('#documents'),
  openQuestions: $('#open-questions'),
  nearMisses: $('#near-misses'),
  comparison: $('#comparison'),
  eligible: $('#results-eligible'),
  possible: $('#results-possible'),
  noneEligible: $('#none-eligible'),
  notEligible: $('#results-not-eligible'),
  notEligibleHeading: $('#not-eligible-heading'),
  notEligibleToggle: $('#toggle-not-eligible'),
  notEligibleList: $('#not-eligible-list'),
  live: $('#live'),
  miniSummary: $('#mini-summary'),
  printStamp: $('#print-stamp'),
  dateInput: $('#assessment-date'),
  dateError: $('#err-assessment-date'),
  langToggle: $('#lang-toggle'),
  remember: $('#remember'),
  message: $('#data-message'),
  exportLink: $('#export-link'),
  importInput: $('#import-answers'),
};

const state = {
  catalogue: null,
  version: null,
  form: null,
  report: null,
  sent: {}, // the answers the last estimate used
  relevant: null, // Set of the questions the questionnaire shows
  engineErrors: {}, // question id → {zh, en} from the engine
  localErrors: {}, // question id → i18n key
  dateError: false,
  lastKey: '',
  first: true,
  announced: '',
};

const ctx = {
  catalogue: null,
  openWhy: new Set(),
  showNotEligible: false,
  onQuestion: (id) => (state.form ? state.form.focusQuestion(id) : false),
  isAsked: (id) => Boolean(state.relevant && state.relevant.has(id)),
};

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// Language.

function applyLanguage() {
  applyStatic();
  document.title = t('page.title');
  view.langToggle.setAttribute('aria-pressed', String(lang() === 'en'));
  for (const a of document.querySelectorAll('a[href^="catalogue.html"]')) a.href = pageHref('catalogue.html');
  const url = new URL(location.href);
  if (lang() === 'zh') url.searchParams.delete('lang');
  else url.searchParams.set('lang', lang());
  history.replaceState(history.state, '', url);
}

function switchLanguage() {
  setLang(lang() === 'en' ? 'zh' : 'en');
  applyLanguage();
  if (state.form) {
    state.form.relabel();
    showErrors();
  }
  if (state.report) renderAll();
  if (state.version) showVersion();
  persist();
}

// Messages about the user's data (consent, clear, export, import).

function showMessage(text, items = [], { focus = false, link = null } = {}) {
  clear(view.message);
  view.message.append(h('p', {}, text));
  if (items.length) view.message.append(h('ul', {}, items.map((i) => h('li', {}, i))));
  if (link) view.message.append(h('p', {}, link));
  view.message.hidden = false;
  announce(text, true);
  if (focus) view.message.focus();
}

// The one polite live region: brief news of changed results.
let announceTimer = 0;
function announce(text, now = false) {
  clearTimeout(announceTimer);
  const say = () => {
    state.announced = text;
    view.live.textContent = text;
  };
  if (now) say();
  else announceTimer = setTimeout(say, 400);
}

// Estimating.

// estimateLive(all, date) runs the engine on the answers. Answers the engine
// rejects are reported at their fields and left out, and so are answers to
// questions no longer asked, so that the results stay live.
function estimateLive(all, date) {
  const sent = { ...all };
  const engineErrors = {};
  let dateError = false;
  let out = null;
  for (let i = 0; i < 8; i++) {
    out = engine.estimate(sent, date, true);
    if (out.error) {
      if (out.error.code === 'invalid_date' && date) {
        dateError = true;
        date = '';
        continue;
      }
      const named = (out.error.fields || []).filter((f) => f.field && Object.hasOwn(sent, f.field));
      if (named.length === 0) break;
      for (const f of named) {
        engineErrors[f.field] = f.message;
        delete sent[f.field];
      }
      continue;
    }
    const relevant = new Set(out.relevant_questions);
    const hidden = Object.keys(sent).filter((k) => !relevant.has(k));
    if (hidden.length === 0) break;
    for (const k of hidden) delete sent[k];
  }
  return { out, sent, engineErrors, dateError };
}

function update({ force = false } = {}) {
  if (!state.form) return;
  const { answers, errors } = state.form.read();
  const date = view.dateInput.value;
  const badDate = view.dateInput.validity.badInput;
  const key = JSON.stringify([answers, errors, date, badDate]);
  if (!force && key === state.lastKey) return;
  state.lastKey = key;

  const { out, sent, engineErrors, dateError } = estimateLive(answers, badDate ? '' : date);
  state.localErrors = errors;
  state.engineErrors = engineErrors;
  state.dateError = dateError || badDate;
  if (!out || out.error) {
    showEngineError(out ? out.error : { message: 'no report' });
    showErrors();
    return;
  }
  view.engineError.hidden = true;
  state.report = out;
  state.relevant = new Set(out.relevant_questions);
  state.sent = sent;
  state.form.setRelevant(out.relevant_questions);
  showErrors();
  state.form.updateProgress(sent);
  renderAll();
  persist();

  const summary = t('live.summary', { eligible: out.totals.eligible, possible: out.totals.possible });
  if (state.first) {
    state.first = false;
    state.announced = summary;
    performance.mark('policycheck:first-estimate');
    document.documentElement.dataset.ready = 'true';
  } else if (summary !== state.announced) {
    announce(summary);
  }
}

function showEngineError(error) {
  view.engineError.textContent = t('engineError', { error: error.message || error.code });
  view.engineError.hidden = false;
}

function showErrors() {
  const messages = {};
  for (const [id, key] of Object.entries(state.localErrors)) messages[id] = t(key);
  for (const [id, text] of Object.entries(state.engineErrors)) messages[id] = tx(text);
  state.form.setErrors(messages);
  const dateMsg = state.dateError ? (view.dateInput.validity.badInput ? t('err.date') : t('err.assessmentDate')) : '';
  view.dateError.textContent = dateMsg;
  view.dateError.hidden = !dateMsg;
  if (dateMsg) {
    view.dateInput.setAttribute('aria-invalid', 'true');
    view.dateInput.setAttribute('aria-describedby', 'assessment-date-help err-assessment-date');
  } else {
    view.dateInput.removeAttribute('aria-invalid');
    view.dateInput.setAttribute('aria-describedby', 'assessment-date-help');
  }
}

function renderAll() {
  const report = state.report;
  renderReport(report, view, ctx);
  view.miniSummary.textContent = t('form.miniSummary', {
    eligible: report.totals.eligible,
    possible: report.totals.possible,
    amount: yuan(report.totals.one_time.max),
  });
  view.printStamp.textContent = t('print.stamp', { version: report.catalogue_version, date: report.assessment_date });
}

function showVersion() {
  $('#catalogue-version').textContent = state.version.catalogue || '—';
  $('#build-version').textContent = state.version.build || '—';
}

// Keeping answers on the device, only with consent.

function persist() {
  if (!view.remember.checked || !state.form) return;
  storage.save({ answers: state.sent, date: view.dateInput.value === today() ? '' : view.dateInput.value, lang: lang() });
}

function onRemember() {
  if (view.remember.checked) {
    if (!storage.available()) {
      view.remember.checked = false;
      showMessage(t('msg.storageUnavailable'));
      return;
    }
    persist();
    showMessage(t('msg.remembered'));
  } else {
    storage.clear();
    showMessage(t('msg.forgotten'));
  }
}

function onClear() {
  storage.clear();
  view.remember.checked = false;
  view.importInput.value = '';
  view.exportLink.hidden = true;
  if (view.exportLink.dataset.url) URL.revokeObjectURL(view.exportLink.dataset.url);
  delete view.exportLink.dataset.url;
  view.exportLink.href = '#';
  ctx.openWhy.clear();
  ctx.showNotEligible = false;
  if (state.form) {
    state.form.reset();
    view.dateInput.value = today();
    state.form.showStep(0);
    update({ force: true });
  }
  showMessage(t('msg.cleared'));
}

function onExport() {
  const date = view.dateInput.value || today();
  const file = `policycheck-answers-${date}.json`;
  storage.download(file, `${JSON.stringify(state.sent, null, 2)}\n`, view.exportLink);
  view.exportLink.textContent = t('msg.downloadLink', { file });
  view.exportLink.hidden = false;
  showMessage(t('msg.exported', { file }), [], { link: view.exportLink });
}

async function onImport() {
  const file = view.importInput.files && view.importInput.files[0];
  if (!file || !state.form) return;
  const read = await storage.readImport(file);
  view.importInput.value = '';
  if (read.error) {
    showMessage(t(read.error, { error: read.detail || '' }), [], { focus: true });
    return;
  }
  const date = read.date || view.dateInput.value;
  const check = engine.estimate(read.answers, date, false);
  if (check.error) {
    const fields = check.error.fields || [];
    if (fields.length === 0) {
      showMessage(t('msg.importFailed', { error: check.error.message }), [], { focus: true });
      return;
    }
    const items = fields.map((f) => {
      const q = f.field && state.catalogue.questionsById.get(f.field);
      const name = q ? `${tx(q.label)} (${f.field})` : f.field;
      return name ? `${name}: ${tx(f.message)}` : tx(f.message);
    });
    showMessage(t('msg.importErrors'), items, { focus: true });
    return;
  }
  state.form.reset();
  state.form.write(read.answers);
  if (read.date) view.dateInput.value = read.date;
  update({ force: true });
  showMessage(t('msg.imported', { n: Object.keys(read.answers).filter((k) => read.answers[k] !== null).length }));
}

// Printing: open every "why" section for the paper, then close them again.
let openedForPrint = [];
function beforePrint() {
  openedForPrint = Array.from(view.report.querySelectorAll('details:not([open])'));
  for (const d of openedForPrint) d.open = true;
}
function afterPrint() {
  for (const d of openedForPrint) d.open = false;
  openedForPrint = [];
}

async function main() {
  const stored = storage.load();
  setLang(langFromURL() || (stored && stored.lang) || 'zh');
  applyLanguage();
  view.remember.checked = Boolean(stored);
  view.dateInput.value = (stored && stored.date) || today();

  on(view.langToggle, 'click', switchLanguage);
  on(view.remember, 'change', onRemember);
  on($('#clear-data'), 'click', onClear);
  on($('#export-answers'), 'click', onExport);
  on(view.importInput, 'change', onImport);
  on($('#print-report'), 'click', () => window.print());
  on(window, 'beforeprint', beforePrint);
  on(window, 'afterprint', afterPrint);
  on(view.notEligibleToggle, 'click', () => {
    ctx.showNotEligible = !ctx.showNotEligible;
    if (state.report) renderAll();
  });
  on(view.dateInput, 'input', () => update());
  on(view.dateInput, 'change', () => update());

  try {
    await engine.load();
  } catch (err) {
    view.loading.textContent = t('loadFailed', { error: String(err && err.message || err) });
    view.loading.classList.add('error');
    return;
  }
  const version = engine.version();
  const cat = engine.catalogue();
  if (cat.error || version.error) {
    view.loading.textContent = t('loadFailed', { error: (cat.error || version.error).message });
    view.loading.classList.add('error');
    return;
  }
  state.version = version;
  showVersion();
  state.catalogue = ctx.catalogue = indexCatalogue(cat);
  state.form = createForm({
    catalogue: cat,
    formEl: $('#questions'),
    stepListEl: $('#step-list'),
    prevButton: $('#prev-step'),
    nextButton: $('#next-step'),
    resultsLink: $('#to-results'),
    progress: { step: $('#progress-step'), answered: $('#progress-answered'), bar: $('#progress-bar') },
    onChange: () => update(),
  });
  if (stored) state.form.write(stored.answers);
  on($('#to-results'), 'click', (e) => {
    e.preventDefault();
    $('#report-heading').focus();
  });
  view.loading.hidden = true;
  view.questionnaire.hidden = false;
  view.report.hidden = false;
  update({ force: true });
}

main();
