// The catalogue page: every rule by document, with its quote, clause, the
// amount as the text gives it and its conditions in plain words, so that a
// user can check the tool against the texts.

import { $, $$, on, h, clear } from './dom.js';
import { t, tx, lang, setLang, langFromURL, applyStatic, pageHref } from './i18n.js';
import { indexCatalogue } from './model.js';
import { amountAsWritten, periodText } from './format.js';
import { quoteBlock } from './cards.js';
import * as storage from './storage.js';

const view = {
  loading: $('#loading'),
  body: $('#catalogue-body'),
  toc: $('#toc-list'),
  list: $('#documents-list'),
  filter: $('#rule-filter'),
  count: $('#rule-filter-count'),
  noMatch: $('#no-match'),
  langToggle: $('#lang-toggle'),
};

let catalogue = null;
let version = null;

function applyLanguage() {
  applyStatic();
  document.title = t('catalogue.pageTitle');
  view.langToggle.lang = t('lang.toggleLang');
  view.langToggle.setAttribute('aria-label', t('lang.toggleLabel'));
  for (const a of $$('a[href^="index.html"]')) a.href = pageHref('index.html');
  const url = new URL(location.href);
  if (lang() === 'zh') url.searchParams.delete('lang');
  else url.searchParams.set('lang', lang());
  history.replaceState(history.state, '', url);
  if (version) {
    $('#catalogue-version').textContent = version.catalogue || '—';
    $('#build-version').textContent = version.build || '—';
  }
}

function row(term, ...details) {
  return [h('dt', {}, term), h('dd', {}, ...details)];
}

function provisionList(items) {
  return h('ul', { class: 'provisions' }, items.map((p) => h('li', {},
    tx(p),
    p.quote ? h('q', { class: 'provision-quote', lang: 'zh-CN' }, p.quote) : null,
  )));
}

function ruleArticle(rule, doc) {
  const amount = rule.amount;
  const conditions = rule.all_conditions || rule.conditions || [];
  const scopeId = doc && doc.scope ? doc.scope.id : null;
  const applicant = t(`applicant.${rule.applicant}`);
  const category = t(`category.${rule.category}`);
  return h('article', { class: 'cat-rule', id: `rule-${rule.id}`, dataset: { rule: rule.id, document: rule.document }, 'aria-labelledby': `title-${rule.id}` },
    h('h3', { id: `title-${rule.id}` }, tx(rule.title)),
    h('p', { class: 'card-meta' },
      h('span', {}, t('card.clause', { clause: rule.clause })),
      h('span', {}, t('card.applicantIs', { applicant })),
      h('span', {}, t('card.categoryIs', { category })),
      h('code', {}, rule.id),
    ),
    h('p', {}, tx(rule.summary)),
    quoteBlock(rule, doc),
    h('dl', { class: 'why-list' },
      row(t('cat.amountText'),
        h('strong', {}, amountAsWritten(amount)),
        amount.kind === 'none' ? null : [' · ', periodText(rule.period)],
        amount.quote ? [h('br'), h('q', { lang: 'zh-CN' }, amount.quote)] : null,
        amount.note ? h('span', { class: 'provision-quote' }, tx(amount.note)) : null,
      ),
      row(t('cat.conditions'), h('ul', { class: 'cat-conditions' }, conditions.map((c) => h('li', { dataset: { condition: c.id } },
        tx(c.label),
        c.id === scopeId ? h('span', { class: 'scope-tag' }, `(${t('cond.scope')})`) : null,
      )))),
      rule.administrator ? row(t('card.administratorCat'), tx(rule.administrator)) : null,
      rule.obligations && rule.obligations.length ? row(t('card.obligations'), provisionList(rule.obligations)) : null,
      rule.stacking && rule.stacking.length ? row(t('card.stacking'), provisionList(rule.stacking)) : null,
      rule.note ? row(t('card.note'), tx(rule.note)) : null,
      rule.next_steps ? row(t('card.nextSteps'), tx(rule.next_steps)) : null,
    ),
  );
}

function documentSection(doc, rules) {
  return h('section', { class: 'cat-document', id: `doc-${doc.id}`, dataset: { document: doc.id }, 'aria-labelledby': `doc-title-${doc.id}` },
    h('h2', { id: `doc-title-${doc.id}` }, tx(doc.title)),
    h('dl', { class: 'doc-facts' },
      row(t('doc.region'), tx(doc.region)),
      row(t('doc.issuer'), tx(doc.issuer)),
      row(t('doc.number'), tx(doc.number)),
      row(t('doc.date'), tx(doc.date)),
      row(t('doc.validity'), tx(doc.validity)),
      doc.scope ? row(t('cat.scope'), tx(doc.scope.label), doc.scope.quote ? [h('br'), h('q', { lang: 'zh-CN' }, doc.scope.quote)] : null) : null,
      doc.obligations && doc.obligations.length ? row(t('cat.obligationsAll'), provisionList(doc.obligations)) : null,
      doc.stacking && doc.stacking.length ? row(t('cat.stackingAll'), provisionList(doc.stacking)) : null,
    ),
    h('p', { class: 'small doc-rule-count' }, t('cat.ruleCount', { n: rules.length })),
    h('div', { class: 'cat-rules' }, rules.map((r) => ruleArticle(r, doc))),
    h('a', { class: 'back-to-top', href: '#top' }, t('cat.backToTop')),
  );
}

// Text a filter matches: both languages, the quote and the id.
function searchText(rule) {
  const parts = [rule.id, rule.clause, rule.quote, rule.title.zh, rule.title.en, rule.summary.zh, rule.summary.en];
  for (const c of rule.all_conditions || []) parts.push(c.label.zh, c.label.en);
  if (rule.amount.quote) parts.push(rule.amount.quote);
  return parts.join('\n').toLowerCase();
}

function render() {
  const byDoc = new Map(catalogue.documents.map((d) => [d.id, []]));
  for (const r of catalogue.rules) (byDoc.get(r.document) || []).push(r);
  clear(view.toc).append(...catalogue.documents.map((d) => h('li', {},
    h('a', { href: `#doc-${d.id}` }, tx(d.title)), ` (${t('cat.ruleCount', { n: byDoc.get(d.id).length })})`)));
  clear(view.list).append(...catalogue.documents.map((d) => documentSection(d, byDoc.get(d.id))));
  applyFilter();
}

const index = new Map();
function applyFilter() {
  const words = view.filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const section of $$('.cat-document', view.list)) {
    let inDoc = 0;
    for (const article of $$('.cat-rule', section)) {
      const text = index.get(article.dataset.rule) || '';
      const match = words.every((w) => text.includes(w));
      article.hidden = !match;
      if (match) inDoc++;
    }
    section.hidden = inDoc === 0;
    shown += inDoc;
  }
  view.count.textContent = t('cat.filterCount', { shown, total: catalogue.rules.length });
  view.noMatch.textContent = t('cat.noMatch');
  view.noMatch.hidden = shown > 0;
}

async function main() {
  const stored = storage.load();
  setLang(langFromURL() || (stored && stored.lang) || 'zh');
  applyLanguage();
  on(view.langToggle, 'click', () => {
    setLang(lang() === 'en' ? 'zh' : 'en');
    applyLanguage();
    if (catalogue) render();
  });
  on(view.filter, 'input', applyFilter);
  let cat;
  try {
    // The catalogue as the build wrote it (the same the engine carries): no engine needed here.
    let res;
    try {
      res = await fetch(new URL('catalogue.json', import.meta.url), { credentials: 'same-origin' });
    } catch (err) {
      throw Object.assign(new Error(String(err.message || err)), { kind: 'network' });
    }
    if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { kind: 'http' });
    cat = await res.json();
    version = { catalogue: cat.version, build: document.querySelector('meta[name="policycheck-build"]')?.content || '' };
  } catch (err) {
    view.loading.textContent = t('loadFailed', { error: t(`fail.${err.kind || 'engine'}`) });
    view.loading.classList.add('error');
    return;
  }
  catalogue = indexCatalogue(cat);
  for (const r of catalogue.rules) index.set(r.id, searchText(r));
  applyLanguage();
  render();
  view.loading.hidden = true;
  view.body.hidden = false;
  document.documentElement.dataset.ready = 'true';
  // A link to one rule (catalogue.html#rule-<id>) lands on it once it exists.
  if (location.hash) {
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) target.scrollIntoView();
  }
}

main();
