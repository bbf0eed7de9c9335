// One card per benefit: status, amount and period, the conditions met, not
// met or unknown, and a "why" section with the quoted clause, the document,
// the administrator, obligations, stacking limits, our reading and what to do
// next. The catalogue page reuses the "why" parts.

import { h, on } from './dom.js';
import { t, tx, separator } from './i18n.js';
import { amountForResult, periodText, statusText, questionLabel } from './format.js';
import { conditionDefs } from './model.js';

// questionLink(catalogue, id, onQuestion) → a link that focuses the question's field.
export function questionLink(catalogue, id, onQuestion, isAsked) {
  // A question the questionnaire does not show now is named, not linked.
  if (isAsked && !isAsked(id)) return h('span', { class: 'q-name', dataset: { question: id } }, questionLabel(catalogue, id));
  const a = h('a', { href: `#field-${id}`, class: 'q-link', dataset: { question: id } }, questionLabel(catalogue, id));
  on(a, 'click', (e) => {
    if (onQuestion && onQuestion(id)) e.preventDefault();
  });
  return a;
}

function questionLinks(catalogue, ids, onQuestion, isAsked) {
  const out = [];
  ids.forEach((id, i) => {
    if (i > 0) out.push(separator());
    out.push(questionLink(catalogue, id, onQuestion, isAsked));
  });
  return out;
}

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

function provisionList(items) {
  return h('ul', { class: 'provisions' }, items.map((p) => h('li', {},
    tx(p),
    p.quote ? h('q', { class: 'provision-quote', lang: 'zh-CN' }, p.quote) : null,
  )));
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

// whyDetails(rule, doc) → the definition list inside "why".
export function whyList(rule, doc) {
  const obligations = provisions(rule, doc, 'obligations');
  const stacking = provisions(rule, doc, 'stacking');
  return h('dl', { class: 'why-list' },
    rule.administrator ? row(t('card.administrator'), tx(rule.administrator)) : null,
    rule.amount.quote ? row(t('card.amountQuote'), h('q', { lang: 'zh-CN' }, rule.amount.quote)) : null,
    rule.amount.note ? row(t('card.amountNote'), tx(rule.amount.note)) : null,
    obligations.length ? row(t('card.obligations'), provisionList(obligations)) : null,
    stacking.length ? row(t('card.stacking'), provisionList(stacking)) : null,
    rule.note ? row(t('card.note'), tx(rule.note)) : null,
    row(t('card.ruleId'), h('code', {}, rule.id)),
  );
}

function conditionItem(catalogue, def, res, onQuestion, isAsked) {
  const state = res.state;
  const icon = { met: '✓', not_met: '✗', unknown: '?' }[state] || '';
  return h('li', { class: ['cond', `cond-${state}`], dataset: { condition: def.id, state } },
    h('span', { class: 'cond-state' }, h('span', { class: 'cond-icon', 'aria-hidden': 'true' }, icon), t(`cond.${state}`)),
    h('span', { class: 'cond-text' },
      h('span', { class: 'cond-label' }, tx(def.label)),
      state === 'unknown' && res.missing && res.missing.length
        ? h('span', { class: 'cond-missing' }, t('card.needs'), ' ', questionLinks(catalogue, res.missing, onQuestion, isAsked))
        : null,
    ),
  );
}

// resultCard(rule, result, ctx) → the card of one benefit.
// ctx: {catalogue, onQuestion(id), isAsked(id), openWhy: Set of rule ids}
export function resultCard(rule, result, ctx) {
  const { catalogue, onQuestion, isAsked } = ctx;
  const doc = catalogue.documentsById.get(rule.document);
  const titleId = `title-${rule.id}`;
  const amount = amountForResult(rule.amount, result.amount);
  const why = h('details', { class: 'why', open: ctx.openWhy.has(rule.id) },
    h('summary', {}, t('card.why')),
    quoteBlock(rule, doc),
    whyList(rule, doc),
  );
  on(why, 'toggle', () => {
    if (why.open) ctx.openWhy.add(rule.id);
    else ctx.openWhy.delete(rule.id);
  });
  const conditions = conditionDefs(rule, result);
  const deciding = result.status === 'possible' ? (result.deciding_questions || []) : [];
  // Questions the amount needs, unless the conditions already ask for them.
  const asked = new Set([...deciding, ...result.conditions.flatMap((c) => c.missing || [])]);
  const amountMissing = (amount.missing || []).filter((id) => !asked.has(id));
  return h('article', {
    class: ['card', `status-${result.status}`],
    id: `rule-${rule.id}`,
    dataset: { rule: rule.id, status: result.status, document: rule.document },
    'aria-labelledby': titleId,
  },
  h('header', { class: 'card-head' },
    h('h4', { class: 'card-title', id: titleId }, tx(rule.title)),
    h('p', { class: 'card-meta' },
      h('span', { class: ['badge', `badge-${result.status}`] }, statusText(result.status)),
      h('span', { class: 'card-source' }, doc ? tx(doc.region) : rule.document, ' · ', t('card.clause', { clause: rule.clause })),
    ),
  ),
  h('dl', { class: 'card-facts' },
    row(t('card.amount'), h('span', { class: ['amount', amount.undetermined ? 'amount-undetermined' : '', amount.unset ? 'amount-unset' : ''] }, amount.text),
      amountMissing.length ? h('span', { class: 'amount-missing' }, ' ', t('card.needs'), ' ', questionLinks(catalogue, amountMissing, onQuestion, isAsked)) : null),
    amount.none ? null : row(t('card.period'), periodText(result.period || rule.period)),
  ),
  h('p', { class: 'card-summary' }, tx(rule.summary)),
  h('div', { class: 'card-conditions' },
    h('p', { class: 'card-section-title' }, t('card.conditions')),
    h('ul', { class: 'conditions' }, conditions.map(({ def, result: res }) => conditionItem(catalogue, def, res, onQuestion, isAsked))),
  ),
  deciding.length ? h('p', { class: 'deciding' }, t('card.deciding'), ' ', questionLinks(catalogue, deciding, onQuestion, isAsked)) : null,
  rule.next_steps
    ? h('div', { class: 'next-steps' }, h('p', { class: 'card-section-title' }, t('card.nextSteps')), h('p', {}, tx(rule.next_steps)))
    : null,
  why,
  );
}

