// The explorer: a prompt through a gateway's unified API (/compat), answered as it streams, with the
// stages it passed lit in the flow diagram; and the cached-versus-fresh comparison of POST /generate.
import {h, append, clear, field, notice, showFieldError, clearFieldErrors} from './dom.js';
import {api, gatewayPath, gateways, gatewaySelect, defaultGateway, errorOf, parse} from './api.js';
import {flowDiagram, pending, outcome, refusedBeforeLog} from './flow.js';
import * as format from './format.js';

const DEFAULT_MODEL = 'mock/gpt-4o-mini';
const remembered = {};

/** Clears what the form remembered between visits (called on sign-out). */
export function forget() {
  for (const name of Object.keys(remembered)) delete remembered[name];
}

export async function render(main) {
  let list = [];
  let loadError = null;
  try {
    list = await gateways();
  } catch (e) {
    loadError = e;
  }
  const form = h('form', {class: 'card', id: 'explorer-form', novalidate: true});
  const gatewayControl = gatewaySelect(list, remembered.gateway || (list.length ? defaultGateway(list) : ''));
  const models = h('datalist', {id: 'model-list'});
  const controls = {
    gateway: gatewayControl,
    token: h('input', {type: 'password', name: 'token', autocomplete: 'off', value: remembered.token || ''}),
    user: h('input', {type: 'text', name: 'user', autocomplete: 'off', value: remembered.user || '', placeholder: 'e.g. user-42'}),
    model: h('input', {type: 'text', name: 'model', list: 'model-list', value: remembered.model || DEFAULT_MODEL, required: true}),
    fallback: h('input', {type: 'text', name: 'fallback', list: 'model-list', value: remembered.fallback || '', placeholder: 'none'}),
    key: h('input', {type: 'password', name: 'key', autocomplete: 'off', value: remembered.key || ''}),
    prompt: h('textarea', {name: 'prompt', rows: 5, required: true}, remembered.prompt || 'What does an AI gateway do?'),
    stream: h('input', {type: 'checkbox', name: 'stream', checked: remembered.stream ?? true}),
    ttl: h('input', {type: 'number', name: 'ttl', min: 0, step: 1, value: remembered.ttl || '', placeholder: 'gateway default'}),
    skip: h('input', {type: 'checkbox', name: 'skip', checked: remembered.skip}),
  };
  append(form,
    h('h1', {}, 'Explorer'),
    loadError ? notice('error', `Gateways could not be listed: ${loadError.message}`) : null,
    h('div', {class: 'grid two'},
      field('Gateway', controls.gateway),
      field('Gateway token', controls.token, 'For gateways with authentication on; sent as cf-aig-authorization.'),
      field('User id', controls.user, 'Sent as cf-aig-metadata {"user_id": …}; filter logs by it.'),
      field('Model', controls.model, 'provider/model; the mock provider needs no key.'),
      field('Fallback model', controls.fallback, 'Tried when the model fails (universal endpoint, step 1).'),
      field('Provider key', controls.key, 'Sent as Authorization; Sluice moves it to where the provider reads it.'),
      field('Cache TTL (seconds)', controls.ttl, 'cf-aig-cache-ttl; blank keeps the gateway’s.')),
    models,
    field('Prompt', controls.prompt),
    h('div', {class: 'row'},
      field('Stream the answer', controls.stream),
      field('Skip the cache', controls.skip)),
    h('div', {class: 'row actions'},
      h('button', {type: 'submit', id: 'send'}, 'Send'),
      h('button', {type: 'button', id: 'compare', class: 'secondary'}, 'Compare cached vs fresh')));

  const flow = flowDiagram();
  const panel = h('section', {class: 'card', id: 'response', 'aria-live': 'polite', 'aria-label': 'Response'});
  const comparison = h('section', {class: 'card', id: 'comparison', hidden: true, 'aria-label': 'Cache comparison'});
  append(main, h('div', {class: 'explorer'}, form,
    h('div', {}, h('section', {class: 'card'}, h('h2', {}, 'Through the gateway'), flow.element), panel, comparison)));
  showEmptyPanel(panel);

  const loadModels = () => fillModels(models, controls.gateway.value, controls.token.value);
  controls.gateway.addEventListener('change', loadModels);
  loadModels();

  form.addEventListener('submit', event => {
    event.preventDefault();
    if (!checked(form, controls)) return;
    remember(controls);
    const gateway = list.find(g => g.id === controls.gateway.value);
    send(controls, gateway, flow, panel);
  });
  form.querySelector('#compare').addEventListener('click', () => {
    remember(controls);
    compare(controls.prompt.value, comparison);
  });
}

/** The form's own refusals, beside their fields in the page's words; true when it can be sent. */
function checked(form, controls) {
  clearFieldErrors(form);
  const ttl = controls.ttl.value.trim();
  const refusals = [];
  if (controls.ttl.validity.badInput || (ttl !== '' && !/^\d+$/.test(ttl))) {
    refusals.push(['ttl', 'A cache TTL is a whole number of seconds, 0 or more (blank keeps the gateway’s).']);
  }
  if (controls.model.value.trim() === '') refusals.push(['model', 'Enter a model, such as mock/gpt-4o-mini.']);
  if (controls.prompt.value.trim() === '') refusals.push(['prompt', 'Enter a prompt.']);
  for (const [name, message] of refusals) showFieldError(form, name, message);
  form.querySelector('[aria-invalid="true"]')?.focus();
  return refusals.length === 0;
}

function remember(controls) {
  for (const [name, control] of Object.entries(controls)) {
    remembered[name] = control.type === 'checkbox' ? control.checked : control.value;
  }
}

async function fillModels(datalist, gateway, token) {
  if (!gateway) return;
  try {
    const response = await fetch(gatewayPath(gateway, '/compat/models'), {headers: gatewayHeaders(token)});
    const json = parse(await response.text());
    clear(datalist).append(...(json?.data || []).map(m => h('option', {value: m.id})));
  } catch {
    // The picker keeps free text; the list is only a help.
  }
}

function gatewayHeaders(token) {
  return token ? {'cf-aig-authorization': `Bearer ${token}`} : {};
}

function showEmptyPanel(panel) {
  clear(panel).append(h('h2', {}, 'Response'),
    h('p', {class: 'muted'}, 'Send a prompt to see the answer, its tokens, cost and where it went.'));
}

async function send(controls, gateway, flow, panel) {
  const headers = {'content-type': 'application/json', ...gatewayHeaders(controls.token.value)};
  if (controls.key.value) headers.authorization = `Bearer ${controls.key.value}`;
  // Header values are Latin-1: a user id such as "josé" travels as JSON's \u escapes.
  if (controls.user.value) headers['cf-aig-metadata'] = asciiJson({user_id: controls.user.value});
  if (controls.ttl.value !== '') headers['cf-aig-cache-ttl'] = controls.ttl.value;
  if (controls.skip.checked) headers['cf-aig-skip-cache'] = 'true';
  const stream = controls.stream.checked;
  const body = {model: controls.model.value.trim(), messages: [{role: 'user', content: controls.prompt.value}], stream};
  if (stream) body.stream_options = {include_usage: true};

  flow.set(pending());
  const view = responseView(panel);
  const started = performance.now();
  const [url, payload] = request(controls, headers, body);
  let response;
  try {
    response = await fetch(url, {method: 'POST', headers, body: JSON.stringify(payload)});
  } catch (e) {
    flow.set(outcome({status: 0, gateway}));
    view.fail(0, `Sluice could not be reached (${e.message})`);
    return;
  }
  const meta = {
    status: response.status,
    cacheStatus: response.headers.get('cf-aig-cache-status'),
    step: response.headers.get('cf-aig-step'),
    logId: response.headers.get('cf-aig-log-id'),
    gateway: controls.gateway.value,
    ttl: headers['cf-aig-cache-ttl'],
    skipCache: controls.skip.checked,
  };
  const type = response.headers.get('content-type') || '';
  if (response.ok && type.includes('text/event-stream')) {
    view.head(meta);
    let result;
    try {
      result = await readStream(response, view);
    } catch (e) {
      result = {error: `the stream broke off (${e.message})`};
    }
    meta.duration = performance.now() - started;
    view.done({...meta, ...result});
    flow.set(outcome({...meta, status: result.error ? 502 : meta.status, gateway}));
    if (result.error) view.fail(meta.status, result.error);
    return;
  }
  let text;
  try {
    text = await response.text();
  } catch (e) {
    view.head(meta);
    flow.set(outcome({status: 0, gateway}));
    view.fail(meta.status, `the answer broke off (${e.message})`);
    return;
  }
  meta.duration = performance.now() - started;
  const json = parse(text);
  if (!response.ok) {
    const error = errorOf(response.status, json, text);
    // The gateway's own refusal before its log (its error envelope says which): said at once, nothing looked for.
    meta.refused = refusedBeforeLog(json);
    view.head(meta);
    flow.set(outcome({...meta, code: error.code, gateway}));
    view.done(meta);
    view.fail(response.status, error.message, error.code);
    return;
  }
  view.head(meta);
  view.text(json?.choices?.[0]?.message?.content ?? text);
  view.done({...meta, model: json?.model, usage: json?.usage});
  flow.set(outcome({...meta, gateway}));
}

function asciiJson(value) {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The unified API's chat completion, or with a fallback model the universal endpoint: two /compat steps
 * tried in order (the provider key goes with each step), cf-aig-step naming the one that answered.
 */
function request(controls, headers, body) {
  const fallback = controls.fallback.value.trim();
  if (!fallback) return [gatewayPath(controls.gateway.value, '/compat/chat/completions'), body];
  const stepHeaders = headers.authorization ? {authorization: headers.authorization} : {};
  delete headers.authorization;
  const step = model => ({provider: 'compat', endpoint: 'chat/completions', headers: stepHeaders, query: {...body, model}});
  return [gatewayPath(controls.gateway.value), [step(body.model), step(fallback)]];
}

async function readStream(response, view) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const result = {model: null, usage: null, error: null};
  for (;;) {
    const {done, value} = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, {stream: true});
    let end;
    while ((end = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, end).trim();
      buffer = buffer.slice(end + 1);
      if (!line.startsWith('data:')) continue;
      const data = line.slice(5).trim();
      if (data === '[DONE]') continue;
      const event = parse(data);
      if (!event) continue;
      if (event.error) result.error = event.error.message || JSON.stringify(event.error);
      if (event.model) result.model = event.model;
      if (event.usage) result.usage = event.usage;
      const delta = event.choices?.[0]?.delta?.content;
      if (delta) view.append(delta);
    }
  }
  return result;
}

/**
 * The response's log entry, linked once it is found: a request the gateway refused before its log (no token, an unknown
 * provider) still carries a cf-aig-log-id that names no entry, and a logged one is written a moment after its answer.
 */
function logLink(meta) {
  if (meta.refused) {
    return h('span', {id: 'r-log-id'}, meta.logId,
      h('span', {class: 'muted', id: 'r-log-none'}, ' (not logged: the gateway refused the request before its log)'));
  }
  const cell = h('span', {id: 'r-log-id'}, meta.logId, h('span', {class: 'muted'}, ' (looking for its entry…)'));
  const path = `/gateways/${encodeURIComponent(meta.gateway)}/logs/${encodeURIComponent(meta.logId)}`;
  (async () => {
    for (let tries = 0; tries < LOG_TRIES; tries++) {
      try {
        await api(path);
        cell.replaceChildren(h('a', {href: `#/logs/${encodeURIComponent(meta.gateway)}/${encodeURIComponent(meta.logId)}`,
          id: 'r-log'}, meta.logId));
        return;
      } catch (e) {
        if (e.status !== 404) break;
        await new Promise(resolve => setTimeout(resolve, 250));
      }
    }
    cell.replaceChildren(meta.logId, h('span', {class: 'muted', id: 'r-log-none'}, ' (not logged: refused before the gateway’s log)'));
  })();
  return cell;
}

/** How many times, 250 ms apart, the response's log entry is looked for. */
const LOG_TRIES = 12;

function responseView(panel) {
  const facts = h('dl', {class: 'facts'});
  const answer = h('div', {class: 'answer', id: 'answer', 'aria-label': 'Answer'});
  const problem = h('div');
  clear(panel).append(h('h2', {}, 'Response'), facts, problem, answer);
  const put = (name, value, id) => append(facts, h('div', {}, h('dt', {}, name), h('dd', id ? {id} : {}, value)));
  return {
    head(meta) {
      clear(facts);
      put('Status', String(meta.status), 'r-status');
      put('Cache', meta.cacheStatus || '—', 'r-cache');
      put('Step', meta.step ?? '0', 'r-step');
      put('Log', meta.logId ? logLink(meta) : '—');
    },
    append(text) {
      answer.append(text);
    },
    text(text) {
      answer.textContent = text;
    },
    done(meta) {
      const usage = meta.usage || {};
      put('Model', meta.model || '—', 'r-model');
      put('Tokens in / out / total',
        `${format.int(usage.prompt_tokens)} / ${format.int(usage.completion_tokens)} / ${format.int(usage.total_tokens)}`, 'r-tokens');
      put('Duration', format.ms(meta.duration), 'r-duration');
    },
    fail(status, message, code) {
      problem.replaceChildren(notice('error', `${status || 'No answer'}${code ? ` (code ${code})` : ''}: ${message}`));
    },
  };
}

async function compare(prompt, section) {
  section.hidden = false;
  clear(section).append(h('h2', {}, 'Cached vs fresh'), notice('info', 'Running the prompt cached, then fresh…'));
  let response;
  let json;
  try {
    response = await fetch('/generate', {method: 'POST', headers: {'content-type': 'application/json'},
      body: JSON.stringify({prompt, compareCache: true})});
    json = parse(await response.text());
  } catch (e) {
    clear(section).append(h('h2', {}, 'Cached vs fresh'), notice('error', `Sluice could not be reached (${e.message})`));
    return;
  }
  if (!response.ok || !json?.cacheComparison) {
    clear(section).append(h('h2', {}, 'Cached vs fresh'),
      notice('error', `${response.status}: ${json?.error?.message || 'the comparison did not run'}`));
    return;
  }
  const c = json.cacheComparison;
  const run = (title, r, id) => h('div', {class: 'run', id},
    h('h3', {}, title),
    h('p', {class: 'big'}, format.ms(r.latencyMs)),
    h('p', {}, `cache ${r.cacheStatus}${r.skipCache ? ', cf-aig-skip-cache: true' : ''}`));
  clear(section).append(h('h2', {}, 'Cached vs fresh'),
    h('p', {class: 'muted'}, `Through gateway ${json.gateway?.id} on ${json.gateway?.provider} ${json.gateway?.model}. `,
      json.notice || ''),
    h('div', {class: 'grid two'}, run('Cached', c.cached, 'cmp-cached'), run('Fresh', c.skipCache, 'cmp-fresh')),
    faster(c));
}

/** How much faster the cached answer came; slower, said so, when it came later (a fast provider, or noise). */
function faster(c) {
  if (c.latencyDeltaMs > 0 || !(c.speedup > 0)) {
    return h('p', {class: 'big', id: 'cmp-speedup'}, `${format.speedup(c.speedup)} faster from the cache`,
      h('span', {class: 'muted'}, ` (${format.ms(c.latencyDeltaMs)} saved)`));
  }
  return h('p', {class: 'big', id: 'cmp-speedup'}, `${format.speedup(1 / c.speedup)} slower from the cache`,
    h('span', {class: 'muted'}, ` (${format.ms(-c.latencyDeltaMs)} more; this provider answers about as fast as the cache)`));
}
