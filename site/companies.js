// Companies on the device: a founder or an adviser keeps several named
// companies, each with its answers, its assessment date, the catalogue
// version it was last checked under and the results it saw then (rule id →
// status and amount). Kept only in this browser's localStorage, and only
// once the person saves a company by name; export and import move all of
// them as one file (an answers file exported before is imported as one
// company). When the page comes back (or a new catalogue arrives with the
// service worker), each company is estimated again on this device, as of the
// same assessment date, and shows which results changed since its check,
// each with the changelog's reason. Nothing is sent anywhere.

import { $, on, h, clear } from './dom.js';
import { t, tx, yuan, yuanRange, separator } from './i18n.js';
import * as storage from './storage.js';

export const KEY = 'policycheck:companies';
export const FORMAT = 'policycheck-companies';
const MAX_COMPANIES = 200;

// parseCompanies(data) → the companies of a companies file (or of what
// localStorage holds), or null when data is not one.
export function parseCompanies(data) {
  if (!data || typeof data !== 'object' || data.format !== FORMAT || !Array.isArray(data.companies)) return null;
  const out = [];
  for (const c of data.companies) {
    if (!c || typeof c.name !== 'string' || !c.name.trim() || !c.answers || typeof c.answers !== 'object' || Array.isArray(c.answers)) return null;
    out.push({
      name: c.name.trim().slice(0, 80),
      answers: c.answers,
      assessment_date: typeof c.assessment_date === 'string' ? c.assessment_date : '',
      checked: typeof c.checked === 'string' ? c.checked : '',
      catalogue_version: typeof c.catalogue_version === 'string' ? c.catalogue_version : '',
      results: c.results && typeof c.results === 'object' && !Array.isArray(c.results) ? c.results : null,
    });
  }
  return out.slice(0, MAX_COMPANIES);
}

export function load() {
  const s = storage.store();
  if (!s) return [];
  try {
    return parseCompanies(JSON.parse(s.getItem(KEY) || 'null')) || [];
  } catch {
    return [];
  }
}

function fileOf(companies) {
  return { format: FORMAT, version: 1, companies };
}

function save(companies) {
  const s = storage.store();
  if (!s) return false;
  try {
    if (companies.length === 0) s.removeItem(KEY);
    else s.setItem(KEY, JSON.stringify(fileOf(companies)));
    return true;
  } catch {
    return false;
  }
}

// resultsOf(report) → {rule id: {status, min, max}} (min and max null when
// the amount is not set or waits on an answer).
export function resultsOf(report) {
  const out = {};
  for (const r of report.results || []) {
    out[r.rule] = { status: r.status, min: r.amount ? r.amount.min ?? null : null, max: r.amount ? r.amount.max ?? null : null };
  }
  return out;
}

const COUNTED = new Set(['eligible', 'possible']);

// diffResults(before, now) → the results that changed: a rule in both whose
// status or amount differs; a rule only before that applied or might have
// (eligible, possible), now gone; a rule only now that applies or might.
export function diffResults(before, now) {
  const out = [];
  for (const [id, b] of Object.entries(before)) {
    const a = now[id];
    if (!a) {
      if (COUNTED.has(b.status)) out.push({ rule: id, before: b, after: null });
    } else if (a.status !== b.status || (a.min ?? null) !== (b.min ?? null) || (a.max ?? null) !== (b.max ?? null)) {
      out.push({ rule: id, before: b, after: a });
    }
  }
  for (const [id, a] of Object.entries(now)) {
    if (!before[id] && COUNTED.has(a.status)) out.push({ rule: id, before: null, after: a });
  }
  return out;
}

// entriesSince(changes, version, day) → the changelog entries after the one
// naming version; when no entry names it, those dated on or after day.
export function entriesSince(changes, version, day) {
  const i = changes.findIndex((e) => e.version === version);
  if (i >= 0) return changes.slice(i + 1);
  return changes.filter((e) => e.date >= (day || ''));
}

// reasonsFor(entries, id, kind) → [{entry, change}] naming the rule (or,
// with kind 'questions', the question) id, or a rule it was replaced by.
export function reasonsFor(entries, id, kind = 'rules') {
  const out = [];
  for (const entry of entries) {
    for (const change of entry.changes || []) {
      if ((change[kind] || []).includes(id) || (kind === 'rules' && (change.replaced_by || []).includes(id))) out.push({ entry, change });
    }
  }
  return out;
}

function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

// attach(hooks) draws the companies into #companies and keeps them.
// hooks: current() → {answers, date} on the page; open(answers, date)
// puts a company's answers on the page; estimate(answers, date) → the
// engine's report (or {error}); catalogue() → the catalogue with its
// changes; ready → a promise settled once the engine and the catalogue are.
export function attach(hooks) {
  const root = $('#companies');
  if (!root) return;
  const view = { checks: new Map(), message: '' };
  // Kept across drawings: the download link (its object URL) and the message.
  const link = h('a', { id: 'companies-export-link', class: 'export-link', href: '#', hidden: true });

  async function check(company) {
    const cat = hooks.catalogue();
    if (!cat) return null;
    let answers = { ...company.answers };
    const dropped = [];
    let report = await hooks.estimate(answers, company.assessment_date);
    // A question the catalogue no longer has (or whose options changed)
    // makes the saved answer invalid: left out, and said so.
    for (let tries = 0; report.error && tries < 3; tries++) {
      const fields = (report.error.fields || []).map((f) => f.field).filter((f) => f && f in answers);
      if (fields.length === 0) break;
      for (const f of fields) {
        dropped.push(f);
        delete answers[f];
      }
      report = await hooks.estimate(answers, company.assessment_date);
    }
    if (report.error) return { error: report.error.message || report.error.code };
    const now = resultsOf(report);
    const same = company.catalogue_version === report.catalogue_version;
    const diff = company.results && !same ? diffResults(company.results, now) : [];
    const entries = entriesSince(cat.changes || [], company.catalogue_version, company.checked);
    return { version: report.catalogue_version, now, same, diff, dropped, entries, answers, date: report.assessment_date };
  }

  async function checkAll() {
    if (!hooks.catalogue()) return; // the engine or the catalogue did not load: nothing to compare with
    for (const c of load()) {
      if (view.checks.has(c.name)) continue;
      try {
        view.checks.set(c.name, await check(c));
      } catch (err) {
        view.checks.set(c.name, { error: String(err.message || err) });
      }
    }
    render();
  }

  function statusText(r) {
    if (!r) return t('co.absent');
    let amount = '';
    if (r.max && !r.min) amount = ` ${t('co.upTo', { amount: yuan(r.max) })}`;
    else if (r.max) amount = ` ${yuanRange(r.min, r.max)}`;
    return `${t(`status.${r.status}`)}${amount}`;
  }

  // ruleName(id, found) → the rule's title; for a rule the catalogue no
  // longer has, the rules its changelog entries say now carry it.
  function ruleName(id, found) {
    const cat = hooks.catalogue();
    const rule = cat && cat.rulesById.get(id);
    if (rule) return tx(rule.title);
    const now = found.flatMap(({ change }) => (change.replaced_by || []).filter((r) => r !== id && cat && cat.rulesById.has(r)));
    if (now.length === 0) return t('co.removedRule');
    return t('co.removedInto', { titles: [...new Set(now)].map((r) => tx(cat.rulesById.get(r).title)).join(separator()) });
  }

  function questionName(id) {
    const cat = hooks.catalogue();
    const q = cat && cat.questionsById.get(id);
    return q ? tx(q.label) : t('co.removedQuestion');
  }

  function reasonItems(found) {
    if (found.length === 0) return [h('p', { class: 'co-reason none' }, t('co.noEntry'))];
    return found.map(({ entry, change }) => h('div', { class: 'co-reason' },
      h('p', {}, h('span', { class: 'co-reason-date' }, t('co.entryOn', { date: entry.date })), ' ', tx(change.why)),
      change.quote ? h('p', { class: 'small' }, t('co.clause', { clause: change.clause || '' }), ' ', h('q', { lang: 'zh-CN' }, change.quote)) : null,
    ));
  }

  function changesBlock(company, res) {
    if (!res) return h('p', { class: 'small' }, t('co.checking'));
    if (res.error) return h('p', { class: 'notice error' }, t('co.error', { error: res.error }));
    if (!company.results) return h('p', { class: 'small' }, t('co.noResults'));
    const out = [];
    if (res.same) {
      out.push(h('p', { class: 'co-summary' }, t('co.same', { date: company.checked })));
    } else {
      out.push(h('p', { class: 'co-summary' }, res.diff.length === 0 ? t('co.none', { date: company.checked }) : t('co.changed', { date: company.checked, n: res.diff.length })));
      if (res.diff.length > 0) {
        out.push(h('ul', { class: 'co-changes' }, res.diff.map((d) => {
          const found = reasonsFor(res.entries, d.rule);
          return h('li', { class: 'co-change', dataset: { rule: d.rule } },
            h('p', {}, h('strong', {}, ruleName(d.rule, found)), ' ', t('co.fromTo', { before: statusText(d.before), after: statusText(d.after) })),
            ...reasonItems(found),
          );
        })));
      }
    }
    if (res.dropped.length > 0) {
      out.push(h('div', { class: 'co-dropped' }, h('p', {}, t('co.dropped', { n: res.dropped.length })),
        h('ul', {}, res.dropped.map((q) => h('li', { dataset: { question: q } }, h('p', {}, questionName(q)), ...reasonItems(reasonsFor(res.entries, q, 'questions')))))));
    }
    return out;
  }

  function render() {
    const companies = load();
    const list = companies.map((c) => {
      const res = view.checks.get(c.name);
      const open = h('button', { type: 'button', class: 'button' }, t('co.open'));
      const update = h('button', { type: 'button', class: 'button' }, t('co.update'));
      const remove = h('button', { type: 'button', class: 'button' }, t('co.remove'));
      on(open, 'click', () => {
        hooks.open(c.answers, c.assessment_date);
        view.message = t('co.opened', { name: c.name });
        render();
      });
      on(update, 'click', () => saveCompany(c.name, res && res.answers ? res.answers : c.answers, c.assessment_date));
      on(remove, 'click', () => {
        save(load().filter((x) => x.name !== c.name));
        view.checks.delete(c.name);
        view.message = t('co.removed', { name: c.name });
        render();
      });
      return h('li', { class: 'company', dataset: { company: c.name } },
        h('h3', {}, c.name),
        h('p', { class: 'small' }, t('co.saved', { checked: c.checked || '—', date: c.assessment_date || '—', version: c.catalogue_version || '—' })),
        h('div', { class: 'company-changes', 'aria-live': 'polite' }, changesBlock(c, res)),
        h('div', { class: 'data-buttons' }, open, update, remove),
      );
    });
    const name = h('input', { type: 'text', id: 'company-name', maxlength: 80, autocomplete: 'off', 'aria-describedby': 'company-help' });
    const saveButton = h('button', { type: 'button', id: 'company-save', class: 'button' }, t('co.save'));
    on(saveButton, 'click', () => saveCurrent(name.value));
    const exportButton = h('button', { type: 'button', id: 'companies-export', class: 'button', disabled: companies.length === 0 }, t('co.export'));
    on(exportButton, 'click', exportAll);
    const input = h('input', { type: 'file', id: 'companies-import', class: 'file-input', accept: '.json,application/json' });
    on(input, 'change', () => importFile(input));
    // Folded away until a company has something to show: a change since its check.
    const changed = companies.some((c) => {
      const res = view.checks.get(c.name);
      return res && !res.error && (res.diff.length > 0 || res.dropped.length > 0);
    });
    const wasOpen = root.querySelector('details') ? root.querySelector('details').open : false;
    clear(root);
    root.append(h('details', { class: 'companies-details', open: changed || wasOpen || Boolean(view.message) },
      h('summary', {}, t('co.summary', { n: companies.length })),
      h('h2', { id: 'companies-heading', class: 'visually-hidden' }, t('co.heading')),
      h('p', { class: 'small', id: 'company-help' }, t('co.help')),
      companies.length ? h('ul', { class: 'companies-list' }, list) : null,
      h('div', { class: 'company-save' },
        h('label', { class: 'field-label', for: 'company-name' }, t('co.name')), name, saveButton),
      h('div', { class: 'data-buttons' }, exportButton,
        h('span', { class: 'file-control' }, h('label', { for: 'companies-import', class: 'button file-button' }, t('co.import')), input)),
      link,
      view.message ? h('p', { class: 'data-message', id: 'companies-message', role: 'status' }, view.message) : null,
    ));
    root.hidden = false;
  }

  async function saveCurrent(rawName) {
    const { answers, date } = hooks.current();
    return saveCompany(rawName, answers, date);
  }

  // saveCompany keeps answers under name with the results the engine gives
  // them now: the company's new check.
  async function saveCompany(rawName, answers, date) {
    const name = String(rawName || '').trim().slice(0, 80);
    if (!name) {
      view.message = t('co.needName');
      render();
      return;
    }
    if (!storage.available()) {
      view.message = t('msg.storageUnavailable');
      render();
      return;
    }
    const report = await hooks.estimate(answers, date);
    if (report.error) {
      view.message = t('co.error', { error: report.error.message || report.error.code });
      render();
      return;
    }
    const company = { name, answers, assessment_date: report.assessment_date, checked: today(), catalogue_version: report.catalogue_version, results: resultsOf(report) };
    const companies = load().filter((c) => c.name !== name);
    companies.push(company);
    if (companies.length > MAX_COMPANIES || !save(companies)) {
      view.message = t('msg.storageUnavailable');
      render();
      return;
    }
    view.checks.delete(name);
    view.checks.set(name, await check(company));
    view.message = t('co.savedMsg', { name });
    render();
  }

  function exportAll() {
    const file = `policycheck-companies-${today()}.json`;
    storage.download(file, `${JSON.stringify(fileOf(load()), null, 2)}\n`, link);
    link.textContent = t('msg.downloadLink', { file });
    link.hidden = false;
    view.message = t('msg.exported', { file });
    render();
  }

  async function importFile(input) {
    const file = input.files && input.files[0];
    if (!file) return;
    if (file.size > storage.MAX_IMPORT_BYTES * 4) {
      view.message = t('msg.importTooLarge');
      render();
      return;
    }
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch (err) {
      view.message = t('msg.importInvalidJSON', { error: String(err.message || err) });
      render();
      return;
    }
    let incoming = parseCompanies(data);
    if (!incoming) {
      // An answers file exported before (one company): checked now.
      if (!data || typeof data !== 'object' || Array.isArray(data)) {
        view.message = t('msg.importNotObject');
        render();
        return;
      }
      const single = data.answers && typeof data.answers === 'object' && !Array.isArray(data.answers) ? data : { answers: data };
      const report = await hooks.estimate(single.answers, typeof single.assessment_date === 'string' ? single.assessment_date : '');
      if (report.error) {
        view.message = t('co.error', { error: report.error.message || report.error.code });
        render();
        return;
      }
      incoming = [{ name: file.name.replace(/\.json$/i, '').slice(0, 80), answers: single.answers, assessment_date: report.assessment_date, checked: today(), catalogue_version: report.catalogue_version, results: resultsOf(report) }];
    }
    if (!storage.available()) {
      view.message = t('msg.storageUnavailable');
      render();
      return;
    }
    const names = new Set(incoming.map((c) => c.name));
    save([...load().filter((c) => !names.has(c.name)), ...incoming].slice(0, MAX_COMPANIES));
    for (const n of names) view.checks.delete(n);
    view.message = t('co.imported', { n: incoming.length });
    input.value = '';
    render();
    await checkAll();
  }

  // "Clear my data" removes the companies too (storage.clear); draw again.
  const clearButton = $('#clear-data');
  if (clearButton) on(clearButton, 'click', () => setTimeout(() => { view.checks.clear(); view.message = ''; render(); }, 0));
  // The language changes on <html lang>: draw again in it.
  new MutationObserver(() => render()).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });

  render();
  Promise.resolve(hooks.ready).then(checkAll, () => {});
  return { render, checkAll };
}

