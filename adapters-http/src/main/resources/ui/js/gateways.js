// Gateways: list, create, edit every setting (Cloudflare's and Sluice's limit rules), tokens issued
// (shown once) and revoked, the cache purged, a gateway deleted. The API's validation errors appear
// beside the field they name.
import {h, append, clear, field, notice, empty, select, showFieldError, clearFieldErrors} from './dom.js';
import {api, gateways} from './api.js';
import {go, current} from './app.js';
import * as format from './format.js';

export async function render(main, {parts, token}) {
  if (parts[0] === 'new') return editor(main, null);
  if (parts[0]) {
    let answer;
    try {
      answer = await api(`/gateways/${encodeURIComponent(parts[0])}`);
    } catch (e) {
      main.append(h('p', {}, h('a', {href: '#/gateways'}, '← All gateways')), notice('error', e.message));
      return;
    }
    if (current(token)) await editor(main, answer.result, answer.etag);
    return;
  }
  const result = await gateways();
  main.append(h('div', {class: 'row spread'}, h('h1', {}, 'Gateways'), h('a', {class: 'button', href: '#/gateways/new', id: 'new-gateway'}, 'New gateway')));
  if (!result?.length) {
    main.append(empty('No gateways yet — create one with “New gateway”.'));
    return;
  }
  main.append(h('section', {class: 'card'}, h('div', {class: 'table-wrap'}, h('table', {id: 'gateway-list'},
    h('thead', {}, h('tr', {}, ['Gateway', 'Authentication', 'Cache TTL', 'Logs', 'Rate limit', 'Limit rules', 'Changed'].map(n => h('th', {scope: 'col'}, n)))),
    h('tbody', {}, result.map(g => h('tr', {dataset: {id: g.id}},
      h('th', {scope: 'row'}, h('a', {href: `#/gateways/${encodeURIComponent(g.id)}`}, g.id), g.is_default ? ' (default)' : ''),
      h('td', {}, g.authentication ? 'token required' : 'open'),
      h('td', {}, g.cache_ttl ? `${format.int(g.cache_ttl)} s` : 'off'),
      h('td', {}, g.collect_logs ? 'on' : 'off'),
      h('td', {}, g.rate_limiting_limit ? `${format.int(g.rate_limiting_limit)} / ${format.int(g.rate_limiting_interval)} s (${g.rate_limiting_technique})` : 'none'),
      h('td', {}, rules(g)),
      h('td', {}, format.time(g.modified_at)))))))));
}

/** A gateway's limit rules and spend rules, counted apart ("1 limit rule, 1 spend rule"). */
function rules(g) {
  const count = (n, what) => `${format.int(n)} ${what}${n === 1 ? '' : 's'}`;
  const [limits, spend] = [(g.limits || []).length, (g.spend_limits?.rules || []).length];
  if (!limits && !spend) return 'none';
  return [limits ? count(limits, 'limit rule') : null, spend ? count(spend, 'spend rule') : null].filter(Boolean).join(', ');
}

const SETTINGS = [
  {name: 'cache_ttl', label: 'Cache TTL (seconds, 0 = off)', type: 'number'},
  {name: 'cache_invalidate_on_update', label: 'Invalidate the cache when settings change', type: 'checkbox'},
  {name: 'collect_logs', label: 'Collect logs', type: 'checkbox'},
  {name: 'log_management', label: 'Log limit (entries, blank = none)', type: 'number', blank: null},
  {name: 'log_management_strategy', label: 'When the log limit is reached', options: ['STOP_INSERTING', 'DELETE_OLDEST']},
  {name: 'authentication', label: 'Require a gateway token', type: 'checkbox'},
  {name: 'rate_limiting_limit', label: 'Rate limit (requests, 0 = none)', type: 'number'},
  {name: 'rate_limiting_interval', label: 'Rate limit interval (seconds)', type: 'number'},
  {name: 'rate_limiting_technique', label: 'Rate limit window', options: ['fixed', 'sliding']},
  {name: 'retry_max_attempts', label: 'Attempts per request (1–5)', type: 'number'},
  {name: 'retry_delay', label: 'Retry delay (ms)', type: 'number'},
  {name: 'retry_backoff', label: 'Retry backoff', options: ['constant', 'linear', 'exponential']},
];

async function editor(main, gateway, etag) {
  const creating = gateway === null;
  const form = h('form', {class: 'card', id: 'gateway-form', novalidate: true});
  const status = h('div', {'aria-live': 'polite'});
  const id = h('input', {type: 'text', name: 'id', required: true, value: gateway?.id || '', readonly: !creating, maxlength: 64,
    pattern: '[a-z0-9_]+(-[a-z0-9_]+)*'});
  const controls = SETTINGS.map(s => {
    const value = gateway ? gateway[s.name] : undefined;
    if (s.options) return field(s.label, select(s.name, s.options, value));
    if (s.type === 'checkbox') return field(s.label, h('input', {type: 'checkbox', name: s.name, checked: creating ? s.name === 'collect_logs' : value}));
    return field(s.label, h('input', {type: 'number', name: s.name, step: 1, value: value ?? ''}));
  });
  const limits = h('textarea', {name: 'limits', rows: 6, spellcheck: 'false'}, JSON.stringify(gateway?.limits || [], null, 2));
  const spend = h('textarea', {name: 'spend_limits', rows: 6, spellcheck: 'false'}, gateway?.spend_limits ? JSON.stringify(gateway.spend_limits, null, 2) : '');
  append(form,
    h('h1', {}, creating ? 'New gateway' : `Gateway ${gateway.id}`),
    field('Gateway id', id, creating ? 'Lower-case letters, digits and _, words joined by single hyphens (up to 64); used in the gateway’s URLs.' : null),
    h('div', {class: 'grid two'}, controls),
    field('Limit rules (JSON)', limits, 'Sluice’s request, token and concurrency rules, e.g. [{"id":"per-user","count":"requests","limit":20,"window":60,"key":"metadata.user_id"}]. See the README’s Limits.'),
    field('Spend limits (JSON)', spend, 'Cloudflare’s shape: {"rules":[{"limit":50,"window":604800,…}]}; blank for none.'),
    h('div', {class: 'row actions'}, h('button', {type: 'submit', id: 'save-gateway'}, creating ? 'Create gateway' : 'Save changes')),
    status);
  let stored = gateway; // as last saved
  form.addEventListener('submit', async event => {
    event.preventDefault();
    clearFieldErrors(form);
    status.replaceChildren();
    const body = {};
    for (const s of SETTINGS) {
      const control = form.elements.namedItem(s.name);
      if (s.type === 'checkbox') body[s.name] = control.checked;
      else if (s.type === 'number') {
        // Blank is the default for a new gateway; when editing, only a setting whose blank means none (the log
        // limit: null takes it away) may be blank: another was left as it was while the form said "Saved.".
        if (control.value === '') {
          if ('blank' in s) body[s.name] = s.blank;
          else if (!creating) {
            showFieldError(form, s.name, `${s.name}: enter a number (blank cannot be saved)`);
            return;
          }
          continue;
        }
        body[s.name] = Number(control.value);
      } else body[s.name] = control.value;
    }
    // Blank is none: the API keeps spend limits it is sent null for, and takes them away for an empty rule list.
    // Spend limits the gateway never had stay none: saving an unchanged form changes nothing.
    const noSpend = creating || stored.spend_limits == null ? null : {rules: []};
    for (const [name, text, fallback] of [['limits', limits.value, []], ['spend_limits', spend.value, noSpend]]) {
      if (text.trim() === '') {
        body[name] = fallback;
        continue;
      }
      try {
        body[name] = JSON.parse(text);
      } catch (e) {
        showFieldError(form, name, `Not valid JSON: ${e.message}`);
        return;
      }
    }
    try {
      let saved;
      if (creating) {
        saved = await api('/gateways', {method: 'POST', body: {id: id.value.trim(), ...body}});
      } else {
        saved = await api(`/gateways/${encodeURIComponent(gateway.id)}`, {method: 'PUT', body, headers: etag ? {'if-match': etag} : {}});
      }
      if (creating) go('gateways', [saved.result.id]);
      else {
        etag = saved.etag;
        stored = saved.result || stored;
        refill(form, stored);
        status.replaceChildren(notice('info', 'Saved.'));
      }
    } catch (e) {
      showErrors(form, status, e);
    }
  });
  main.append(h('p', {}, h('a', {href: '#/gateways'}, '← All gateways')), form);
  if (!creating) main.append(await tokens(gateway), actions(gateway));
}

/** The form as the gateway now is, from the API's answer to the save. */
function refill(form, saved) {
  if (!saved) return;
  for (const s of SETTINGS) {
    const control = form.elements.namedItem(s.name);
    if (!control || !(s.name in saved)) continue;
    if (s.type === 'checkbox') control.checked = Boolean(saved[s.name]);
    else control.value = saved[s.name] ?? '';
  }
  form.elements.namedItem('limits').value = JSON.stringify(saved.limits || [], null, 2);
  form.elements.namedItem('spend_limits').value = saved.spend_limits ? JSON.stringify(saved.spend_limits, null, 2) : '';
}

/** Each error beside the field its message names ("limits[0].count must …" → limits), the rest above. */
function showErrors(form, status, error) {
  const messages = error.errors?.length ? error.errors.map(e => e.message) : [error.message];
  const unplaced = [];
  for (const message of messages) {
    const name = /^Gateway id\b/.test(message || '') ? 'id' : /^([a-z_]+)/.exec(message || '')?.[1];
    if (!(name && showFieldError(form, name, message))) unplaced.push(message);
  }
  if (error.status === 412) unplaced.push('Someone changed this gateway since you opened it; reload to see their changes.');
  status.replaceChildren(notice('error', unplaced.length ? unplaced.join('; ') : 'Not saved: see the fields marked above.'));
  form.querySelector('[aria-invalid="true"]')?.focus();
}

async function tokens(gateway) {
  const path = `/gateways/${encodeURIComponent(gateway.id)}/tokens`;
  const section = h('section', {class: 'card', id: 'gateway-tokens'}, h('h2', {}, 'Gateway tokens'));
  const list = h('div');
  const status = h('div', {'aria-live': 'polite'});
  const name = h('input', {type: 'text', name: 'token-name', required: true, placeholder: 'ci'});
  const issue = h('form', {class: 'row'}, field('New token’s name', name), h('button', {type: 'submit'}, 'Issue token'));
  const refresh = async () => {
    try {
      const {result} = await api(path);
      clear(list).append(result?.length
        ? h('table', {}, h('thead', {}, h('tr', {}, ['Name', 'Created', ''].map(n => h('th', {scope: 'col'}, n)))),
          h('tbody', {}, result.map(t => h('tr', {}, h('td', {}, t.name), h('td', {}, format.time(t.created_at)),
            h('td', {}, h('button', {type: 'button', class: 'danger small', 'aria-label': `Revoke token ${t.name}`, onclick: () => revoke(t)}, 'Revoke'))))))
        : h('p', {class: 'muted'}, gateway.authentication ? 'No tokens yet: nobody can call this gateway until you issue one.'
          : 'No tokens. Tokens matter once “Require a gateway token” is on.'));
    } catch (e) {
      clear(list).append(notice('error', e.message));
    }
  };
  const revoke = async t => {
    if (!confirm(`Revoke token “${t.name}”? Clients using it will be refused.`)) return;
    try {
      await api(`${path}/${encodeURIComponent(t.id)}`, {method: 'DELETE'});
      status.replaceChildren(notice('info', `Token “${t.name}” revoked.`));
      refresh();
    } catch (e) {
      status.replaceChildren(notice('error', e.message));
    }
  };
  issue.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const {result} = await api(path, {method: 'POST', body: {name: name.value.trim()}});
      status.replaceChildren(h('div', {class: 'notice secret', role: 'status'},
        h('p', {}, 'Copy this token now; it is shown only once:'), h('code', {id: 'new-token'}, result.token)));
      name.value = '';
      refresh();
    } catch (e) {
      status.replaceChildren(notice('error', e.message));
    }
  });
  await refresh();
  return append(section, list, issue, status);
}

function actions(gateway) {
  const status = h('div', {'aria-live': 'polite'});
  const purge = async () => {
    try {
      await api(`/gateways/${encodeURIComponent(gateway.id)}/cache`, {method: 'DELETE'});
      status.replaceChildren(notice('info', 'The gateway’s cache was purged.'));
    } catch (e) {
      status.replaceChildren(notice('error', e.message));
    }
  };
  const remove = async () => {
    if (!confirm(`Delete gateway “${gateway.id}” and all its logs? This cannot be undone.`)) return;
    try {
      await api(`/gateways/${encodeURIComponent(gateway.id)}`, {method: 'DELETE'});
      go('gateways');
    } catch (e) {
      status.replaceChildren(notice('error', e.message));
    }
  };
  return h('section', {class: 'card', id: 'gateway-actions'}, h('h2', {}, 'Actions'),
    h('div', {class: 'row'},
      h('button', {type: 'button', class: 'secondary', onclick: purge}, 'Purge cache'),
      // The API refuses to delete the default gateway (requests that name no gateway go to it): not offered.
      gateway.is_default
        ? h('p', {class: 'muted', id: 'delete-gateway-note'}, 'The default gateway cannot be deleted: requests that name no gateway use it.')
        : h('button', {type: 'button', class: 'danger', id: 'delete-gateway', onclick: remove}, 'Delete gateway…')),
    status);
}
