// The district comparison: a small bar chart in inline SVG, one bar per
// location with its label, the money the texts fix there and its counts;
// the current location is marked in words as well as colour. A location
// where every eligible measure's amount is unset says so, never "0".

import { h, svg } from './dom.js';
import { t, tx } from './i18n.js';
import { moneyText } from './cards.js';

const ROW = 84; // px per location
const BAR = 14;

let chartCount = 0;

function secured(totals) {
  return totals.secured.one_time + totals.secured.yearly;
}

function amountWords(totals) {
  const m = moneyText(totals.secured);
  if (m) return t('chart.secured', { amount: m });
  // Money an official decides is never "met" here either: only what the texts fix.
  if (totals.fixed > 0) return t('story.fixedNoAmount', { n: totals.fixed });
  return t('chart.nothing');
}

// counts(totals) → the parts of the story, in the headline's words.
function counts(totals) {
  const n = { fixed: totals.fixed || 0, official: totals.official || 0, possible: totals.possible || 0, lapsed: (totals.lapsed || 0) + (totals.not_issued || 0) };
  return Object.entries(n).filter(([part, k]) => k > 0 || part === 'fixed').map(([part, k]) => t('story.count', { word: t(`story.part.${part}`), n: k })).join(' · ');
}

export function comparisonChart(comparison) {
  const id = `chart-${++chartCount}`;
  const values = comparison.map((c) => secured(c.totals));
  const top = Math.max(...values, 0);
  const label = (c) => (c.current ? t('chart.currentLabel', { label: tx(c.label) }) : tx(c.label));
  const rows = comparison.map((c, i) => {
    const y = i * ROW;
    const pct = top > 0 ? Math.max((values[i] / top) * 100, values[i] > 0 ? 1 : 0) : 0;
    return svg('g', { class: ['chart-row', c.current ? 'current' : ''], dataset: { location: c.id, current: String(Boolean(c.current)), value: String(values[i]) } },
      svg('text', { x: 0, y: y + 16, class: 'chart-label' }, label(c)),
      svg('text', { x: 0, y: y + 36, class: 'chart-value' }, amountWords(c.totals)),
      svg('text', { x: 0, y: y + 54, class: 'chart-counts' }, counts(c.totals)),
      svg('rect', { x: 0, y: y + 62, width: '100%', height: BAR, class: 'chart-track' }),
      svg('rect', { x: 0, y: y + 62, width: `${pct.toFixed(2)}%`, height: BAR, class: 'chart-bar' }),
    );
  });
  const summary = comparison.map((c) => `${label(c)}: ${amountWords(c.totals)}`).join('; ');
  const chart = svg('svg', { class: 'chart', width: '100%', height: comparison.length * ROW, role: 'img', 'aria-labelledby': `${id}-title`, focusable: 'false' },
    svg('title', { id: `${id}-title` }, `${t('cmp.label')}: ${summary}`),
    rows);
  return h('figure', { class: 'comparison-figure' }, chart);
}
