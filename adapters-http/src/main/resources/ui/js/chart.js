// Time-series charts with uPlot (from its webjar, served by Sluice): times on the axis in the browser's
// zone, except daily buckets, which are UTC days and so are drawn and named in UTC; values formatted as the
// totals are, redrawn to the card's width. uPlot spreads a flat series over 0 to 100 of its units: a chart of
// nothing but zeros (no cost, no cache hits) is drawn from 0 to 1 instead, and a ratio's keeps its 0–100%, where
// its format read 100 as 10000%.
import uPlot from '/ui-vendor/uplot/uPlot.esm.js';

const COLOURS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2'];

/** The steps between ticks of a count's axis: 1, 2, 5, 10, 20… (uPlot's own take halves, labelled as rounded). */
const WHOLE_STEPS = Array.from({length: 16}, (_, power) => [1, 2, 5].map(m => m * 10 ** power)).flat();

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

/** A time in epoch seconds as its UTC day, 2026-03-01. */
function utcDay(seconds) {
  return new Date(seconds * 1e3).toISOString().slice(0, 10);
}

/** The x axis: times in this browser's zone, or (utcDays) UTC days, named as such. */
function timeAxis(utcDays) {
  if (!utcDays) return {options: {}, axis: {}, series: {}};
  return {
    options: {tzDate: ts => uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC')},
    axis: {label: 'Day (UTC)', labelSize: 20},
    series: {label: 'Day', value: (u, ts) => (ts === null || ts === undefined ? '—' : `${utcDay(ts)} UTC`)},
  };
}

/**
 * A chart of `series` ([label, values] each) over the times `xs`. Options: `utcDays` (daily buckets), `yRange` (a
 * fixed [min, max]), `counts` (whole numbers, ticked only where they are whole).
 */
export function lineChart(holder, xs, series, format, {utcDays = false, yRange = null, counts = false} = {}) {
  if (xs.length === 0) {
    holder.textContent = 'No points in this range.';
    return null;
  }
  // Drawn before the view is on the page (its width is 0 then): start narrow, the observer widens it.
  const width = () => Math.max(280, holder.clientWidth || 280);
  const time = timeAxis(utcDays);
  const flat = series.every(([, values]) => values.every(v => v === null || v === undefined || v === 0));
  const range = yRange ?? (flat ? [0, 1] : null);
  const options = {
    ...time.options,
    width: width(),
    height: 220,
    legend: {show: true},
    cursor: {drag: {x: false, y: false}},
    scales: {x: {time: true}, ...(range ? {y: {range: () => range}} : {})},
    axes: [time.axis, {values: (u, values) => labels(values, format), size: 80, ...(counts ? {incrs: WHOLE_STEPS} : {})}],
    series: [time.series, ...series.map(([label], i) => ({
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
  holder.plot = plot; // kept on its holder, where its scales can be read (the browser tests do)
  holder.setAttribute('role', 'img');
  holder.setAttribute('aria-label', `Chart of ${series.map(([label]) => label).join(', ')} over time`);
  return plot;
}
