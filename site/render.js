// The report above the cards (totals, documents, open questions, near misses,
// the district comparison) and the cards themselves, grouped by status.

import { h, clear } from './dom.js';
import { t, tx, lang } from './i18n.js';
import { rangeText } from './format.js';
import { comparisonChart } from './chart.js';
import { resultCard, questionLink } from './cards.js';

// renderReport(report, view, ctx)
//   view: the containers (see app.js)
//   ctx:  {catalogue, onQuestion(id), isAsked(id), openWhy: Set, showNotEligible: bool}
export function renderReport(report, view, ctx) {
  const { catalogue } = ctx;
  view.disclaimer.textContent = t('report.disclaimer', { n: catalogue.documents.length });
  renderTotals(report.totals, view.totals);
  renderDocuments(report, view.documents, catalogue);
  renderOpenQuestions(report.open_questions || [], view.openQuestions, ctx);
  renderNearMisses(report.near_misses || [], view.nearMisses, ctx);
  renderComparison(report.comparison, view.comparison);
  renderCards(report, view, ctx);
}

function section(container, titleKey, ...content) {
  clear(container);
  container.append(h('h3', {}, t(titleKey)), ...content.flat().filter(Boolean));
}

function renderTotals(totals, container) {
  const notes = [];
  if (totals.unset) notes.push(t('report.unset', { n: totals.unset }));
  if (totals.undetermined) notes.push(t('report.undetermined', { n: totals.undetermined }));
  if (totals.non_monetary) notes.push(t('report.nonMonetary', { n: totals.non_monetary }));
  section(container, 'report.totalHeading',
    h('div', { class: 'total-grid' },
      h('div', { class: 'total' },
        h('p', { class: 'total-label' }, t('report.oneTime')),
        h('p', { class: 'total-value', id: 'total-one-time', dataset: { min: totals.one_time.min, max: totals.one_time.max } }, rangeText(totals.one_time))),
      h('div', { class: 'total' },
        h('p', { class: 'total-label' }, t('report.yearly')),
        h('p', { class: 'total-value', id: 'total-yearly', dataset: { min: totals.yearly.min, max: totals.yearly.max } }, rangeText(totals.yearly))),
    ),
    h('p', { class: 'counts', id: 'total-counts' }, t('report.counts', { eligible: totals.eligible, possible: totals.possible, notEligible: totals.not_eligible })),
    notes.length ? h('ul', { class: 'total-notes' }, notes.map((n) => h('li', {}, n))) : null,
    h('p', { class: 'small' }, t('report.totalsNote')),
  );
}

function renderDocuments(report, container, catalogue) {
  const byId = new Map((report.by_document || []).map((d) => [d.id, d]));
  section(container, 'report.byDocument',
    h('ul', { class: 'doc-list' }, catalogue.documents.map((doc) => {
      const totals = (byId.get(doc.id) || {}).totals;
      return h('li', { class: 'doc', dataset: { document: doc.id } },
        h('h4', { class: 'doc-title' }, tx(doc.title)),
        totals ? h('p', { class: 'doc-totals' },
          h('span', { class: 'doc-counts' }, t('report.docCounts', { eligible: totals.eligible, possible: totals.possible })),
          ' · ', `${t('report.oneTime')} ${rangeText(totals.one_time)}`,
          ' · ', `${t('report.yearly')} ${rangeText(totals.yearly)}`,
        ) : null,
        h('dl', { class: 'doc-facts' },
          h('dt', {}, t('doc.region')), h('dd', {}, tx(doc.region)),
          h('dt', {}, t('doc.number')), h('dd', {}, tx(doc.number)),
          h('dt', {}, t('doc.date')), h('dd', {}, tx(doc.date)),
          h('dt', {}, t('doc.validity')), h('dd', {}, tx(doc.validity)),
        ),
      );
    })),
  );
}

function renderOpenQuestions(ids, container, ctx) {
  container.hidden = ids.length === 0;
  if (!ids.length) return clear(container);
  section(container, 'report.openQuestions',
    h('ul', { class: 'open-questions' }, ids.map((id) => h('li', {}, questionLink(ctx.catalogue, id, ctx.onQuestion, ctx.isAsked)))),
  );
}

function renderNearMisses(items, container, ctx) {
  container.hidden = items.length === 0;
  if (!items.length) return clear(container);
  section(container, 'report.nearMisses',
    h('ul', { class: 'near-misses' }, items.map((m) => h('li', { dataset: { rule: m.rule, condition: m.condition } }, tx(m.message)))),
  );
}

function renderComparison(comparison, container) {
  container.hidden = !comparison || comparison.length === 0;
  if (container.hidden) return clear(container);
  section(container, 'report.comparison',
    h('p', { class: 'small' }, t('report.comparisonHelp')),
    comparisonChart(comparison),
  );
}

const cardCache = new Map(); // rule id → {sig, el}

function renderCards(report, view, ctx) {
  const groups = { eligible: [], possible: [], not_eligible: [] };
  for (const r of report.results) (groups[r.status] || groups.not_eligible).push(r);
  const card = (r) => {
    const rule = ctx.catalogue.rulesById.get(r.rule);
    if (!rule) return null;
    // A card whose result has not changed is reused as it is (with its
    // "why" section open or closed), so that typing stays fast.
    const linked = [...(r.deciding_questions || []), ...(r.amount.missing || []), ...r.conditions.flatMap((c) => c.missing || [])];
    const sig = `${lang()}|${JSON.stringify(r)}|${linked.map((id) => (ctx.isAsked(id) ? 1 : 0)).join('')}`;
    const cached = cardCache.get(r.rule);
    if (cached && cached.sig === sig) return cached.el;
    const el = resultCard(rule, r, ctx);
    cardCache.set(r.rule, { sig, el });
    return el;
  };
  const group = (container, status, key) => {
    const items = groups[status];
    container.hidden = items.length === 0;
    clear(container);
    if (!items.length) return;
    container.append(h('h3', { class: 'group-heading' }, t(key, { n: items.length })), h('div', { class: 'cards' }, items.map(card)));
  };
  group(view.eligible, 'eligible', 'report.groupEligible');
  group(view.possible, 'possible', 'report.groupPossible');
  view.noneEligible.hidden = groups.eligible.length + groups.possible.length > 0;
  view.noneEligible.textContent = t('report.noneEligible');

  const n = groups.not_eligible.length;
  view.notEligible.hidden = n === 0;
  view.notEligibleHeading.textContent = t('report.groupNotEligible', { n });
  view.notEligibleToggle.textContent = t(ctx.showNotEligible ? 'report.hideNotEligible' : 'report.showNotEligible', { n });
  view.notEligibleToggle.setAttribute('aria-expanded', String(Boolean(ctx.showNotEligible)));
  view.notEligibleList.hidden = !ctx.showNotEligible;
  clear(view.notEligibleList);
  // The collapsed cards are built only when shown.
  if (ctx.showNotEligible) view.notEligibleList.append(h('div', { class: 'cards' }, groups.not_eligible.map(card)));
}

