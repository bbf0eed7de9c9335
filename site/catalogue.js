// The catalogue page as a reading of the law: for each document its
// validity and what that rests on, then the text itself clause by clause,
// each clause with what was made of it (the measures encoded from it, or
// why it was left out) and the test cases of each measure. The build
// prepared the text (sources.json: the source cut at its numbering, the
// ledger and the cases); this page only draws it, each document's text
// when it is first opened. No internal id is shown: ids are only in links,
// data attributes and what the copy buttons copy.
//
// Deep links: #doc-<document>, #clause-<document>-<encodeURIComponent(clause)>
// (the result cards' "see the clause") and #rule-<rule id>.

import { $, $$, on, h, clear } from './dom.js';
import { t, tx, lang, setLang, langFromURL, applyStatic, pageHref, yuanRange } from './i18n.js';
import { indexCatalogue } from './model.js';
import { amountAsWritten, periodText } from './format.js';
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
let sources = null; // sources.json, with sourcesById
let version = null;

// today is the device's date (YYYY-MM-DD), against which validity is read.
const today = (() => {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
})();

// The ids of the page's elements, as result cards link to them.
const clauseAnchor = (doc, clause) => `clause-${doc}-${encodeURIComponent(clause)}`;
const ruleAnchor = (id) => `rule-${id}`;

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

function zhQuote(words) {
  return h('q', { lang: 'zh-CN' }, words);
}

// Codes of the catalogue's vocabulary that notes written by analysts name
// in passing: said in words (or left out where the words already say it).
const CODE_IN_BRACKETS = /\s?[(（](?:scope:\s*none|none|unset|entitlement|discretionary|national|service)[)）]/g;
const QUOTED_CODE = /([“"'‘])(none|unset)([”"'’])/g;
let ruleIdPattern = null;

// prose(text) → the nodes of a note: a rule named by its id becomes a link
// to it with its title; the vocabulary's codes become words.
function prose(text) {
  let s = tx(text).replace(CODE_IN_BRACKETS, '').replace(QUOTED_CODE, (_, a, code, b) => `${a}${t(`amount.${code}`)}${b}`);
  if (!ruleIdPattern) return s;
  const out = [];
  let last = 0;
  for (const m of s.matchAll(ruleIdPattern)) {
    const rule = catalogue.rulesById.get(m[0]);
    out.push(s.slice(last, m.index), h('a', { href: `#${ruleAnchor(rule.id)}`, class: 'rule-ref' }, tx(rule.title)));
    last = m.index + m[0].length;
  }
  out.push(s.slice(last));
  return out;
}

// copyButton(label, text) → a button that copies text (a link or an id).
function copyButton(label, text, dataset) {
  const b = h('button', { type: 'button', class: 'copy-button', dataset }, label);
  on(b, 'click', async () => {
    const value = typeof text === 'function' ? text() : text;
    let ok = false;
    try {
      await navigator.clipboard.writeText(value);
      ok = true;
    } catch {
      const area = h('textarea', { class: 'copy-area', readonly: true, 'aria-hidden': 'true' });
      area.value = value;
      document.body.append(area);
      area.select();
      try { ok = document.execCommand('copy'); } catch { ok = false; }
      area.remove();
    }
    b.textContent = ok ? t('read.copied') : t('read.copyFailed');
    setTimeout(() => { b.textContent = label; }, 2000);
  });
  return b;
}

function linkTo(anchor) {
  const url = new URL(location.href);
  url.hash = anchor;
  return url.href;
}

// Validity: the document's currency read against today.

// docState(doc) → {lapsed, text}: the document's validity in one line.
function docState(doc) {
  const c = doc.currency || {};
  const v = c.validity || {};
  if (c.until) {
    const lapsed = c.until < today;
    const key = v.kind === 'presumed' ? 'read.presumedUntil' : 'read.statedUntil';
    return { lapsed, until: c.until, presumed: v.kind === 'presumed', text: t(key, { until: c.until, lapsed }) };
  }
  const years = c.issued ? Math.max(0, Number(today.slice(0, 4)) - Number(c.issued.slice(0, 4)) - (today.slice(5) < c.issued.slice(5) ? 1 : 0)) : null;
  return { lapsed: false, text: t('read.noEnd', { years }) };
}

function basisRow(c) {
  const b = c.issued_basis || {};
  return row(t('read.issued'),
    h('strong', {}, c.issued || '—'), ' · ', t(`read.basis.${b.kind}`),
    b.quote ? [t('read.colon'), zhQuote(b.quote)] : null,
    b.note ? h('span', { class: 'provision-quote' }, prose(b.note)) : null,
  );
}

function validityRow(doc, state) {
  const c = doc.currency || {};
  const v = c.validity || {};
  const r = v.rule;
  return row(t('read.validity'),
    h('strong', { class: state.lapsed ? 'lapsed-text' : '' }, state.text),
    v.kind === 'stated' && c.from ? h('span', { class: 'block' }, t('read.period', { from: c.from, until: c.until })) : null,
    c.trial ? h('span', { class: 'block' }, t('read.trial')) : null,
    v.kind === 'stated' && c.quote ? h('span', { class: 'block' }, t('read.statedBy'), zhQuote(c.quote)) : null,
    r ? h('span', { class: 'block' }, t('read.presumedBy', { title: tx(r.title), number: r.number, article: r.article }), zhQuote(r.words),
      t('read.ruleInForce', { from: r.in_force, to: r.replaced || '' })) : null,
    r && r.found ? h('span', { class: 'provision-quote found' }, t('read.found'), r.found) : null,
    v.note ? h('span', { class: 'provision-quote' }, prose(v.note)) : null,
  );
}

function laterList(doc) {
  return h('ul', { class: 'provisions later' }, doc.currency.later.map((l) => h('li', {},
    h('strong', {}, t('read.relation.' + l.relation)), t('read.colon'),
    tx(l.issuer), t('read.titleQuote', { title: tx(l.title) }), l.number ? ` ${l.number}` : '', t('read.laterDate', { date: l.date }),
    l.rules && l.rules.length ? h('span', { class: 'block' }, t('read.affects'), ruleLinks(l.rules)) : null,
    l.ends ? h('span', { class: 'block' }, t('read.endsOn', { ends: l.ends, lapsed: l.ends < today }), l.words ? zhQuote(l.words) : null) : null,
    l.note ? h('span', { class: 'provision-quote' }, prose(l.note)) : null,
    l.found ? h('span', { class: 'provision-quote found' }, t('read.found'), l.found) : null,
  )));
}

function ruleLinks(ids) {
  const out = [];
  ids.forEach((id) => {
    const r = catalogue.rulesById.get(id);
    if (!r) return;
    if (out.length) out.push(t('read.listSep'));
    out.push(h('a', { href: `#${ruleAnchor(id)}`, class: 'rule-ref' }, tx(r.title)));
  });
  return out;
}

function provisionList(items) {
  return h('ul', { class: 'provisions' }, items.map((p) => h('li', {},
    prose(p),
    p.quote ? h('q', { class: 'provision-quote', lang: 'zh-CN' }, p.quote) : null,
  )));
}

function currencyBlock(doc, state) {
  const c = doc.currency || {};
  return h('dl', { class: 'doc-facts doc-currency' },
    validityRow(doc, state),
    basisRow(c),
    c.kind ? row(t('read.kind'), t(`read.kind.${c.kind}`)) : null,
    c.page_claim ? row(t('read.pageClaim'), tx(c.page_claim), h('span', { class: 'provision-quote' }, t('read.pageClaimNote'))) : null,
    c.note ? row(t('read.currencyNote'), prose(c.note)) : null,
    c.later && c.later.length ? row(t('read.later'), laterList(doc)) : null,
    row(t('doc.region'), tx(doc.region)),
    row(t('doc.issuer'), tx(doc.issuer)),
    row(t('doc.number'), tx(doc.number)),
    row(t('doc.date'), tx(doc.date)),
    doc.scope ? row(t('cat.scope'), tx(doc.scope.label), doc.scope.quote ? [h('br'), zhQuote(doc.scope.quote)] : null) : null,
    doc.obligations && doc.obligations.length ? row(t('cat.obligationsAll'), provisionList(doc.obligations)) : null,
    doc.stacking && doc.stacking.length ? row(t('cat.stackingAll'), provisionList(doc.stacking)) : null,
  );
}

// Measures.

// ruleLapse(rule) → words for a measure whose own date or a later
// document's ended it before today, else null.
function ruleLapse(rule, doc) {
  if (rule.dated && rule.dated.until && rule.dated.until < today) {
    return [t('read.datedLapsed', { until: rule.dated.until }), rule.dated.quote ? zhQuote(rule.dated.quote) : null];
  }
  for (const l of (doc.currency && doc.currency.later) || []) {
    if (l.ends && l.ends < today && (!l.rules || l.rules.length === 0 || l.rules.includes(rule.id))) {
      return [t('read.laterEnded', { ends: l.ends, title: tx(l.title) })];
    }
  }
  return null;
}

function conditionList(rule, doc) {
  const scopeId = doc.scope ? doc.scope.id : null;
  const conditions = rule.all_conditions || rule.conditions || [];
  return h('ul', { class: 'cat-conditions' }, conditions.map((c) => h('li', { dataset: { condition: c.id } },
    tx(c.label),
    c.id === scopeId ? h('span', { class: 'scope-tag' }, t('read.scopeTag')) : null,
  )));
}

function casesBlock(rule) {
  const tests = (sources.tests && sources.tests[rule.id]) || [];
  if (!tests.length) return null;
  return h('details', { class: 'rule-cases' },
    h('summary', {}, t('read.cases', { n: tests.length })),
    h('p', { class: 'small' }, t('read.casesHelp')),
    h('ul', { class: 'case-list' }, tests.map((x) => {
      const c = sources.cases[x.case] || {};
      const amount = x.min !== undefined || x.max !== undefined ? yuanRange(x.min ?? x.max, x.max ?? x.min) : '';
      return h('li', { dataset: { status: x.status } },
        h('span', { class: 'case-name', lang: 'en' }, c.name), ' ',
        h('span', { class: 'case-expect' }, t('read.caseExpect', { date: c.date, status: t(`status.${x.status}`), amount })),
      );
    })),
  );
}

// ruleArticle(rule, doc, clause) → a measure in full, under the first clause it cites.
function ruleArticle(rule, doc, clauses) {
  const amount = rule.amount;
  const lapse = ruleLapse(rule, doc);
  const others = clauses.filter((c) => c !== clauses[0]);
  return h('article', { class: 'cat-rule', id: ruleAnchor(rule.id), dataset: { rule: rule.id, document: rule.document }, 'aria-labelledby': `title-${rule.id}` },
    h('h3', { id: `title-${rule.id}` }, tx(rule.title)),
    h('p', { class: 'card-meta' },
      h('span', {}, t('card.categoryIs', { category: t(`category.${rule.category}`) })),
      h('span', { class: `certainty certainty-${rule.certainty}` }, t(`read.certainty.${rule.certainty}`)),
    ),
    lapse ? h('p', { class: 'rule-lapse' }, lapse) : null,
    h('p', {}, tx(rule.summary)),
    h('dl', { class: 'why-list' },
      row(t('read.forWhom'), t(`applicant.${rule.applicant}`)),
      row(t('cat.conditions'), conditionList(rule, doc)),
      row(t('cat.amountText'),
        h('strong', {}, amountAsWritten(amount)),
        amount.kind === 'none' || (amount.kind === 'per_item' && rule.period.kind === 'per_item') ? null : [' · ', periodText(rule.period)],
        amount.quote ? [h('br'), zhQuote(amount.quote)] : null,
      ),
      row(t('read.certainty'), t(`read.certainty.${rule.certainty}`),
        rule.certainty_quote ? [h('br'), t('card.discretion'), t('read.colon'), zhQuote(rule.certainty_quote)] : null),
      rule.obligations && rule.obligations.length ? row(t('card.obligations'), provisionList(rule.obligations)) : null,
    ),
    // The reading's details, closed: what the page would otherwise repeat
    // for every measure (a phone screen holds little of it at once).
    h('details', { class: 'rule-more' },
      h('summary', {}, t('read.more')),
      h('dl', { class: 'why-list' },
        row(t('read.excerpt'), zhQuote(rule.quote)),
        others.length ? row(t('read.alsoClauses'), others.map((c, i) => [i ? t('read.listSep') : null,
          h('a', { href: `#${clauseAnchor(rule.document, c)}` }, t('card.clause', { clause: c }))])) : null,
        amount.note ? row(t('card.amountNote'), prose(amount.note)) : null,
        rule.dated ? row(t('read.dated'), t('read.datedUntil', { until: rule.dated.until }), rule.dated.quote ? [' ', zhQuote(rule.dated.quote)] : null,
          rule.dated.note ? h('span', { class: 'provision-quote' }, prose(rule.dated.note)) : null) : null,
        rule.administrator ? row(t('card.administratorCat'), tx(rule.administrator)) : null,
        rule.stacking && rule.stacking.length ? row(t('card.stacking'), provisionList(rule.stacking)) : null,
        rule.note ? row(t('card.note'), prose(rule.note)) : null,
        rule.next_steps ? row(t('card.nextSteps'), prose(rule.next_steps)) : null,
      ),
    ),
    casesBlock(rule),
    h('p', { class: 'copy-row' },
      copyButton(t('read.copyLink'), () => linkTo(ruleAnchor(rule.id)), { copy: 'link' }),
      copyButton(t('read.copyId'), rule.id, { copy: 'id' }),
    ),
  );
}

// Clauses.

// clauseSection(doc, part, state, rulesOf) → one clause: its words and what
// was made of it (rulesOf: each rule's clauses, to place it under its first).
function clauseSection(doc, part, state, rulesOf) {
  const isPreamble = !part.clause;
  const id = isPreamble ? `preamble-${doc.id}` : clauseAnchor(doc.id, part.clause);
  const made = [];
  if (!isPreamble) {
    if (part.rules && part.rules.length) {
      for (const rid of part.rules) {
        const rule = catalogue.rulesById.get(rid);
        if (!rule) continue;
        const cited = rulesOf.get(rid);
        if (cited[0] === part.clause) made.push(ruleArticle(rule, doc, cited));
        else {
          made.push(h('p', { class: 'rule-elsewhere' }, t('read.seeMeasure'),
            h('a', { href: `#${ruleAnchor(rid)}`, class: 'rule-ref' }, tx(rule.title)),
            t('read.underClause', { clause: cited[0] })));
        }
      }
    } else if (part.left_out) {
      made.push(h('p', { class: 'left-out' },
        h('strong', {}, t('read.leftOutKind', { kind: t(`read.leftOut.${part.left_out}`) })), t('read.colon'),
        part.reason ? prose(part.reason) : null));
    }
  }
  const measures = (part.rules || []).length;
  // A div, not a labelled section: two hundred clauses are not landmarks.
  return h('div', {
    class: ['clause', `clause-level-${Math.max(0, part.level)}`, isPreamble ? 'clause-preamble' : ''],
    id, dataset: { document: doc.id, clause: part.clause || '' },
  },
  h('p', { class: 'clause-head' },
    h('span', { class: 'clause-number' }, isPreamble ? t('read.preamble') : t('card.clause', { clause: part.clause })),
    !isPreamble && state.lapsed ? h('span', { class: 'clause-lapsed' }, t('read.docLapsedTag', { until: state.until, presumed: state.presumed })) : null,
    !isPreamble ? h('span', { class: 'clause-made small' }, measures ? t('read.measureCount', { n: measures }) : t('read.notEncoded')) : null,
    !isPreamble ? copyButton(t('read.copyLink'), () => linkTo(id), { copy: 'link' }) : null,
  ),
  h('blockquote', { class: 'clause-text', lang: 'zh-CN' }, part.text.split('\n').map((line) => h('p', {}, line))),
  made.length ? h('div', { class: 'clause-reading' }, h('p', { class: 'clause-reading-title' }, t('read.madeOf')), made) : null,
  );
}

// The documents: each one's currency, then its text in a disclosure built
// when first opened (by the reader, a link or a search).

const docViews = new Map(); // document id → {details, body, built, clauses: Map(clause → element)}

function documentSection(doc) {
  const src = sources.byId.get(doc.id);
  const state = docState(doc);
  const rules = catalogue.rules.filter((r) => r.document === doc.id);
  const clauseCount = src ? src.parts.filter((p) => p.clause).length : 0;
  const body = h('div', { class: 'doc-text-body' });
  const details = h('details', { class: 'doc-text', dataset: { document: doc.id } },
    h('summary', {}, t('read.textSummary', { clauses: clauseCount, rules: rules.length })),
    body);
  const v = { details, body, built: false, clauses: new Map(), state };
  docViews.set(doc.id, v);
  on(details, 'toggle', () => { if (details.open) build(doc.id); });
  return h('section', { class: 'cat-document', id: `doc-${doc.id}`, dataset: { document: doc.id, lapsed: state.lapsed ? 'true' : 'false' }, 'aria-labelledby': `doc-title-${doc.id}` },
    h('h2', { id: `doc-title-${doc.id}` }, tx(doc.title)),
    state.lapsed ? h('p', { class: 'notice doc-lapsed' }, state.text) : null,
    currencyBlock(doc, state),
    src && src.scheme ? h('p', { class: 'small scheme' }, t('read.scheme'), prose(src.scheme)) : null,
    details,
    h('a', { class: 'back-to-top', href: '#top' }, t('cat.backToTop')),
  );
}

// build(docId) draws a document's text once.
function build(docId) {
  const v = docViews.get(docId);
  if (!v || v.built) return v;
  v.built = true;
  const doc = catalogue.documentsById.get(docId);
  const src = sources.byId.get(docId);
  const rulesOf = new Map(); // rule id → the clauses listing it, in the text's order
  for (const p of src.parts) for (const rid of p.rules || []) {
    if (!rulesOf.has(rid)) rulesOf.set(rid, []);
    rulesOf.get(rid).push(p.clause);
  }
  const nodes = src.parts.map((p) => {
    const el = clauseSection(doc, p, v.state, rulesOf);
    v.clauses.set(p.clause, el);
    return el;
  });
  v.body.append(...nodes);
  if (filterWords().length) applyFilter();
  return v;
}

// Search: each clause matches on its words, its clause number, what was
// made of it (its measures in both languages) and why it was left out.

const index = new Map(); // document id → Map(clause → lowercased text)

function ruleText(rule) {
  const parts = [rule.id, rule.clause, rule.quote, rule.title.zh, rule.title.en, rule.summary.zh, rule.summary.en];
  for (const c of rule.all_conditions || []) parts.push(c.label.zh, c.label.en);
  for (const x of [rule.amount.note, rule.note, rule.next_steps, rule.administrator]) if (x) parts.push(x.zh, x.en);
  if (rule.amount.quote) parts.push(rule.amount.quote);
  if (rule.certainty_quote) parts.push(rule.certainty_quote);
  return parts.join('\n');
}

function buildIndex() {
  for (const src of sources.documents) {
    const m = new Map();
    for (const p of src.parts) {
      const parts = [p.clause, p.text];
      if (p.reason) parts.push(p.reason.zh, p.reason.en);
      for (const rid of p.rules || []) {
        const r = catalogue.rulesById.get(rid);
        if (r) parts.push(ruleText(r));
      }
      m.set(p.clause, parts.join('\n').toLowerCase());
    }
    index.set(src.id, m);
  }
}

function filterWords() {
  return view.filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
}

let openBeforeSearch = null; // which documents' texts were open when a search began

function applyFilter() {
  const words = filterWords();
  let shownClauses = 0;
  const shownRules = new Set();
  if (words.length && !openBeforeSearch) openBeforeSearch = new Set([...docViews].filter(([, v]) => v.details.open).map(([id]) => id));
  for (const [docId, v] of docViews) {
    const section = $(`#doc-${docId}`);
    if (!words.length) {
      section.hidden = false;
      for (const el of v.clauses.values()) el.hidden = false;
      continue;
    }
    const matches = new Set();
    for (const [clause, text] of index.get(docId) || []) if (words.every((w) => text.includes(w))) matches.add(clause);
    section.hidden = matches.size === 0;
    if (matches.size) {
      if (!v.built) build(docId);
      v.details.open = true;
    }
    for (const [clause, el] of v.clauses) el.hidden = !matches.has(clause);
    const src = sources.byId.get(docId);
    for (const p of src.parts) {
      if (!matches.has(p.clause)) continue;
      if (p.clause) shownClauses++;
      for (const rid of p.rules || []) shownRules.add(rid);
    }
  }
  if (!words.length && openBeforeSearch) {
    for (const [docId, v] of docViews) v.details.open = openBeforeSearch.has(docId);
    openBeforeSearch = null;
  }
  const totalClauses = sources.documents.reduce((n, d) => n + d.parts.filter((p) => p.clause).length, 0);
  view.count.textContent = words.length
    ? t('read.filterCount', { clauses: shownClauses, rules: shownRules.size, total: totalClauses })
    : t('read.filterAll', { clauses: totalClauses, rules: catalogue.rules.length });
  view.noMatch.textContent = t('read.noMatch');
  view.noMatch.hidden = !words.length || shownClauses > 0;
}

function render() {
  const counts = new Map(catalogue.documents.map((d) => [d.id, catalogue.rules.filter((r) => r.document === d.id).length]));
  const open = new Set([...docViews].filter(([, v]) => v.details.open).map(([id]) => id));
  docViews.clear();
  clear(view.toc).append(...catalogue.documents.map((d) => {
    const state = docState(d);
    return h('li', {},
      h('a', { href: `#doc-${d.id}` }, tx(d.title)),
      h('span', { class: 'small toc-facts' }, ` ${t('read.tocFacts', { rules: counts.get(d.id) })}`,
        state.lapsed ? [' · ', h('span', { class: 'lapsed-text' }, state.text)] : null));
  }));
  clear(view.list).append(...catalogue.documents.map(documentSection));
  for (const id of open) { build(id); docViews.get(id).details.open = true; }
  applyFilter();
}

// go(hash) opens what a link points to (a document, a clause, a measure),
// drawing its document's text first, and brings it into view.
function go(hash, { focus = false } = {}) {
  let raw = hash.replace(/^#/, '');
  if (!raw) return;
  try { raw = decodeURIComponent(raw); } catch { /* keep it as it is */ }
  let docId = null;
  let elementId = null;
  if (raw.startsWith('rule-')) {
    const rule = catalogue.rulesById.get(raw.slice(5));
    if (rule) { docId = rule.document; elementId = ruleAnchor(rule.id); }
  } else if (raw.startsWith('clause-')) {
    for (const d of catalogue.documents) {
      if (raw.startsWith(`clause-${d.id}-`)) { docId = d.id; elementId = clauseAnchor(d.id, raw.slice(`clause-${d.id}-`.length)); }
    }
  } else if (raw.startsWith('doc-')) {
    elementId = raw;
  }
  if (docId) {
    const v = build(docId);
    if (v) v.details.open = true;
  }
  const el = elementId && document.getElementById(elementId);
  if (!el) return;
  for (const x of $$('.is-target')) x.classList.remove('is-target');
  if (el.hidden || el.closest('[hidden]')) { view.filter.value = ''; applyFilter(); }
  if (!elementId.startsWith('doc-')) el.classList.add('is-target');
  const more = el.matches('.cat-rule') && $('details.rule-more', el);
  if (more) more.open = true;
  el.scrollIntoView();
  if (focus) {
    el.setAttribute('tabindex', '-1');
    el.focus({ preventScroll: true });
  }
}

async function fetchJSON(name) {
  let res;
  try {
    res = await fetch(new URL(name, import.meta.url), { credentials: 'same-origin' });
  } catch (err) {
    throw Object.assign(new Error(String(err.message || err)), { kind: 'network' });
  }
  if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { kind: 'http' });
  return res.json();
}

async function main() {
  const stored = storage.load();
  setLang(langFromURL() || (stored && stored.lang) || 'zh');
  applyLanguage();
  on(view.langToggle, 'click', () => {
    setLang(lang() === 'en' ? 'zh' : 'en');
    applyLanguage();
    if (catalogue && sources) render();
  });
  // The first search that reaches a document draws its text: wait for a
  // pause in typing rather than drawing for every keystroke.
  let pending = 0;
  on(view.filter, 'input', () => {
    clearTimeout(pending);
    pending = setTimeout(applyFilter, 150);
  });
  let cat;
  try {
    // What the build wrote: the catalogue (the same the engine carries) and
    // the texts clause by clause; no engine on this page.
    [cat, sources] = await Promise.all([fetchJSON('catalogue.json'), fetchJSON('sources.json')]);
    version = { catalogue: cat.version, build: document.querySelector('meta[name="policycheck-build"]')?.content || '' };
  } catch (err) {
    view.loading.textContent = t('loadFailed', { error: t(`fail.${err.kind || 'engine'}`) });
    view.loading.classList.add('error');
    return;
  }
  catalogue = indexCatalogue(cat);
  sources.byId = new Map(sources.documents.map((d) => [d.id, d]));
  const ids = [...catalogue.rulesById.keys()].sort((a, b) => b.length - a.length).map((id) => id.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'));
  ruleIdPattern = new RegExp(`(?<![\\w.-])(?:${ids.join('|')})(?![\\w-])`, 'g');
  buildIndex();
  applyLanguage();
  render();
  view.loading.hidden = true;
  view.body.hidden = false;
  // A link to a clause or a measure (catalogue.html#clause-…, #rule-…) lands on it.
  if (location.hash) go(location.hash);
  on(window, 'hashchange', () => go(location.hash, { focus: true }));
  // In-page links to what is not drawn yet (another document's measure).
  on(view.list, 'click', (e) => {
    const a = e.target.closest && e.target.closest('a[href^="#"]');
    if (a && a.getAttribute('href') === location.hash) go(location.hash, { focus: true });
  });
  document.documentElement.dataset.ready = 'true';
}

main();
