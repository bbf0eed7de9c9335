// The report: the headline parts (what the texts fix first), the sections
// (eligible, worth checking, period ended, not eligible collapsed), the
// combined checklist, the district comparison when asked for, and the
// documents' currency. Each part is rebuilt only when what it shows has
// changed; a card whose result has not changed is kept as it is.

import { h, clear, append, morph, patch, setText, on } from './dom.js';
import { t, tx, lang, yuan } from './i18n.js';
import { comparisonChart } from './chart.js';
import { resultCard, lapsedCard, notEligibleRow, moneyText, administrator, prepareItems, provisions, docRef } from './cards.js';

// The parts of the one story, in order, as the engine tells them
// (engine.PartOf): the section each is shown in, and its words.
export const PARTS = ['fixed', 'official', 'possible', 'not_money', 'national', 'lapsed'];
export const PART_SECTION = { fixed: 'sec-eligible', official: 'sec-official', possible: 'sec-check', not_money: 'sec-not-money', national: 'sec-national', lapsed: 'sec-lapsed' };

// partOf(result, rule) → the part of the story a result belongs to: the same
// rule as engine.PartOf (a national pointer whatever its status; an eligible
// measure that offers no money is "not money"; eligible money the text
// commits to is "fixed", money an official decides "official").
export function partOf(r, rule) {
  if (r.status === 'lapsed' || r.status === 'not_issued') return 'lapsed';
  if (r.status !== 'eligible' && r.status !== 'possible') return 'not_eligible';
  const certainty = r.certainty || (rule && rule.certainty);
  if (certainty === 'national') return 'national';
  if (r.status === 'possible') return 'possible';
  const kind = (r.amount && r.amount.kind) || (rule && rule.amount && rule.amount.kind);
  if (kind === 'none') return 'not_money';
  return certainty === 'discretionary' ? 'official' : 'fixed';
}

// partCounts(totals) → the count of each part, from the engine's totals:
// the numbers the sections, the headline, the print and the batch row show.
export function partCounts(totals) {
  return {
    fixed: totals.fixed || 0, official: totals.official || 0, possible: totals.possible || 0,
    not_money: totals.not_money || 0, national: totals.national || 0, lapsed: (totals.lapsed || 0) + (totals.not_issued || 0),
  };
}

// sections(report, catalogue) → the results by part of the story.
export function sections(report, catalogue) {
  const out = { fixed: [], official: [], possible: [], not_money: [], national: [], lapsed: [], not_eligible: [] };
  for (const r of report.results) out[partOf(r, catalogue && catalogue.rulesById.get(r.rule))].push(r);
  return out;
}

// put(el, ...children) appends, skipping null and flattening arrays.
function put(el, ...children) {
  return append(el, children);
}

export function createReport(view, ctx) {
  const cache = new Map(); // rule id → {sig, el}
  const keys = {}; // part → the key it was last drawn with

  // changed(part, key) says whether a part must be drawn again.
  function changed(part, key) {
    if (keys[part] === key) return false;
    keys[part] = key;
    return true;
  }

  function card(r, make, extra = '') {
    const rule = ctx.catalogue.rulesById.get(r.rule);
    if (!rule) return null;
    const c = cache.get(r.rule);
    const language = lang();
    // A result the engine did not write again is the very object drawn
    // last time (mergeLive): nothing to compare.
    if (c && c.r === r && c.make === make && c.extra === extra && c.lang === language) return c.el;
    const sig = `${language}|${JSON.stringify(r)}|${extra}`;
    if (c && c.sig === sig) {
      Object.assign(c, { r, extra, lang: language });
      return c.el;
    }
    const el = make(rule, r, ctx);
    if (c && c.el.localName === el.localName && c.make === make) {
      // The same card with new figures: change in place only what differs.
      morph(c.el, el);
      Object.assign(c, { sig, r, extra, lang: language });
      return c.el;
    }
    cache.set(r.rule, { sig, el, make, r, extra, lang: language });
    return el;
  }

  // The parts of a card that depend on more than its result: which of its
  // questions are shown, and the count it pays for.
  function extraFor(r) {
    const rule = ctx.catalogue.rulesById.get(r.rule);
    const ids = [...(r.deciding_questions || []), ...((r.amount && r.amount.missing) || [])];
    const count = rule && rule.amount && rule.amount.count;
    return `${ids.map((id) => (ctx.isShown(id) ? 1 : 0)).join('')}|${count ? ctx.answers()[count] : ''}|${ctx.docStatusKey(r.document)}`;
  }

  function group(container, id, items, headingKey, helpKey, make) {
    container.hidden = items.length === 0;
    const els = items.map((r) => card(r, make, extraFor(r)));
    const key = `${lang()}|${items.length}`;
    const list = container.querySelector('.cards');
    if (!items.length) {
      if (changed(id, key)) clear(container);
      return;
    }
    if (!list) {
      changed(id, key);
      const cards = h('div', { class: 'cards' }, els);
      put(container,
        h('h3', { class: 'group-heading', id: `${id}-heading` }, t(headingKey, { n: items.length })),
        h('p', { class: 'small group-help' }, t(helpKey)),
        // Measures whose period ended are folded: they count for nothing today.
        id === 'sec-lapsed' ? h('details', { class: 'lapsed-list' }, h('summary', {}, t('story.showLapsed', { n: items.length })), cards) : cards,
      );
      return;
    }
    if (changed(id, key)) {
      setText(container.querySelector('.group-heading'), t(headingKey, { n: items.length }));
      setText(container.querySelector('.group-help'), t(helpKey));
      const fold = container.querySelector('.lapsed-list > summary');
      if (fold) setText(fold, t('story.showLapsed', { n: items.length }));
    }
    // The cards in order, moving only those out of place.
    let cur = list.firstChild;
    for (const el of els) {
      if (!el) continue;
      if (el === cur) cur = cur.nextSibling;
      else list.insertBefore(el, cur);
    }
    while (cur) {
      const next = cur.nextSibling;
      cur.remove();
      cur = next;
    }
  }

  // The documents that do not apply on the assessment date but offered
  // measures these answers may have met while in force, each with a day on
  // which it was in force; and the documents counted though they state no
  // end and are old. From the report's documents and by_document.
  function validityNotes(report) {
    const out = { ended: [], old: [] };
    report.documents.forEach((d, i) => {
      const g = report.by_document[i] && report.by_document[i].totals;
      const doc = ctx.catalogue.documentsById.get(d.document);
      if (!g || !doc) return;
      if (g.lapsed + (g.not_issued || 0) > 0 && (d.state === 'ended' || d.state === 'not_issued')) out.ended.push({ d, doc, n: g.lapsed + (g.not_issued || 0) });
      if (d.state === 'no_end_date' && d.age_years >= 5 && g.eligible + g.possible + g.national > 0) out.old.push({ d, doc });
    });
    return out;
  }

  function assessButton(date) {
    const b = h('button', { type: 'button', class: 'link-button assess-on', dataset: { date } }, t('hl.assessOn', { date }));
    on(b, 'click', () => ctx.assessOn(date));
    return b;
  }

  function headline(report) {
    const totals = report.totals;
    const notes = validityNotes(report);
    if (!changed('headline', `${lang()}|${JSON.stringify(totals)}|${report.assessment_date}|${JSON.stringify(notes.ended.map((e) => [e.d.document, e.n]))}|${notes.old.map((o) => o.d.document)}`)) return;
    const inForce = totals.eligible + totals.possible + totals.national;
    if (inForce === 0 && totals.lapsed + (totals.not_issued || 0) > 0) {
      // Nothing in force applies: say so first, then what the texts offered
      // while in force, each with the date to assess as of.
      patch(view.headline,
        h('h3', { id: 'headline-heading', class: 'visually-hidden' }, t('hl.heading')),
        h('div', { class: 'hl-main' }, h('p', { class: 'hl-value hl-words', id: 'hl-secured', dataset: { oneTime: 0, yearly: 0 } },
          t('hl.nothingInForce', { date: report.assessment_date, n: totals.lapsed + (totals.not_issued || 0) }))),
        notes.ended.length ? h('p', { class: 'hl-counts' }, t('hl.whileInForce')) : null,
        notes.ended.length ? h('ul', { class: 'hl-notes hl-ended' }, notes.ended.map(({ d, doc, n }) => h('li', { dataset: { document: d.document } },
          t('hl.endedDoc', { region: tx(doc.region), n, when: whenText(d) }), ' ',
          assessButton(d.assess_on)))) : null,
      );
      return;
    }
    const secured = moneyText(totals.secured);
    const more = moneyText(totals.possibly_more);
    const counts = partCounts(totals);
    let lead;
    if (secured) lead = [h('p', { class: 'hl-label' }, t('hl.secured')), h('p', { class: 'hl-value', id: 'hl-secured', dataset: { oneTime: totals.secured.one_time, yearly: totals.secured.yearly } }, secured)];
    else if (counts.fixed > 0) lead = [h('p', { class: 'hl-value hl-words', id: 'hl-secured', dataset: { oneTime: 0, yearly: 0 } }, t('story.fixedNoAmount', { n: counts.fixed }))];
    else lead = [h('p', { class: 'hl-value hl-words', id: 'hl-secured', dataset: { oneTime: 0, yearly: 0 } }, t(totals.eligible > 0 ? 'hl.noneFixed' : 'hl.noneYet'))];
    patch(view.headline,
      h('h3', { id: 'headline-heading', class: 'visually-hidden' }, t('hl.heading')),
      notes.old.length ? h('p', { class: 'hl-caveat', id: 'hl-caveat' }, t('hl.oldDocs', {
        docs: notes.old.map(({ d, doc }) => t('hl.oldDoc', { region: tx(doc.region), issued: doc.currency && doc.currency.issued_basis && doc.currency.issued_basis.kind === 'references' ? d.issued.slice(0, 4) : d.issued, years: d.age_years })).join(lang() === 'en' ? '; ' : '\uff1b'),
      })) : null,
      h('div', { class: 'hl-main' }, lead),
      more ? h('p', { class: 'hl-more', id: 'hl-more', dataset: { oneTime: totals.possibly_more.one_time, yearly: totals.possibly_more.yearly } },
        h('strong', {}, `${t('hl.more')} ${more}`), ' ', t('story.moreNote')) : null,
      h('ul', { class: 'hl-parts', id: 'hl-counts' }, PARTS.filter((p) => counts[p] > 0 || p === 'fixed').map((p) => h('li', { dataset: { part: p, count: counts[p] } },
        h('a', { href: `#${PART_SECTION[p]}` }, partCountText(p, counts[p]))))),
      totals.undetermined ? h('p', { class: 'hl-counts small' }, t('hl.undetermined', { n: totals.undetermined })) : null,
    );
  }

  // The combined checklist of every eligible measure, by administering body,
  // then the obligations that come with them, each said once.
  function checklist(items) {
    const byBody = new Map();
    const obligations = new Map(); // zh text → {p, rules}
    for (const r of items) {
      const rule = ctx.catalogue.rulesById.get(r.rule);
      if (!rule) continue;
      const body = administrator(rule);
      if (!byBody.has(body)) byBody.set(body, { n: 0, things: new Map() });
      const b = byBody.get(body);
      b.n++;
      for (const item of prepareItems(rule, r, ctx)) {
        if (!b.things.has(item)) b.things.set(item, []);
        b.things.get(item).push(tx(rule.title));
      }
      for (const p of provisions(rule, ctx.catalogue.documentsById.get(rule.document), 'obligations')) {
        if (!obligations.has(p.zh)) obligations.set(p.zh, { p, rules: [] });
        obligations.get(p.zh).rules.push(tx(rule.title));
      }
    }
    const key = `${lang()}|${items.length}|${JSON.stringify([...byBody].map(([body, b]) => [body, b.n, [...b.things]]))}|${JSON.stringify([...obligations].map(([k, o]) => [k, o.rules]))}`;
    view.checklist.hidden = byBody.size === 0;
    if (!changed('checklist', key)) return;
    if (!byBody.size) {
      clear(view.checklist);
      return;
    }
    // "(all 12 measures)" when an item serves every measure of its body, else their titles.
    const which = (rules, n) => {
      const text = rules.length === n && n > 1 ? t('list.all', { n }) : rules.join(lang() === 'en' ? '; ' : '\uff1b');
      return h('span', { class: 'small' }, lang() === 'en' ? ` (${text})` : `\uff08${text}\uff09`);
    };
    patch(view.checklist,
      h('h3', { id: 'checklist-heading' }, t('list.heading')),
      h('p', { class: 'small' }, t('list.help')),
      [...byBody].map(([body, b]) => h('div', { class: 'checklist-body' },
        h('h4', {}, body),
        h('ul', {}, [...b.things].map(([item, rules]) => h('li', {}, item, which(rules, b.n)))),
      )),
      obligations.size ? h('div', { class: 'checklist-body' },
        h('h4', {}, t('card.obligations')),
        h('ul', {}, [...obligations.values()].map(({ p, rules }) => h('li', {}, tx(p), which(rules, items.length)))),
      ) : null,
    );
  }

  // The documents' currency; those no eligible or worth-checking measure
  // rests on are left off the paper (class doc-unused).
  function documents(report, cited, items) {
    // Per document, how many of the measures shown apply to a body the text does not name: said once here, not on each card.
    const implied = new Map();
    for (const r of items) {
      const rule = ctx.catalogue.rulesById.get(r.rule);
      if (rule && !rule.administrator) implied.set(rule.document, (implied.get(rule.document) || 0) + 1);
    }
    const key = `${lang()}|${JSON.stringify(report.documents.map((d) => [d.document, d.state, d.message, cited.has(d.document), implied.get(d.document)]))}`;
    if (!changed('documents', key)) return;
    patch(view.documents,
      h('h3', { id: 'documents-heading' }, t('docs.heading')),
      h('ul', { class: 'doc-list' }, report.documents.map((d) => {
        const doc = ctx.catalogue.documentsById.get(d.document);
        return h('li', { class: ['doc', cited.has(d.document) ? '' : 'doc-unused'], dataset: { document: d.document, state: d.state } },
          doc ? h('span', { class: 'doc-region' }, tx(doc.region), lang() === 'en' ? ': ' : '\uff1a') : null,
          h('span', { class: 'doc-title' }, doc ? tx(doc.title) : d.document), ' ',
          doc ? h('span', { class: 'doc-ref small' }, docRef(doc), ' ') : null,
          h('span', { class: 'doc-state' }, tx(d.message)),
          cited.has(d.document) && implied.get(d.document) ? h('span', { class: 'doc-admin small' }, ' ', t('story.adminImplied', { n: implied.get(d.document) })) : null,
          doc && doc.currency && doc.currency.page_claim ? h('span', { class: 'doc-claim small' }, ' ', t('docs.pageClaim', { claim: tx(doc.currency.page_claim) })) : null,
          d.state !== 'ended' && doc && doc.currency && doc.currency.later && doc.currency.later.length ? h('span', { class: 'doc-later small' }, ' ',
            t('docs.later', { list: doc.currency.later.map((l) => `${lang() === 'en' ? '' : '\u300a'}${tx(l.title)}${lang() === 'en' ? '' : '\u300b'}${lang() === 'en' ? ' (' : '\uff08'}${[l.number, l.date].filter(Boolean).join(lang() === 'en' ? ', ' : '\uff0c')}${lang() === 'en' ? ')' : '\uff09'}`).join(lang() === 'en' ? '; ' : '\uff1b') })) : null);
      })),
    );
  }

  function comparison(report) {
    const show = Boolean(report.comparison && report.comparison.length && ctx.answers().compare_districts === true);
    view.comparison.hidden = !show;
    if (!changed('comparison', show ? `${lang()}|${JSON.stringify(report.comparison)}` : '')) return;
    clear(view.comparison);
    if (!show) return;
    // Beside the counts, the validity of each district's own document and what it rests on.
    const states = report.comparison.map((c) => {
      const d = report.documents.find((x) => x.document === c.id);
      const doc = ctx.catalogue.documentsById.get(c.id);
      if (!d || !doc) return null;
      let state;
      if (d.state === 'ended' || d.state === 'not_issued') state = whenText(d);
      else if (d.state === 'no_end_date') state = t('state.noEnd', { years: d.age_years });
      else state = t('state.inForce', { until: d.until, basis: d.basis });
      return h('li', { dataset: { location: c.id, state: d.state, basis: d.basis } }, t('cmp.docState', { region: tx(doc.region), state }));
    }).filter(Boolean);
    put(view.comparison, h('h3', { id: 'comparison-heading' }, t('cmp.heading')), h('p', { class: 'small' }, t('cmp.help')), comparisonChart(report.comparison),
      states.length ? h('div', { class: 'cmp-validity small' }, h('p', {}, t('cmp.validity')), h('ul', {}, states)) : null);
  }

  // The measures not eligible, grouped by document: unless the districts
  // are compared, only those of the founder's own place's documents (those
  // whose scope, the document's own location condition, the answers meet
  // or may meet); the others' are counted, not listed.
  function notEligible(items, report) {
    const comparing = ctx.answers().compare_districts === true;
    const local = new Set();
    for (const r of report.results) {
      const rule = ctx.catalogue.rulesById.get(r.rule);
      const scope = rule && ctx.catalogue.documentsById.get(rule.document)?.scope;
      if (scope && r.conditions.some((c) => c.id === scope.id && c.state !== 'not_met')) local.add(rule.document);
    }
    const mine = (r) => local.has(ctx.catalogue.rulesById.get(r.rule)?.document);
    const listed = comparing || local.size === 0 ? items : items.filter(mine);
    const hiddenN = items.length - listed.length;
    const n = listed.length;
    view.notEligible.hidden = n === 0 && hiddenN === 0;
    setText(view.notEligibleHeading, t('sec.notEligible', { n }));
    view.notEligibleToggle.hidden = n === 0;
    setText(view.notEligibleToggle, t(ctx.showNotEligible ? 'sec.hideNotEligible' : 'sec.showNotEligible', { n }));
    const expanded = String(Boolean(ctx.showNotEligible));
    if (view.notEligibleToggle.getAttribute('aria-expanded') !== expanded) view.notEligibleToggle.setAttribute('aria-expanded', expanded);
    view.notEligibleList.hidden = !ctx.showNotEligible && hiddenN === 0;
    // Built only when shown.
    const key = `${lang()}|${hiddenN}|${ctx.showNotEligible ? JSON.stringify(listed) : ''}`;
    if (!changed('notEligible', key)) return;
    clear(view.notEligibleList);
    const byDoc = new Map();
    if (ctx.showNotEligible) {
      for (const r of listed) {
        const rule = ctx.catalogue.rulesById.get(r.rule);
        if (!rule) continue;
        if (!byDoc.has(rule.document)) byDoc.set(rule.document, []);
        byDoc.get(rule.document).push(notEligibleRow(rule, r, ctx));
      }
    }
    put(view.notEligibleList,
      hiddenN ? h('p', { class: 'small ne-elsewhere', dataset: { n: hiddenN } }, t('story.neElsewhere', { n: hiddenN })) : null,
      [...byDoc].map(([id, rows]) => h('div', { class: 'ne-group', dataset: { document: id } },
        h('h4', {}, tx(ctx.catalogue.documentsById.get(id)?.region) || id, lang() === 'en' ? ` (${rows.length})` : `\uff08${rows.length}\uff09`),
        h('ul', { class: 'ne-list' }, rows))),
    );
  }

  return {
    render(report) {
      const s = sections(report, ctx.catalogue);
      headline(report);
      group(view.eligible, 'sec-eligible', s.fixed, 'story.heading.fixed', 'story.help.fixed', resultCard);
      group(view.official, 'sec-official', s.official, 'story.heading.official', 'story.help.official', resultCard);
      group(view.check, 'sec-check', s.possible, 'story.heading.possible', 'story.help.possible', resultCard);
      group(view.notMoney, 'sec-not-money', s.not_money, 'story.heading.not_money', 'story.help.not_money', resultCard);
      group(view.national, 'sec-national', s.national, 'story.heading.national', 'story.help.national', resultCard);
      view.none.hidden = s.fixed.length + s.official.length + s.possible.length + s.not_money.length + s.national.length > 0;
      if (!view.none.hidden) setText(view.none, t('sec.none'));
      checklist(s.fixed.concat(s.official, s.not_money));
      group(view.lapsed, 'sec-lapsed', s.lapsed, 'story.heading.lapsed', 'sec.lapsedHelp', lapsedCard);
      comparison(report);
      notEligible(s.not_eligible, report);
      const shown = s.fixed.concat(s.official, s.possible, s.not_money, s.national);
      documents(report, new Set(shown.map((r) => ctx.catalogue.rulesById.get(r.rule)?.document)), shown.filter((r) => r.status === 'eligible' || r.status === 'possible'));
      if (changed('disclaimer', lang())) view.disclaimer.textContent = t('report.disclaimer', { n: ctx.catalogue.documents.length });
      return s;
    },
    // forget() draws everything again (a language change).
    forget() {
      for (const k of Object.keys(keys)) delete keys[k];
      cache.clear();
    },
  };
}

// partCountText(part, n) → "文件确定 4 项" / "Fixed by the texts: 4": the
// words the sections, the headline, the summary bar and the print share.
export function partCountText(part, n) {
  return t(part === 'lapsed' ? 'story.countLapsed' : 'story.count', { word: t(`story.part.${part}`), n });
}

// whenText(status) says briefly when a document that does not apply ended
// or was issued.
function whenText(d) {
  if (d.state === 'not_issued') return t('when.issued', { date: d.issued });
  return t(d.basis === 'presumed' ? 'when.presumedEnded' : 'when.ended', { date: d.until });
}

export { yuan };
