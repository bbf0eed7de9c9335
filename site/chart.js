// The district comparison: a small bar chart in inline SVG, one bar per
// location with its label and amount, the current location marked in words
// as well as colour. Bars are sized in percent so text keeps its size on a
// narrow screen.

import { h, svg } from './dom.js';
import { t, tx, yuan } from './i18n.js';

const ROW = 84; // px per location
const BAR = 14;

let chartCount = 0;

// highest(totals) is what a bar shows: the highest one-time amount plus the
// highest yearly amount (its first year).
export function highest(totals) {
  return (totals.one_time ? totals.one_time.max : 0) + (totals.yearly ? totals.yearly.max : 0);
}

export function comparisonChart(comparison) {
  const id = `chart-${++chartCount}`;
  const values = comparison.map((c) => highest(c.totals));
  const top = Math.max(...values, 0);
  const rows = comparison.map((c, i) => {
    const value = values[i];
    const y = i * ROW;
    const pct = top > 0 ? Math.max((value / top) * 100, value > 0 ? 1 : 0) : 0;
    const label = c.current ? t('chart.currentLabel', { label: tx(c.label) }) : tx(c.label);
    const amountText = t('chart.amount', { amount: yuan(value) });
    const countsText = t('chart.counts', { eligible: c.totals.eligible, possible: c.totals.possible });
    return svg('g', { class: ['chart-row', c.current ? 'current' : ''], dataset: { location: c.id, current: String(Boolean(c.current)), value: String(value) } },
      svg('text', { x: 0, y: y + 16, class: 'chart-label' }, label),
      svg('text', { x: 0, y: y + 36, class: 'chart-value' }, amountText),
      svg('text', { x: 0, y: y + 54, class: 'chart-counts' }, countsText),
      svg('rect', { x: 0, y: y + 62, width: '100%', height: BAR, class: 'chart-track' }),
      svg('rect', { x: 0, y: y + 62, width: `${pct.toFixed(2)}%`, height: BAR, class: 'chart-bar' }),
    );
  });
  const summary = comparison.map((c, i) => `${c.current ? t('chart.currentLabel', { label: tx(c.label) }) : tx(c.label)}: ${t('chart.amount', { amount: yuan(values[i]) })}`).join('; ');
  const chart = svg('svg', {
    class: 'chart',
    width: '100%',
    height: comparison.length * ROW,
    role: 'img',
    'aria-labelledby': `${id}-title`,
    focusable: 'false',
  },
  svg('title', { id: `${id}-title` }, `${t('report.chartLabel')}: ${summary}`),
  rows);
  return h('figure', { class: 'comparison-figure' }, chart);
}
