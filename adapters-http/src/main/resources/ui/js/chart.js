// Time-series charts with uPlot (from its webjar, served by Sluice): times on the axis in the browser's
// zone, values formatted as the totals are, redrawn to the card's width.
import uPlot from '/ui-vendor/uplot/uPlot.esm.js';

const COLOURS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2'];

/** Tick labels, each shown once: whole-number formats would print 1.5 and 2 both as "2". */
function labels(values, format) {
  let previous = null;
  return values.map(v => {
    const text = format(v);
    if (text === previous) return '';
    previous = text;
    return text;
  });
}

export function lineChart(holder, xs, series, format) {
  if (xs.length === 0) {
    holder.textContent = 'No points in this range.';
    return null;
  }
  // Drawn before the view is on the page (its width is 0 then): start narrow, the observer widens it.
  const width = () => Math.max(280, holder.clientWidth || 280);
  const options = {
    width: width(),
    height: 220,
    legend: {show: true},
    cursor: {drag: {x: false, y: false}},
    scales: {x: {time: true}},
    axes: [{}, {values: (u, values) => labels(values, format), size: 80}],
    series: [{}, ...series.map(([label], i) => ({
      label,
      stroke: COLOURS[i % COLOURS.length],
      width: 2,
      points: {show: xs.length < 80},
      spanGaps: false,
      value: (u, v) => (v === null || v === undefined ? '—' : format(v)),
    }))],
  };
  const plot = new uPlot(options, [xs, ...series.map(([, values]) => values)], holder);
  new ResizeObserver(() => plot.setSize({width: width(), height: 220})).observe(holder);
  holder.setAttribute('role', 'img');
  holder.setAttribute('aria-label', `Chart of ${series.map(([label]) => label).join(', ')} over time`);
  return plot;
}
