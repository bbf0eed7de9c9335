// One card per measure, by section: what it is worth, the administering body
// and what to prepare (from the conditions met), the obligations, and the
// text it rests on, with a link to its clause on the catalogue page. The
// quoted text is built only when opened.

import { h, on } from './dom.js';
import { t, tx, yuan, separator, lang, pageHref } from './i18n.js';
import { amountForResult, periodText } from './format.js';
import { conditionDefs } from './model.js';

// provisions(rule, doc, key) → the rule's obligations or stacking limits plus
// the document's own, without repeats.
export function provisions(rule, doc, key) {
  const seen = new Set();
  const out = [];
  for (const p of [...(rule[key] || []), ...((doc && doc[key]) || [])]) {
    if (seen.has(p.zh)) continue;
    seen.add(p.zh);
    out.push(p);
  }
  return out;
}

// provisionText(p) → an obligation or stacking limit as a person reads it:
// in Chinese the text's own words when quoted (the paraphrase would say
// them twice), in English the paraphrase and then the words.
export function provisionText(p) {
  if (lang() !== 'en' && p.quote) return [h('q', { class: 'provision-quote', lang: 'zh-CN' }, p.quote)];
  return [tx(p), p.quote ? h('q', { class: 'provision-quote', lang: 'zh-CN' }, p.quote) : null];
}

function provisionList(items) {
  return h('ul', { class: 'provisions' }, items.map((p) => h('li', {}, provisionText(p))));
}

function row(term, ...details) {
  return [h('dt', {}, term), h('dd', {}, ...details)];
}

// quoteBlock(rule, doc) → the quoted clause with its number and document.
export function quoteBlock(rule, doc) {
  return h('figure', { class: 'quote' },
    h('blockquote', { lang: 'zh-CN' }, h('p', {}, rule.quote)),
    h('figcaption', {},
      t('card.clause', { clause: rule.clause }), ' · ',
      h('cite', {}, doc ? tx(doc.title) : rule.document),
    ),
  );
}

// administrator(rule) → the body to apply to: the one the text names, or the
// district S&T bureau the text implies, said as such.
export function administrator(rule) {
  return rule.administrator ? tx(rule.administrator) : t('card.adminImplied');
}

// prepareItems(rule, result, ctx) → what to prepare: evidence of each fact
// met (never the location, a date or the kind of applicant: those are
// conditions, not papers), and the count of items a per-item amount pays for.
export function prepareItems(rule, result, ctx) {
  const items = [];
  for (const { def, result: res } of conditionDefs(rule, result)) {
    if (res.state !== 'met' || def.id === 'applicant' || def.kind === 'location' || def.kind === 'time') continue;
    items.push(t('card.evidence', { label: tx(def.label) }));
  }
  const count = rule.amount && rule.amount.count;
  const n = count ? ctx.answers()[count] : undefined;
  if (typeof n === 'number' && n > 0) items.push(t('card.count', { label: ctx.label(count), n }));
  return items;
}

// questionLinks(ids, ctx) → links that take the founder to each question
// (named, not linked, when the questionnaire does not show it now).
export function questionLinks(ids, ctx) {
  const out = [];
  ids.forEach((id, i) => {
    if (i > 0) out.push(separator());
    out.push(ctx.questionLink(id));
  });
  return out;
}

function badge(result, rule) {
  let key = `badge.${result.status}`;
  if (result.status === 'eligible' && (result.certainty || rule.certainty) === 'discretionary') key = 'badge.discretionary';
  // A national or city programme the text points to: its own criteria decide, never "eligible".
  if ((result.status === 'eligible' || result.status === 'possible') && (result.certainty || rule.certainty) === 'national') key = 'badge.national';
  return h('span', { class: ['badge', `badge-${result.status}`] }, t(key));
}

// docRef(doc) → what finds a document: its issuer, its number when it has
// one, and its date ("上海市虹口区人民政府 · 虹府发〔2015〕10号 · 2015-03-06").
export function docRef(doc) {
  const cu = doc.currency || {};
  const date = cu.issued ? (cu.issued_basis && cu.issued_basis.kind === 'references' ? cu.issued.slice(0, 4) : cu.issued) : '';
  const number = doc.number && !/未载|No number/.test(tx(doc.number)) ? tx(doc.number) : '';
  return [tx(doc.issuer), number, date].filter(Boolean).join(' · ');
}

// clauseHref(rule) → the clause on the catalogue page (the first clause a
// rule cites), in the page's language.
export function clauseHref(rule) {
  return `${pageHref('catalogue.html')}#clause-${rule.document}-${encodeURIComponent(rule.clause.split(';')[0].trim())}`;
}

function citeLine(rule, doc) {
  const title = doc ? tx(doc.title) : rule.document;
  return h('p', { class: 'card-cite' }, t('card.source'), lang() === 'en' ? ': ' : '\uff1a',
    h('cite', {}, lang() === 'en' ? title : `\u300a${title}\u300b`),
    doc ? [lang() === 'en' ? ' (' : '\uff08', docRef(doc), lang() === 'en' ? ')' : '\uff09'] : null,
    ' · ', t('card.clause', { clause: rule.clause }), ' ', h('a', { class: 'clause-link see-clause', href: clauseHref(rule) }, t('read.seeClause')));
}

// why(rule, doc, result) → "the text and our reading", filled when opened.
function why(rule, doc, ctx) {
  const body = h('div', {});
  const d = h('details', { class: 'why', open: ctx.openWhy.has(rule.id) }, h('summary', {}, t('card.why')), body);
  const fill = () => {
    if (!d.open || body.firstChild) return;
    const stacking = provisions(rule, doc, 'stacking');
    body.append(quoteBlock(rule, doc), h('dl', { class: 'why-list' },
      rule.certainty === 'discretionary' && rule.certainty_quote ? row(t('card.discretion'), h('q', { lang: 'zh-CN' }, rule.certainty_quote)) : null,
      rule.amount.quote ? row(t('card.amountQuote'), h('q', { lang: 'zh-CN' }, rule.amount.quote)) : null,
      rule.amount.note ? row(t('card.amountNote'), tx(rule.amount.note)) : null,
      stacking.length ? row(t('card.stacking'), provisionList(stacking)) : null,
      rule.note ? row(t('card.note'), tx(rule.note)) : null,
    ));
  };
  on(d, 'toggle', () => {
    if (d.open) ctx.openWhy.add(rule.id);
    else ctx.openWhy.delete(rule.id);
    fill();
  });
  fill();
  return d;
}

// nextSteps(rule, result, ctx, ...body) → what to do next: open on a card
// whose money the texts fix; folded on the others (money an official
// decides, possible, not money, national), which on a phone would
// otherwise make the page many screens longer.
function nextSteps(rule, result, ctx, ...body) {
  const certainty = result.certainty || rule.certainty;
  const kind = (result.amount && result.amount.kind) || rule.amount.kind;
  if (result.status === 'eligible' && certainty !== 'discretionary' && certainty !== 'national' && kind !== 'none') {
    return h('div', { class: 'next-steps' }, h('p', { class: 'card-section-title' }, t('card.next')), body);
  }
  ctx.openNext ||= new Set();
  const d = h('details', { class: 'next-steps next-fold', open: ctx.openNext.has(rule.id) }, h('summary', { class: 'card-section-title' }, t('card.next')), body);
  on(d, 'toggle', () => {
    if (d.open) ctx.openNext.add(rule.id);
    else ctx.openNext.delete(rule.id);
  });
  return d;
}

// resultCard(rule, result, ctx) → the card of an eligible or worth-checking measure.
// ctx: {catalogue, docStatus(id), answers(), label(id), questionLink(id), openWhy}
export function resultCard(rule, result, ctx) {
  const doc = ctx.catalogue.documentsById.get(rule.document);
  const titleId = `title-${rule.id}`;
  const amount = amountForResult(rule.amount, result.amount);
  const deciding = result.status === 'possible' ? (result.deciding_questions || []) : [];
  const amountMissing = (amount.missing || []).filter((id) => !deciding.includes(id));
  const obligations = provisions(rule, doc, 'obligations');
  const status = ctx.docStatus(rule.document);
  const prepare = prepareItems(rule, result, ctx);
  return h('article', {
    class: ['card', `status-${result.status}`, `certainty-${result.certainty || rule.certainty}`],
    dataset: { rule: rule.id, status: result.status, certainty: result.certainty || rule.certainty || '' },
    'aria-labelledby': titleId,
  },
  h('header', { class: 'card-head' },
    h('h4', { class: 'card-title', id: titleId }, tx(rule.title)),
    h('p', { class: 'card-meta' }, badge(result, rule), h('span', { class: 'card-source' }, doc ? tx(doc.region) : rule.document),
      // On paper the citation is the region and the clause (the documents' titles are listed once, under their currency).
      h('span', { class: 'print-cite' }, ' · ', t('card.clause', { clause: rule.clause }))),
  ),
  h('p', { class: 'card-amount' },
    h('span', { class: ['amount', amount.undetermined ? 'amount-undetermined' : '', amount.unset ? 'amount-unset' : ''], dataset: { min: result.amount.min ?? '', max: result.amount.max ?? '' } }, amount.text),
    amount.none ? null : h('span', { class: 'period' }, ' · ', periodText(result.period || rule.period)),
    amountMissing.length ? h('span', { class: 'amount-missing' }, ' · ', t('card.needs'), ' ', questionLinks(amountMissing, ctx)) : null,
  ),
  h('p', { class: 'card-summary' }, tx(rule.summary)),
  deciding.length ? h('p', { class: 'deciding' }, t('card.answer'), ' ', questionLinks(deciding, ctx)) : null,
  nextSteps(rule, result, ctx, h('dl', { class: 'card-facts' },
    // The body to apply to where the text names it; where it does not, the documents' list says so once.
    rule.administrator ? row(t('card.administrator'), tx(rule.administrator)) : null,
    prepare.length ? row(t('card.prepare'), h('ul', { class: 'prepare' }, prepare.map((x) => h('li', {}, x)))) : null,
    obligations.length ? row(t('card.obligations'), provisionList(obligations)) : null,
  ), rule.next_steps ? h('p', { class: 'next-text' }, tx(rule.next_steps)) : null),
  // An old text without an end is said once, in the headline, not on each card.
  status && status.state !== 'in_force' && status.state !== 'no_end_date' ? h('p', { class: 'card-currency small' }, tx(status.message)) : null,
  citeLine(rule, doc),
  why(rule, doc, ctx),
  );
}

// lapsedCard(rule, result, ctx) → a measure whose period has ended.
export function lapsedCard(rule, result, ctx) {
  const doc = ctx.catalogue.documentsById.get(rule.document);
  const titleId = `title-${rule.id}`;
  return h('article', { class: ['card', 'card-compact', 'status-lapsed'], dataset: { rule: rule.id, status: 'lapsed' }, 'aria-labelledby': titleId },
    h('h4', { class: 'card-title', id: titleId }, tx(rule.title)),
    h('p', { class: 'card-meta' }, badge(result, rule), h('span', { class: 'card-source' }, doc ? tx(doc.region) : rule.document)),
    result.lapse ? h('p', { class: 'lapse' }, tx(result.lapse.message)) : null,
    citeLine(rule, doc),
  );
}

// notEligibleRow(rule, result, ctx) → one line: the measure and what it lacks.
export function notEligibleRow(rule, result, ctx) {
  const doc = ctx.catalogue.documentsById.get(rule.document);
  const failed = conditionDefs(rule, result).filter((c) => c.result.state === 'not_met').map((c) => tx(c.def.label));
  return h('li', { class: 'ne-row', dataset: { rule: rule.id, status: result.status } },
    h('span', { class: 'ne-title' }, tx(rule.title)), ' · ', h('span', { class: 'small' }, doc ? tx(doc.region) : rule.document),
    failed.length ? h('span', { class: 'ne-failed' }, t('card.failed'), ' ', failed.join(separator())) : null,
  );
}

// The money a total holds, in words: "一次性 5万元、每年 2万元".
export function moneyText(m) {
  const parts = [];
  if (m.one_time > 0) parts.push(t('money.once', { amount: yuan(m.one_time) }));
  if (m.yearly > 0) parts.push(t('money.yearly', { amount: yuan(m.yearly) }));
  return parts.join(t('money.join'));
}
