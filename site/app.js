// The self-check page. The first questions (organisation, location) come
// from a small static file and are asked at once; the catalogue (rules and
// documents, for the results) comes from another static file, fetched in
// parallel; the engine downloads and starts in a Web Worker meanwhile; each
// answer is estimated on this device and only what changed is drawn again.
// No answer is sent anywhere.

import * as engine from './engine.js';
import { $, on, h, clear, patch, setText } from './dom.js';
import { t, tx, lang, setLang, langFromURL, applyStatic, pageHref, yuan } from './i18n.js';
import { indexCatalogue } from './model.js';
import { createFlow, START } from './form.js';
import * as storage from './storage.js';
import * as companies from './companies.js';

const view = {
  loading: $('#loading'),
  loadingAmount: $('#loading-amount'),
  loadingBar: $('#loading-bar'),
  failure: $('#engine-failure'),
  failureText: $('#engine-failure-text'),
  retry: $('#engine-retry'),
  report: $('#report'),
  reportBefore: $('#report-before'),
  reportBody: $('#report-body'),
  headline: $('#headline'),
  eligible: $('#sec-eligible'),
  check: $('#sec-check'),
  official: $('#sec-official'),
  notMoney: $('#sec-not-money'),
  national: $('#sec-national'),
  none: $('#sec-none'),
  checklist: $('#checklist'),
  lapsed: $('#sec-lapsed'),
  comparison: $('#comparison'),
  notEligible: $('#sec-not-eligible'),
  notEligibleHeading: $('#sec-not-eligible-heading'),
  notEligibleToggle: $('#toggle-not-eligible'),
  notEligibleList: $('#not-eligible-list'),
  documents: $('#documents'),
  disclaimer: $('#disclaimer'),
  printAnswers: $('#print-answers'),
  printStamp: $('#print-stamp'),
  summaryBar: $('#summary-bar'),
  shareOut: $('#share-out'),
  live: $('#live'),
  dateInput: $('#assessment-date'),
  dateError: $('#err-assessment-date'),
  langToggle: $('#lang-toggle'),
  remember: $('#remember'),
  message: $('#data-message'),
  exportLink: $('#export-link'),
  importInput: $('#import-answers'),
};

const state = {
  answers: {}, // what the founder gave, by question id
  localErrors: {}, // question id → i18n key (input the browser could not read)
  engineErrors: {}, // question id → {zh, en}
  dateError: false,
  catalogue: null,
  version: null,
  report: null,
  sent: {}, // the answers the last estimate used
  relevant: new Set(),
  ready: false,
  busy: false,
  dirty: false,
  announced: '',
  first: true,
  renderer: null,
};

const ctx = {
  catalogue: null,
  openWhy: new Set(),
  showNotEligible: false,
  answers: () => state.sent,
  label: (id) => flow.label(id),
  isShown: (id) => flow.isShown(id),
  docStatus: (id) => (state.report ? state.report.documents.find((d) => d.document === id) : null),
  docStatusKey: (id) => {
    const d = ctx.docStatus(id);
    return d ? d.state + d.age_years : '';
  },
  questionLink: (id) => questionLink(id),
  // assessOn(date) estimates the same answers as of another date (a day on
  // which a document was in force), as if the person had typed it.
  assessOn: (date) => {
    view.dateInput.value = date;
    view.dateInput.dispatchEvent(new Event('change'));
    view.dateInput.focus();
  },
};

function questionLink(id) {
  const name = flow.label(id);
  if (!flow.isShown(id)) return h('span', { class: 'q-name', dataset: { question: id } }, name);
  const a = h('a', { href: `#field-${id}`, class: 'q-link', dataset: { question: id } }, name);
  on(a, 'click', (e) => {
    if (flow.focusQuestion(id)) e.preventDefault();
  });
  return a;
}

// whyFor(id) → the titles of the measures an answer to id decides now.
function whyFor(id) {
  if (!state.report || !state.catalogue) return null;
  const out = [];
  for (const r of state.report.results) {
    if (r.status !== 'possible' && r.status !== 'eligible') continue;
    const needs = (r.deciding_questions || []).includes(id) || r.conditions.some((c) => (c.missing || []).includes(id)) || ((r.amount && r.amount.missing) || []).includes(id);
    if (!needs) continue;
    const rule = state.catalogue.rulesById.get(r.rule);
    if (!rule) continue;
    const region = tx(state.catalogue.documentsById.get(rule.document)?.region);
    out.push(lang() === 'en' ? `${tx(rule.title)} (${region})` : `${tx(rule.title)}\uff08${region}\uff09`);
  }
  return out;
}

const flow = createFlow({
  els: {
    position: $('#flow-position'), form: $('#screen'), heading: $('#screen-heading'), intro: $('#screen-intro'),
    fields: $('#screen-fields'), empty: $('#screen-empty'), prev: $('#prev-screen'), next: $('#next-screen'),
    toResults: $('#to-results'), open: $('#open-questions'),
  },
  answers: () => state.answers,
  onAnswer: (id, value, error) => {
    if (value === undefined) delete state.answers[id];
    else state.answers[id] = value;
    if (error) state.localErrors[id] = error;
    else delete state.localErrors[id];
    persistSoon();
    requestUpdate();
  },
  whyFor,
  onQuestionLink: (id) => questionLink(id),
});

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// Language.

function applyLanguage() {
  applyStatic();
  document.title = t('page.title');
  view.langToggle.lang = t('lang.toggleLang');
  view.langToggle.setAttribute('aria-label', t('lang.toggleLabel'));
  for (const a of document.querySelectorAll('a[href^="catalogue.html"]:not(.clause-link)')) a.href = pageHref('catalogue.html');
  const url = new URL(location.href);
  if (lang() === 'zh') url.searchParams.delete('lang');
  else url.searchParams.set('lang', lang());
  history.replaceState(history.state, '', url);
}

function switchLanguage() {
  setLang(lang() === 'en' ? 'zh' : 'en');
  applyLanguage();
  flow.relabel();
  showErrors();
  if (state.renderer) state.renderer.forget();
  if (state.report) renderReport();
  if (state.version) showVersion();
  showProgress(lastProgress[0], lastProgress[1]);
  if (!view.failure.hidden && lastFailure) showFailure(lastFailure);
  persist();
}

// Messages about the user's data.

function showMessage(text, items = [], { focus = false, link = null } = {}) {
  clear(view.message);
  view.message.append(h('p', {}, text));
  if (items.length) view.message.append(h('ul', {}, items.map((i) => h('li', {}, i))));
  if (link) view.message.append(h('p', {}, link));
  view.message.hidden = false;
  announce(text, true);
  if (focus) view.message.focus();
}

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

// Loading the engine, with the real progress of its download.

const expectedBytes = Number(document.querySelector('meta[name="policycheck-wasm-bytes"]')?.content) || 0;
const wireBytes = Number(document.querySelector('meta[name="policycheck-wasm-wire-bytes"]')?.content) || 0;
let lastProgress = [0, 0];
let progressFrame = 0;
function showProgress(loaded, total) {
  lastProgress = [loaded, total];
  if (progressFrame) return;
  progressFrame = requestAnimationFrame(() => {
    progressFrame = 0;
    const [l, tot] = lastProgress;
    const all = tot || expectedBytes;
    const mb = (n) => (n / 1048576).toFixed(1);
    // The counter says the bytes that travel: a compressed download (no
    // total given) is counted as the share of the wasm read so far of its
    // compressed size.
    const wire = !tot && wireBytes && expectedBytes ? wireBytes / expectedBytes : 0;
    if (all && l >= all) {
      view.loadingAmount.textContent = t('load.starting');
      view.loadingBar.removeAttribute('value');
    } else if (wire) {
      view.loadingAmount.textContent = t('story.loadProgress', { loaded: mb(l * wire), total: mb(wireBytes) });
      view.loadingBar.max = all;
      view.loadingBar.value = Math.min(l, all);
    } else if (all) {
      view.loadingAmount.textContent = t('load.progress', { loaded: mb(l), total: mb(all) });
      view.loadingBar.max = all;
      view.loadingBar.value = Math.min(l, all);
    } else {
      view.loadingAmount.textContent = t('load.bytes', { loaded: mb(l) });
      view.loadingBar.removeAttribute('value');
    }
    view.loadingBar.dataset.loaded = String(l);
    view.loadingBar.dataset.total = String(all);
  });
}

// From render.js, loaded with the engine: the parts of the story and their words.
let PARTS = [];
let PART_SECTION = {};
let partCounts = () => ({});
let partCountText = () => '';

let lastFailure = null;
function showFailure(err) {
  lastFailure = err;
  const kind = err.kind || 'engine';
  view.loading.hidden = true;
  view.failure.hidden = false;
  view.failure.dataset.kind = kind;
  view.failureText.textContent = kind === 'http' ? t('fail.http', { detail: err.message }) : t(`fail.${kind}`) || t('fail.engine');
  setActionsEnabled(false);
}

function setActionsEnabled(on) {
  for (const b of document.querySelectorAll('.needs-engine')) b.disabled = !on;
}

async function startEngine() {
  view.failure.hidden = true;
  view.loading.hidden = false;
  showProgress(0, 0);
  setActionsEnabled(false);
  const renderModule = import('./render.js'); // fetched and compiled while the engine starts
  renderModule.catch(() => {});
  const loading = engine.load(showProgress);
  // In the worker, the first estimate is asked for at once, not after the
  // engine's reply: the worker keeps it until Go is ready, and update() uses
  // it if the answers are still the same by then.
  let first = null;
  if (engine.mode() === 'worker') {
    const { answers, date, key } = estimateInput();
    first = { key, out: engine.estimate(answers, date, answers.compare_districts === true) };
    first.out.catch(() => {}); // the load reports the failure
  }
  let loaded;
  try {
    [loaded] = await Promise.all([loading, catalogueFile()]);
  } catch (err) {
    showFailure(err);
    return;
  }
  state.version = loaded.version;
  showVersion();
  let createReport;
  try {
    ({ createReport } = await renderModule);
  } catch (err) {
    showFailure(Object.assign(new Error(String(err.message || err)), { kind: navigator.onLine === false ? 'network' : 'blocked' }));
    return;
  }
  ({ PARTS, PART_SECTION, partCounts, partCountText } = await renderModule);
  state.renderer = createReport(view, ctx);
  state.ready = true;
  view.loading.hidden = true;
  setActionsEnabled(true);
  await update(first);
}

// The catalogue from its static file (written by the build from the same
// compiled catalogue as the engine's), once; a failure is retried with the engine.
let cataloguePromise = null;
function catalogueFile() {
  if (!cataloguePromise) {
    cataloguePromise = (async () => {
      let res;
      try {
        res = await fetch(new URL('catalogue.json', import.meta.url), { credentials: 'same-origin' });
      } catch (err) {
        throw Object.assign(new Error(String(err.message || err)), { kind: 'network' });
      }
      if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { kind: 'http' });
      let cat;
      try {
        cat = await res.json();
      } catch (err) {
        throw Object.assign(new Error(String(err.message || err)), { kind: 'network' });
      }
      state.catalogue = ctx.catalogue = indexCatalogue(cat);
      engine.setCatalogue(cat);
      flow.setQuestionnaire(state.catalogue);
      return cat;
    })();
    cataloguePromise.catch(() => {
      cataloguePromise = null;
    });
  }
  return cataloguePromise;
}

// Estimating: at most one estimate in flight; answers given meanwhile are
// estimated as soon as it returns.

function requestUpdate() {
  if (!state.ready) return;
  document.documentElement.dataset.busy = '1';
  if (state.busy) {
    state.dirty = true;
    return;
  }
  update();
}

// estimateInput() → the answers and date to estimate now, and a key that
// says whether an estimate asked for earlier was for the same.
function estimateInput() {
  const answers = { ...state.answers };
  const badDate = view.dateInput.validity.badInput;
  const date = badDate ? '' : view.dateInput.value;
  return { answers, badDate, date, key: JSON.stringify([answers, date]) };
}

// update(first) estimates the current answers, again until they stop
// changing; first, if given, is an estimate already asked for ({key, out}),
// used when it was for the same answers and date.
async function update(first = null) {
  state.busy = true;
  try {
    do {
      state.dirty = false;
      const { answers, badDate, date, key } = estimateInput();
      const ask = first && first.key === key ? first.out : engine.estimate(answers, date, answers.compare_districts === true);
      first = null;
      const out = await ask;
      if (state.dirty) continue; // newer answers: estimate those instead
      apply(out, badDate);
    } while (state.dirty);
  } finally {
    state.busy = false;
    document.documentElement.dataset.busy = '0';
  }
}

function apply({ report, sent, errors, dateError }, badDate) {
  state.engineErrors = errors;
  state.dateError = dateError || badDate;
  if (!report || report.error) {
    showErrors();
    announce(t('engineError', { error: report ? report.error.message : 'no report' }), true);
    return;
  }
  state.report = report;
  state.sent = sent;
  state.relevant = new Set(report.relevant_questions);
  // Ask what is answered or could still change a result; never what is not shown.
  const shown = new Set(Object.keys(sent));
  for (const id of report.open_questions) shown.add(id);
  for (const r of report.results) {
    if (r.status === 'eligible' || r.status === 'possible') for (const id of (r.amount && r.amount.missing) || []) shown.add(id);
  }
  for (const id of Object.keys(state.localErrors)) shown.add(id);
  flow.setShown([...shown].filter((id) => state.relevant.has(id) || state.localErrors[id]));
  flow.setOpen(report.open_questions);
  flow.setDerived(report.derived);
  showErrors();
  renderReport();
  persistSoon();
  const s = report.totals;
  const summary = summaryLine(s);
  if (state.first) {
    state.first = false;
    state.announced = summary;
    performance.mark('policycheck:first-estimate');
    document.documentElement.dataset.ready = 'true';
  } else if (summary !== state.announced) {
    announce(summary);
  }
  const open = String(report.open_questions.length);
  if (document.documentElement.dataset.open !== open) document.documentElement.dataset.open = open;
}

// The report appears once the answers that matter are given.
function started() {
  return START.slice(0, 2).every((id) => state.sent[id] !== undefined);
}

function renderReport() {
  const report = state.report;
  const show = started();
  view.reportBefore.hidden = show;
  view.reportBody.hidden = !show;
  view.summaryBar.hidden = !show;
  document.body.classList.toggle('has-summary', show);
  if (!show) return;
  state.renderer.render(report);
  summaryBar(report.totals);
  setText(view.printStamp, t('print.stamp', { version: report.catalogue_version, date: report.assessment_date }));
  scheduleAnswers();
}

// The printed list of answers is not on the screen: it is written at once
// when printing starts, or when the page is idle a second after the last
// answer, not once per answer while a person is typing. Writing it takes
// about 0.7 ms of the main thread, which in the frame that shows an answer's
// result, or between two keystrokes, the page needs for the result.
let answersPending = false;
let answersTimer = 0;
function scheduleAnswers() {
  answersPending = true;
  clearTimeout(answersTimer);
  answersTimer = setTimeout(() => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(flushAnswers, { timeout: 1000 });
    else flushAnswers();
  }, 1000);
}
// flushAnswers writes the printed answers now if an answer left them pending.
function flushAnswers() {
  clearTimeout(answersTimer);
  if (!answersPending) return;
  answersPending = false;
  if (state.report && started()) renderAnswers();
}

// summaryBar(totals) draws the summary that stays on a phone's screen: one
// link to the headline (with the money the texts fix), one to each part's
// section with its count, in the headline's words.
let summaryKey = '';
function summaryBar(tot) {
  const key = `${lang()}|${JSON.stringify(tot)}`;
  if (key === summaryKey) return;
  summaryKey = key;
  const money = tot.secured.one_time + tot.secured.yearly > 0 ? `${t('hl.secured')} ${yuan(tot.secured.one_time + tot.secured.yearly)}` : t('story.summaryLink');
  const main = h('a', { href: '#report', class: 'summary-main' }, `${money} \u2193`);
  on(main, 'click', (e) => {
    e.preventDefault();
    $('#report-heading').focus({ preventScroll: true });
    $('#report-heading').scrollIntoView({ block: 'start' });
  });
  const counts = partCounts(tot);
  patch(view.summaryBar, main, PARTS.filter((p) => counts[p] > 0 || p === 'fixed').map((p) => h('a', { href: `#${PART_SECTION[p]}`, class: 'summary-part', dataset: { part: p } }, partCountText(p, counts[p]))));
}

// summaryLine(totals) → the sticky summary: the money the texts fix, then
// the parts of the story that hold a measure, in the headline's words.
function summaryLine(tot) {
  const parts = [];
  if (tot.secured.one_time + tot.secured.yearly > 0) parts.push(`${t('hl.secured')} ${yuan(tot.secured.one_time + tot.secured.yearly)}`);
  const counts = partCounts(tot);
  for (const p of PARTS) if (counts[p] > 0 || p === 'fixed') parts.push(partCountText(p, counts[p]));
  return parts.join(' · ');
}

// The answers the estimate rests on, for the printed report.
let answersKey = '';
function renderAnswers() {
  const key = `${lang()}|${JSON.stringify(state.sent)}|${state.report.assessment_date}`;
  if (key === answersKey) return;
  answersKey = key;
  // One line per answer: the question, then the answer in bold.
  const item = (label, value) => h('li', {}, h('span', { class: 'answer-q' }, label), ' ', h('strong', { class: 'answer-v' }, value));
  const rows = [item(t('settings.date'), state.report.assessment_date)];
  for (const q of state.catalogue.questions) {
    const v = state.sent[q.id];
    if (v === undefined) continue;
    rows.push(item(tx(q.label), answerText(q, v)));
  }
  patch(view.printAnswers, h('h3', { id: 'print-answers-heading' }, t('print.answers')), h('ul', { class: 'answers-list' }, rows));
}

function answerText(q, v) {
  const opt = (x) => tx((q.options || []).find((o) => o.value === x)?.label) || x;
  if (v === 'not_sure' && q.not_sure) return tx(q.not_sure);
  switch (q.type) {
    case 'bool': return v ? t('form.yes') : t('form.no');
    case 'choice': return opt(v);
    case 'multi': return v.map(opt).join(lang() === 'en' ? ', ' : '、');
    case 'money': return yuan(v);
    case 'count': return `${v} ${q.unit === 'person' ? t('unit.person') : t('unit.item')}`;
    default: return String(v);
  }
}

function showErrors() {
  const messages = {};
  for (const [id, key] of Object.entries(state.localErrors)) messages[id] = t(key);
  for (const [id, text] of Object.entries(state.engineErrors)) messages[id] = tx(text);
  flow.setErrors(messages);
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

function showVersion() {
  $('#catalogue-version').textContent = state.version.catalogue || '—';
  $('#build-version').textContent = state.version.build || '—';
}

// Keeping answers: this tab always (sessionStorage), this device only with consent.

function dateToKeep() {
  return view.dateInput.value === today() ? '' : view.dateInput.value;
}

// Keeping the answers is a synchronous write to storage (about 0.2 ms, twice
// per answer before): while a person answers it is done once they pause
// (persistSoon), and at once when the page is hidden or left.
let persistTimer = 0;
function persistSoon() {
  clearTimeout(persistTimer);
  persistTimer = setTimeout(persist, 300);
}
function flushPersist() {
  if (persistTimer) persist();
}

function persist() {
  clearTimeout(persistTimer);
  persistTimer = 0;
  const data = { answers: state.answers, date: dateToKeep(), lang: lang(), screen: flow.screen };
  storage.saveSession(data);
  if (view.remember.checked) storage.save(data);
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

function setAnswers(answers) {
  state.answers = { ...answers };
  state.localErrors = {};
  flow.writeAll();
}

// "Clear my data" can be undone for a few seconds: what was cleared is held
// in this page's memory only, then dropped.
const UNDO_MS = 8000;
let undoTimer = 0;
function onClear() {
  const before = { answers: { ...state.answers }, date: view.dateInput.value, remember: view.remember.checked, screen: flow.screen };
  clearData();
  clearTimeout(undoTimer);
  const undo = h('button', { type: 'button', class: 'button undo-clear', id: 'undo-clear' }, t('story.undo'));
  on(undo, 'click', () => {
    clearTimeout(undoTimer);
    setAnswers(before.answers);
    view.dateInput.value = before.date;
    view.remember.checked = before.remember;
    flow.goTo(before.screen);
    requestUpdate();
    persist();
    showMessage(t('story.undone'));
  });
  showMessage(t('story.cleared'), [], { link: undo });
  undoTimer = setTimeout(() => {
    if (undo.isConnected) undo.remove();
  }, UNDO_MS);
}

function clearData() {
  storage.clear();
  storage.clearSession();
  view.remember.checked = false;
  view.importInput.value = '';
  view.exportLink.hidden = true;
  if (view.exportLink.dataset.url) URL.revokeObjectURL(view.exportLink.dataset.url);
  delete view.exportLink.dataset.url;
  view.exportLink.href = '#';
  ctx.openWhy.clear();
  ctx.showNotEligible = false;
  view.shareOut.hidden = true;
  setAnswers({});
  view.dateInput.value = today();
  flow.goTo('start');
  requestUpdate();
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
  if (!file || !state.ready) return;
  const read = await storage.readImport(file);
  view.importInput.value = '';
  if (read.error) {
    showMessage(t(read.error, { error: read.detail || '' }), [], { focus: true });
    return;
  }
  const date = read.date || view.dateInput.value;
  const check = await engine.raw(read.answers, date, false);
  if (check.error) {
    const fields = check.error.fields || [];
    if (fields.length === 0) {
      showMessage(t('msg.importFailed', { error: check.error.message }), [], { focus: true });
      return;
    }
    const items = fields.map((f) => {
      const name = f.field ? `${flow.label(f.field)} (${f.field})` : '';
      return name ? `${name}: ${tx(f.message)}` : tx(f.message);
    });
    showMessage(t('msg.importErrors'), items, { focus: true });
    return;
  }
  setAnswers(read.answers);
  if (read.date) view.dateInput.value = read.date;
  requestUpdate();
  showMessage(t('msg.imported', { n: Object.keys(read.answers).filter((k) => read.answers[k] !== null).length }));
}

async function onCopyLink() {
  const url = new URL(location.href);
  url.hash = storage.fragmentFor(state.sent, dateToKeep());
  const link = url.href;
  clear(view.shareOut);
  view.shareOut.hidden = false;
  let copied = false;
  try {
    await navigator.clipboard.writeText(link);
    copied = true;
  } catch {
    // no clipboard permission: show the link to copy by hand
  }
  const input = h('input', { type: 'text', readonly: true, value: link, id: 'share-link', 'aria-label': t('share.label'), class: 'share-link' });
  view.shareOut.append(h('p', {}, copied ? t('share.copied') : t('share.manual')), input);
  announce(copied ? t('share.copied') : t('share.manual'), true);
  if (!copied) input.select();
}

// Printing: open every "why" section for the paper, then close them again.
let openedForPrint = [];
function beforePrint() {
  flushAnswers();
  openedForPrint = Array.from(view.report.querySelectorAll('#sec-eligible details:not([open]), #sec-check details:not([open])'));
  for (const d of openedForPrint) d.open = true;
}
function afterPrint() {
  for (const d of openedForPrint) d.open = false;
  openedForPrint = [];
}

function restore() {
  // A link's fragment first, then this tab's answers, then the device's.
  const fromLink = storage.readFragment(location.hash);
  const stored = storage.load();
  const tab = storage.loadSession();
  view.remember.checked = Boolean(stored);
  const src = fromLink || tab || stored;
  setLang(langFromURL() || (tab && tab.lang) || (stored && stored.lang) || 'zh');
  if (fromLink) {
    // The answers are now on the page: take them out of the address.
    history.replaceState(history.state, '', location.pathname + location.search);
    showMessage(t('msg.restored', { n: Object.keys(fromLink.answers).length }));
  }
  if (src) {
    state.answers = { ...src.answers };
    if (src.date) view.dateInput.value = src.date;
  }
  return { screen: !fromLink && tab ? tab.screen : null };
}

async function main() {
  const { screen } = restore();
  applyLanguage();
  if (!view.dateInput.value) view.dateInput.value = today();
  if (view.remember.checked && !view.message.hidden) { /* keep the restored message */ }

  on(view.langToggle, 'click', switchLanguage);
  on(view.remember, 'change', onRemember);
  on($('#clear-data'), 'click', onClear);
  on($('#export-answers'), 'click', onExport);
  on(view.importInput, 'change', onImport);
  on($('#print-report'), 'click', () => window.print());
  on($('#copy-link'), 'click', onCopyLink);
  on(view.retry, 'click', () => startEngine());
  on(window, 'beforeprint', beforePrint);
  // Print media without a beforeprint (a print preview some browsers and
  // tools render by media alone): the answers are written then too.
  const printMedia = typeof matchMedia === 'function' ? matchMedia('print') : null;
  if (printMedia && printMedia.addEventListener) printMedia.addEventListener('change', (e) => { if (e.matches) flushAnswers(); });
  on(window, 'afterprint', afterPrint);
  on(view.notEligibleToggle, 'click', () => {
    ctx.showNotEligible = !ctx.showNotEligible;
    if (state.report) renderReport();
  });
  const onDate = () => { persistSoon(); requestUpdate(); };
  on(window, 'pagehide', flushPersist);
  on(document, 'visibilitychange', () => { if (document.visibilityState === 'hidden') flushPersist(); });
  on(view.dateInput, 'input', onDate);
  on(view.dateInput, 'change', onDate);
  on($('#to-results'), 'click', (e) => {
    e.preventDefault();
    $('#report-heading').focus();
    $('#report-heading').scrollIntoView({ block: 'start' });
  });
  setActionsEnabled(false);

  // The engine starts now; the first questions do not wait for it.
  const engineStarted = startEngine();
  // Companies kept on this device, each checked again once the engine is ready (companies.js).
  companies.attach({
    ready: engineStarted,
    current: () => ({ answers: state.sent, date: view.dateInput.value }),
    open: (answers, date) => { setAnswers(answers); if (date) view.dateInput.value = date; requestUpdate(); },
    estimate: (answers, date) => engine.raw(answers, date, false),
    catalogue: () => state.catalogue,
  });
  try {
    const res = await fetch(new URL('questionnaire.json', import.meta.url), { credentials: 'same-origin' });
    const q = res.ok && !state.catalogue ? await res.json() : null;
    if (q && !state.catalogue) flow.setQuestionnaire(q); // unless the catalogue came first
  } catch {
    // offline without the file: the questions come with the catalogue
  }
  if (screen && !state.ready) flow.goTo(screen);
  await engineStarted;
  if (screen) flow.goTo(screen);
}

main();
