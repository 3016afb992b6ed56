// The logs: one page of a gateway's entries, newest first, filtered as the logs API filters, with the
// filters in the page's URL so a filtered view can be shared. #/logs/{gateway}/{id} opens one entry.
import {h, append, clear, field, notice, empty, select, showFieldError, clearFieldErrors} from './dom.js';
import {api, gateways, gatewaySelect, defaultGateway, noGateways} from './api.js';
import {go, current} from './app.js';
import * as format from './format.js';

const PER_PAGE = 25;
let flash = null;
// What the list shows now (its gateway, applied filters and total), which "Delete matching…" deletes.
let shown = null;

// Each filter of the form: its URL name, its label, and the logs API filter it becomes.
const FILTERS = [
  {name: 'status', label: 'Status', key: 'status_code', op: 'eq', type: 'number', placeholder: '200', whole: true},
  {name: 'cached', label: 'Cached', key: 'cached', op: 'eq', options: [['', 'any'], ['true', 'cached'], ['false', 'not cached']]},
  {name: 'provider', label: 'Provider', key: 'provider', op: 'eq', placeholder: 'openai'},
  {name: 'model', label: 'Model', key: 'model', op: 'eq', placeholder: 'gpt-4o-mini'},
  {name: 'meta_key', label: 'Metadata key', key: 'metadata.key', op: 'eq', placeholder: 'user_id'},
  {name: 'meta_value', label: 'Metadata value', key: 'metadata.value', op: 'eq', placeholder: 'user-42'},
  // Neutral is feedback given as 0; an entry nobody rated has none (null), which the API matches as the value null.
  {name: 'feedback', label: 'Feedback', key: 'feedback', op: 'eq', wire: {none: 'null'},
    options: [['', 'any'], ['1', 'thumbs up'], ['-1', 'thumbs down'], ['0', 'neutral'], ['none', 'no feedback']]},
  {name: 'min_cost', label: 'Cost at least ($)', key: 'cost', op: 'gte', type: 'number', step: 'any'},
  {name: 'max_cost', label: 'Cost at most ($)', key: 'cost', op: 'lte', type: 'number', step: 'any'},
  {name: 'min_duration', label: 'Duration at least (ms)', key: 'duration', op: 'gte', type: 'number', whole: true},
  {name: 'max_duration', label: 'Duration at most (ms)', key: 'duration', op: 'lte', type: 'number', whole: true},
];

export async function render(main, {parts, query, token}) {
  if (parts.length >= 2) {
    const {renderDetail} = await import('./log-detail.js');
    return renderDetail(main, parts[0], parts[1]);
  }
  const list = await gateways();
  if (list.length === 0) {
    main.append(noGateways());
    return;
  }
  const gateway = query.get('gateway') || parts[0] || defaultGateway(list);
  const form = filterForm(list, gateway, query);
  const results = h('section', {class: 'card', 'aria-label': 'Logs', id: 'log-results'}, notice('info', 'Loading…'));
  main.append(h('h1', {}, 'Logs'), form, results);
  await showPage(results, gateway, query, token);
}

function filterForm(list, gateway, query) {
  const form = h('form', {class: 'card filters', id: 'log-filters', role: 'search', novalidate: true});
  const gatewayControl = gatewaySelect(list, gateway);
  // A link's gateway that does not exist is shown as such, not as the first gateway of the list.
  if (!list.some(g => g.id === gateway)) gatewayControl.prepend(h('option', {value: gateway, selected: true}, `${gateway} (not found)`));
  const controls = FILTERS.map(f => field(f.label, f.options
    ? select(f.name, f.options, query.get(f.name) ?? '')
    : h('input', {name: f.name, type: f.type || 'text', step: f.step, placeholder: f.placeholder || '', value: query.get(f.name) || ''})));
  const search = h('input', {type: 'search', name: 'search', value: query.get('search') || '', placeholder: 'provider, model, path, or a log id'});
  append(form,
    h('div', {class: 'grid filters-grid'}, field('Gateway', gatewayControl), field('Search', search), controls),
    h('div', {class: 'row actions'},
      h('button', {type: 'submit'}, 'Apply filters'),
      h('button', {type: 'button', class: 'secondary', onclick: () => go('logs', [], new URLSearchParams({gateway: gatewayControl.value}))}, 'Clear'),
      h('button', {type: 'button', class: 'danger', id: 'delete-matching', onclick: () => deleteMatching(form, gateway, query)}, 'Delete matching…')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const next = formQuery(form);
    if (next) go('logs', [], next);
  });
  return form;
}

/** The form's filters as the page's URL; null, with each refusal beside its field, when a number is not one. */
function formQuery(form) {
  clearFieldErrors(form);
  let refused = false;
  for (const f of FILTERS.filter(f => f.type === 'number')) {
    const control = form.elements.namedItem(f.name);
    const text = control.value.trim();
    const bad = control.validity.badInput || (text !== '' && (f.whole ? !/^\d+$/.test(text) : !(Number(text) >= 0)));
    if (bad) {
      showFieldError(form, f.name, f.whole ? `${f.label}: enter a whole number, such as ${f.placeholder || 250}.` : `${f.label}: enter an amount, such as 0.01.`);
      refused = true;
    }
  }
  if (refused) {
    document.getElementById('log-results')?.replaceChildren(notice('error', 'Not applied: see the filters marked above.'));
    form.querySelector('[aria-invalid="true"]')?.focus();
    return null;
  }
  const next = new URLSearchParams();
  // Values go as typed (the server matches text exactly; a metadata value may have spaces at its ends).
  for (const [name, value] of new FormData(form)) if (String(value).trim() !== '') next.set(name, String(value));
  return next;
}

/** The filters a query applies, in words ("status = 500, provider = openai"); the page number is not one. */
function described(query) {
  const parts = FILTERS.filter(f => query.get(f.name)).map(f => `${f.label.toLowerCase()} ${f.options
    ? `= ${(f.options.find(([value]) => value === query.get(f.name)) || [, query.get(f.name)])[1]}` : `= ${query.get(f.name)}`}`);
  if (query.get('search')) parts.push(`search "${query.get('search')}"`);
  return parts.join(', ');
}

/** The filters of a query without its page, for comparing the form with what the list shows. */
function filtersOf(query) {
  const params = new URLSearchParams(query);
  params.delete('page');
  params.delete('gateway');
  params.sort();
  return params.toString();
}

/** The logs API's query for the page's filters (repeated dotted keys, as Cloudflare's client sends them). */
export function apiQuery(query) {
  const params = new URLSearchParams();
  // A metadata key with a value is the value under that key (metadata.<key>), not the key and the value apart.
  const pair = query.get('meta_key') && query.get('meta_value');
  for (const f of FILTERS) {
    const value = query.get(f.name);
    if (value === null || value === '' || (pair && f.name === 'meta_value')) continue;
    params.append('filters.key', pair && f.name === 'meta_key' ? `metadata.${value}` : f.key);
    params.append('filters.operator', f.op);
    params.append('filters.value', pair && f.name === 'meta_key' ? query.get('meta_value') : wired(f, value));
  }
  if (query.get('search')) params.set('search', query.get('search'));
  return params;
}

/** A filter's value as the API takes it (the form's "none" is the API's null). */
function wired(filter, value) {
  return filter.wire && Object.hasOwn(filter.wire, value) ? filter.wire[value] : value;
}

function filtered(query) {
  return FILTERS.some(f => query.get(f.name)) || Boolean(query.get('search'));
}

async function showPage(results, gateway, query, token) {
  const page = Math.max(1, Math.floor(Number(query.get('page'))) || 1);
  shown = null;
  const params = apiQuery(query);
  params.set('per_page', PER_PAGE);
  params.set('page', page);
  let answer;
  try {
    answer = await api(`/gateways/${encodeURIComponent(gateway)}/logs?${params}`);
  } catch (e) {
    if (current(token)) results.replaceChildren(notice('error', e.message));
    return;
  }
  if (!current(token)) return;
  const entries = answer.result || [];
  const info = answer.info || {};
  clear(results);
  shown = {gateway, query, total: info.total_count ?? entries.length};
  if (flash) results.append(notice('info', flash));
  flash = null;
  if (entries.length === 0 && info.total_count > 0) {
    results.append(empty(`No entries on page ${format.int(page)}; the matches end on page ${format.int(info.total_pages)}.`),
      pager(query, page, info.total_pages || 1));
    return;
  }
  if (entries.length === 0) {
    results.append(filtered(query)
      ? empty('No logs match these filters.')
      : empty('No logs yet — send a request from the ', h('a', {href: '#/explorer'}, 'explorer'), '.'));
    return;
  }
  results.append(
    h('p', {class: 'muted', id: 'log-count'}, `${format.int(info.total_count)} matching ${info.total_count === 1 ? 'entry' : 'entries'}`),
    h('div', {class: 'table-wrap'}, table(gateway, entries)),
    pager(query, page, info.total_pages || 1));
}

function table(gateway, entries) {
  const head = ['Time', 'Status', 'Provider', 'Model', 'Tokens in', 'Tokens out', 'Cost', 'Duration', 'Cache', 'Feedback'];
  return h('table', {class: 'logs'},
    h('thead', {}, h('tr', {}, head.map(name => h('th', {scope: 'col'}, name)))),
    h('tbody', {}, entries.map(e => h('tr', {class: e.success ? '' : 'failed', dataset: {id: e.id}},
      h('td', {}, h('a', {href: `#/logs/${encodeURIComponent(gateway)}/${encodeURIComponent(e.id)}`}, format.time(e.created_at))),
      h('td', {}, String(e.status_code ?? '—')),
      h('td', {}, e.provider || '—'),
      h('td', {}, e.model || '—'),
      h('td', {class: 'num'}, format.int(e.tokens_in)),
      h('td', {class: 'num'}, format.int(e.tokens_out)),
      h('td', {class: 'num'}, format.dollars(e.cost)),
      h('td', {class: 'num'}, format.ms(e.duration)),
      h('td', {}, e.cached ? 'hit' : '—'),
      h('td', {}, feedback(e.feedback))))));
}

/** Rated neutral (0) is feedback given; no feedback (null) is an entry nobody rated. */
function feedback(value) {
  if (value === null || value === undefined) return h('span', {class: 'muted', title: 'Not rated'}, '—');
  return value === 1 ? '▲ good' : value === -1 ? '▼ bad' : value === 0 ? 'neutral' : String(value);
}

function pager(query, page, pages) {
  const to = n => {
    const next = new URLSearchParams(query);
    next.set('page', n);
    go('logs', [], next);
  };
  if (page > pages) {
    // A link past the end (a hand-edited page, or entries deleted since): said so, with the way back.
    return h('nav', {class: 'row pager', 'aria-label': 'Pages'},
      h('span', {}, `There is no page ${format.int(page)}: ${format.int(pages)} ${pages === 1 ? 'page' : 'pages'} in all.`),
      h('button', {type: 'button', class: 'secondary', onclick: () => to(pages)}, 'Go to the last page'));
  }
  return h('nav', {class: 'row pager', 'aria-label': 'Pages'},
    h('button', {type: 'button', class: 'secondary', disabled: page <= 1, onclick: () => to(page - 1)}, '← Newer'),
    h('span', {}, `Page ${format.int(page)} of ${format.int(pages)}`),
    h('button', {type: 'button', class: 'secondary', disabled: page >= pages, onclick: () => to(page + 1)}, 'Older →'));
}

async function deleteMatching(form, gateway, query) {
  const results = document.getElementById('log-results');
  const typed = formQuery(form);
  if (!typed) return;
  // What is deleted is what the list shows: filters typed but not applied would delete something else.
  if (typed.get('gateway') !== gateway || filtersOf(typed) !== filtersOf(query)) {
    results.prepend(notice('error', 'Nothing was deleted: the filters in the form are not the ones applied to this list. '
      + 'Apply them first (and check the list), or Clear.'));
    return;
  }
  if (!shown || shown.gateway !== gateway || shown.query !== query) {
    results.prepend(notice('error', 'Nothing was deleted: wait until the list has loaded.'));
    return;
  }
  if (!shown.total) {
    results.prepend(notice('info', 'No entries match these filters; there is nothing to delete.'));
    return;
  }
  const filters = described(query);
  const what = `${format.int(shown.total)} ${shown.total === 1 ? 'entry' : 'entries'} of gateway ${gateway}`;
  const which = filters ? `matching the filters ${filters}` : 'EVERY entry of the gateway: no filters are applied';
  if (!confirm(`Delete ${what} (${which})? This cannot be undone.`)) return;
  try {
    const {result} = await api(`/gateways/${encodeURIComponent(gateway)}/logs?${apiQuery(query)}`, {method: 'DELETE'});
    flash = `Deleted ${format.int(result?.deleted)} entries.`;
    const next = new URLSearchParams(query);
    next.delete('page');
    go('logs', [], next, true);
  } catch (e) {
    results.prepend(notice('error', `Nothing was deleted: ${e.message}`));
  }
}
