// Analytics: a time range's requests, tokens, cost, errors, cache hit ratio and latency, as totals and
// as charts over time, broken down by provider, model or a metadata key. The API's buckets start on whole
// minutes, hours or UTC days (it takes no time zone), so daily buckets are shown as the UTC days they are.
import {h, append, clear, field, notice, empty, select, showFieldError, clearFieldErrors} from './dom.js';
import {api, gateways, gatewaySelect, defaultGateway, noGateways} from './api.js';
import {go, current} from './app.js';
import {lineChart} from './chart.js';
import {readTime, localInput, linkTime, zoneName} from './times.js';
import * as format from './format.js';

const RANGES = [['1h', 'Last hour', 3600e3, 'minute'], ['24h', 'Last 24 hours', 86400e3, 'hour'],
  ['7d', 'Last 7 days', 7 * 86400e3, 'hour'], ['30d', 'Last 30 days', 30 * 86400e3, 'day'], ['custom', 'Custom', 0, null]];

export async function render(main, {query, token}) {
  const list = await gateways();
  if (list.length === 0) {
    main.append(noGateways());
    return;
  }
  const state = {
    gateway: query.get('gateway') || defaultGateway(list),
    range: query.get('range') || '24h',
    from: query.get('from') || '',
    to: query.get('to') || '',
    group: query.get('group') || '',
    key: query.get('key') || '',
  };
  const form = controls(list, state);
  const out = h('div', {id: 'analytics-out'}, notice('info', 'Loading…'));
  main.append(h('h1', {}, 'Analytics'), form, out);
  const problem = problemOf(state);
  if (problem) {
    // Nothing is asked of the API for a report that is not the one the page names.
    out.replaceChildren(notice('error', problem));
    return;
  }
  let report;
  try {
    report = (await api(`/gateways/${encodeURIComponent(state.gateway)}/analytics?${apiQuery(state)}`)).result;
  } catch (e) {
    if (current(token)) out.replaceChildren(notice('error', e.message));
    return;
  }
  if (!current(token)) return;
  clear(out).append(rangeLine(report));
  if (!report.totals || report.totals.requests === 0) {
    out.append(empty('No requests in this range — send one from the ', h('a', {href: '#/explorer'}, 'explorer'), '.'));
    return;
  }
  // dom.js's append: the DOM's own would show a missing breakdown (null) as the word "null".
  append(out, totals(report.totals), charts(report), groups(report));
}

/** What in the page's own URL cannot be asked for (a hand-edited or truncated link); null when all is well. */
function problemOf(state) {
  if (state.group === 'metadata' && state.key.trim() === '') {
    return 'Enter the metadata key to break down by (such as user_id), then Show.';
  }
  if (state.range !== 'custom') return null;
  if (!state.from || !state.to) return 'Choose the custom range\'s From and To, then Show.';
  for (const [name, value] of [['From', state.from], ['To', state.to]]) {
    if (!readTime(value)) return `${name} in this link, "${value.slice(0, 64)}", is not a date and time; choose it again.`;
  }
  return readTime(state.to) > readTime(state.from) ? null : 'To must be after From.';
}

/** The range the report covers, in this browser's time, and what one point of the charts is. */
function rangeLine(report) {
  const point = {minute: 'minute', hour: 'hour', day: 'UTC day (midnight to midnight UTC)'}[report.interval] || report.interval;
  return h('p', {class: 'muted', id: 'analytics-range'},
    `${format.time(report.start)} to ${format.time(report.end)} (${zoneName()}); one point per ${point}.`);
}

function controls(list, state) {
  const gateway = gatewaySelect(list, state.gateway);
  const range = select('range', RANGES, state.range);
  const from = h('input', {type: 'datetime-local', name: 'from', value: inputValue(state.from)});
  const to = h('input', {type: 'datetime-local', name: 'to', value: inputValue(state.to)});
  const group = select('group', [['', 'nothing'], 'provider', 'model', ['metadata', 'a metadata key']], state.group);
  const key = h('input', {type: 'text', name: 'key', value: state.key, placeholder: 'user_id'});
  const custom = h('div', {class: 'grid two', hidden: state.range !== 'custom'},
    field('From', from, `Your time (${zoneName()})`), field('To', to, `Your time (${zoneName()})`));
  const metaKey = h('div', {hidden: state.group !== 'metadata'}, field('Metadata key', key));
  range.addEventListener('change', () => { custom.hidden = range.value !== 'custom'; });
  group.addEventListener('change', () => { metaKey.hidden = group.value !== 'metadata'; });
  const form = h('form', {class: 'card', id: 'analytics-form'},
    h('div', {class: 'grid filters-grid'}, field('Gateway', gateway), field('Time range', range), field('Break down by', group), metaKey),
    custom,
    h('div', {class: 'row actions'}, h('button', {type: 'submit'}, 'Show')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const next = submitted(form);
    if (next) go('analytics', [], next);
  });
  return form;
}

/** A URL's time as the datetime-local field shows it: in this browser's time. */
function inputValue(text) {
  const date = readTime(text);
  return date ? localInput(date) : '';
}

/** The form as the page's URL (times with their UTC offset), or null with the problems shown beside their fields. */
function submitted(form) {
  clearFieldErrors(form);
  const value = name => form.elements.namedItem(name).value;
  const next = new URLSearchParams({gateway: value('gateway'), range: value('range')});
  if (value('group')) next.set('group', value('group'));
  const refusals = [...keyRefusals(value, next), ...rangeRefusals(value, next)];
  for (const [name, message] of refusals) showFieldError(form, name, message);
  // Results of the range asked before are not this form's: they go, so none stays under a refusal.
  if (refusals.length) document.getElementById('analytics-out')?.replaceChildren(notice('error', 'Not shown: see the fields marked above.'));
  form.querySelector('[aria-invalid="true"]')?.focus();
  return refusals.length ? null : next;
}

/** Puts the metadata key grouped by in the URL; or why it cannot, as [field, message] pairs. */
function keyRefusals(value, next) {
  if (value('group') !== 'metadata') return [];
  if (value('key').trim() === '') return [['key', 'Enter the metadata key to break down by, such as user_id.']];
  next.set('key', value('key'));
  return [];
}

/** Puts a custom range in the URL, each time with its UTC offset; or why it cannot, as [field, message] pairs. */
function rangeRefusals(value, next) {
  if (value('range') !== 'custom') return [];
  const [from, to] = [linkTime(value('from')), linkTime(value('to'))];
  if (from) next.set('from', from);
  if (to) next.set('to', to);
  const missing = [['from', from, 'starts'], ['to', to, 'ends']].filter(([, time]) => !time)
    .map(([name, , what]) => [name, `Choose the date and time the range ${what}.`]);
  if (missing.length) return missing;
  return readTime(to) > readTime(from) ? [] : [['to', 'The end must be after the start.']];
}

function apiQuery(state) {
  const params = new URLSearchParams();
  const range = RANGES.find(r => r[0] === state.range) || RANGES[1];
  if (range[0] === 'custom') {
    params.set('start', readTime(state.from).toISOString());
    params.set('end', readTime(state.to).toISOString());
  } else {
    const end = new Date();
    params.set('start', new Date(end.getTime() - range[2]).toISOString());
    params.set('end', end.toISOString());
    params.set('interval', range[3]);
  }
  if (state.group === 'metadata') params.set('group_by', `metadata.${state.key}`);
  else if (state.group && state.group !== 'metadata') params.set('group_by', state.group);
  return params;
}

function totals(t) {
  const tile = (label, value, id) => h('div', {class: 'tile', id}, h('span', {class: 'tile-label'}, label), h('span', {class: 'tile-value'}, value));
  return h('section', {class: 'tiles', 'aria-label': 'Totals'},
    tile('Requests', format.int(t.requests), 't-requests'),
    tile('Tokens in / out', `${format.int(t.tokens_in)} / ${format.int(t.tokens_out)}`, 't-tokens'),
    tile('Cost', format.dollars(t.cost), 't-cost'),
    tile('Errors', format.int(t.errors), 't-errors'),
    tile('Rate limited', format.int(t.rate_limited_requests), 't-limited'),
    tile('Cache hit ratio', format.ratio(t.cache_hit_ratio), 't-cache'),
    tile('Latency p50 / p95', `${format.ms(t.latency_ms?.p50)} / ${format.ms(t.latency_ms?.p95)}`, 't-latency'));
}

/**
 * Every bucket of the range, in epoch seconds: the API leaves out buckets without requests, and a chart
 * drawn only through the others would show a quiet hour as steady traffic.
 */
function buckets(report) {
  const step = {minute: 60, hour: 3600, day: 86400}[report.interval] || 3600;
  const from = Math.floor(Date.parse(report.start) / 1000 / step) * step;
  const to = Date.parse(report.end) / 1000;
  const xs = [];
  for (let t = from; t <= to && xs.length < 10000; t += step) xs.push(t);
  return xs;
}

function byBucket(points) {
  return new Map((points || []).map(p => [Math.floor(Date.parse(p.start) / 1000), p.totals]));
}

function charts(report) {
  const x = buckets(report);
  const points = byBucket(report.series);
  // Counts are 0 in an empty bucket; a latency or a ratio has no value there.
  const col = (f, none = 0) => x.map(t => (points.has(t) ? f(points.get(t)) : none));
  const days = {utcDays: report.interval === 'day'};
  const counts = {...days, counts: true};
  const box = (title, build) => {
    const holder = h('div', {class: 'chart'});
    const section = h('section', {class: 'card chart-card'}, h('h2', {}, title), holder);
    queueMicrotask(() => build(holder));
    return section;
  };
  const sections = [
    box('Requests and errors', el => lineChart(el, x, [['Requests', col(t => t.requests)], ['Errors', col(t => t.errors)], ['Cache hits', col(t => t.cached_requests)]], format.int, counts)),
    box('Tokens', el => lineChart(el, x, [['In', col(t => t.tokens_in)], ['Out', col(t => t.tokens_out)]], format.int, counts)),
    box('Cost', el => lineChart(el, x, [['Cost', col(t => Number(t.cost))]], format.dollars, days)),
    box('Latency', el => lineChart(el, x, [['p50', col(t => t.latency_ms?.p50, null)], ['p95', col(t => t.latency_ms?.p95, null)]], format.ms, days)),
    box('Cache hit ratio', el => lineChart(el, x, [['Hit ratio', col(t => t.cache_hit_ratio, null)]], format.ratio, {...days, yRange: [0, 1]})),
  ];
  if (report.groups?.length) {
    const top = report.groups.slice(0, 6);
    sections.push(box(`Requests by ${report.group_by}`, el => lineChart(el, x, top.map(g => {
      const group = byBucket(g.series);
      return [cut(label(g.value)), x.map(t => group.get(t)?.requests ?? 0)];
    }), format.int, counts)));
  }
  return h('div', {class: 'charts'}, sections);
}

function groups(report) {
  if (!report.groups?.length) return null;
  const head = [report.group_by, 'Requests', 'Errors', 'Tokens in', 'Tokens out', 'Cost', 'Cache hit ratio', 'p50', 'p95'];
  return h('section', {class: 'card', id: 'analytics-groups'}, h('h2', {}, `By ${report.group_by}`),
    h('div', {class: 'table-wrap'}, h('table', {},
      h('thead', {}, h('tr', {}, head.map(name => h('th', {scope: 'col'}, name)))),
      h('tbody', {}, report.groups.map(g => h('tr', {},
        h('th', {scope: 'row', title: label(g.value)}, h('span', {class: 'group-name'}, label(g.value))),
        h('td', {class: 'num'}, format.int(g.totals.requests)),
        h('td', {class: 'num'}, format.int(g.totals.errors)),
        h('td', {class: 'num'}, format.int(g.totals.tokens_in)),
        h('td', {class: 'num'}, format.int(g.totals.tokens_out)),
        h('td', {class: 'num'}, format.dollars(g.totals.cost)),
        h('td', {class: 'num'}, format.ratio(g.totals.cache_hit_ratio)),
        h('td', {class: 'num'}, format.ms(g.totals.latency_ms?.p50)),
        h('td', {class: 'num'}, format.ms(g.totals.latency_ms?.p95))))))));
}

/** A group's name as a chart's legend shows it: a long one cut (the table below has it whole, in its title). */
function cut(name) {
  return name.length > 40 ? `${name.slice(0, 39)}…` : name;
}

/** A group's name; requests without the value grouped by (no model, no such metadata key) are one group. */
function label(value) {
  return value === null || value === undefined || value === '' ? '(none)' : String(value);
}
