// One log entry: its facts, metadata (editable) and ids, the prompt and the answer rendered readably (chat
// messages as messages, JSON pretty-printed, long bodies folded), and feedback that writes back to the log.
import {h, append, field, notice, folded, showFieldError, clearFieldErrors} from './dom.js';
import {api, body, parse} from './api.js';
import {metadataSection} from './log-metadata.js';
import * as format from './format.js';

export async function renderDetail(main, gateway, id) {
  const base = `/gateways/${encodeURIComponent(gateway)}/logs/${encodeURIComponent(id)}`;
  const back = h('p', {}, h('a', {href: `#/logs?gateway=${encodeURIComponent(gateway)}`}, '← All logs of ', gateway));
  let entry;
  try {
    entry = (await api(base)).result;
  } catch (e) {
    const missing = await unread(e, gateway);
    main.append(missing.gateway ? h('p', {}, h('a', {href: '#/logs'}, '← Logs')) : back,
      h('h1', {}, missing.title), notice('error', missing.message));
    return;
  }
  const [request, response] = await Promise.all([
    body(`${base}/request`).catch(e => ({error: e.message})),
    body(`${base}/response`).catch(e => ({error: e.message})),
  ]);
  main.append(back,
    h('h1', {}, `${entry.provider} · ${entry.model || 'no model'}`),
    h('section', {class: 'card', id: 'log-facts'}, facts(entry)),
    feedback(base, entry),
    metadataSection(base, entry),
    h('section', {class: 'card', id: 'log-request'}, h('h2', {}, 'Prompt'), bodyView(request, entry.request_head, 'request')),
    h('section', {class: 'card', id: 'log-response'}, h('h2', {}, 'Answer'), bodyView(response, entry.response_head, 'response')));
}

function facts(e) {
  const rows = [
    ['Time', format.time(e.created_at)],
    ['Status', `${e.status_code ?? '—'}${e.success ? '' : ' (failed)'}`],
    ['Cache', e.cached ? 'hit' : 'not cached'],
    ['Tokens in / out', `${format.int(e.tokens_in)} / ${format.int(e.tokens_out)}${e.tokens_estimated ? ' (estimated)' : ''}`],
    ['Cost', `${format.dollars(e.cost)}${e.custom_cost ? ' (custom)' : ''}`],
    ['Duration', format.ms(e.duration)],
    ['Path', e.path || '—'],
    ['Step / attempt', `${e.step ?? 0} / ${e.attempt ?? '—'}`],
    ['Log id', e.id],
    ['Event id', e.event_id || '—'],
    ['User agent', e.user_agent || '—'],
  ];
  return h('dl', {class: 'facts'}, rows.map(([name, value]) => h('div', {}, h('dt', {}, name), h('dd', {}, value))));
}

/**
 * Why an entry could not be read. The API answers an unknown gateway and an unknown entry alike (404, code 2103),
 * so on a 404 the gateway itself is asked for: if it is missing too, it is the gateway that does not exist.
 */
async function unread(error, gateway) {
  const title = 'Log entry';
  if (error.status !== 404) return {title, message: error.message};
  try {
    await api(`/gateways/${encodeURIComponent(gateway)}`);
  } catch (e) {
    return e.status === 404
      ? {gateway: true, title: 'Gateway not found', message: `The gateway "${gateway}" does not exist (it may have been deleted).`}
      : {title, message: error.message};
  }
  return {title: 'Log entry not found', message: 'This log entry does not exist (it may have been deleted).'};
}

/** What the entry's rating is, in words: neutral (0) is a rating given, apart from none (null). */
const RATINGS = new Map([[1, 'thumbs up'], [-1, 'thumbs down'], [0, 'neutral (0)']]);

function feedback(base, entry) {
  const status = h('div', {'aria-live': 'polite'});
  const state = {feedback: entry.feedback ?? null};
  const up = h('button', {type: 'button', class: 'thumb up', id: 'thumb-up'}, '▲ Thumbs up');
  const down = h('button', {type: 'button', class: 'thumb down', id: 'thumb-down'}, '▼ Thumbs down');
  const rating = h('p', {class: 'feedback-state muted', id: 'feedback-state'});
  const shown = () => {
    up.setAttribute('aria-pressed', String(state.feedback === 1));
    down.setAttribute('aria-pressed', String(state.feedback === -1));
    rating.textContent = `Rated: ${RATINGS.get(state.feedback) ?? 'no feedback'}`;
  };
  shown();
  const score = h('input', {type: 'number', name: 'score', min: 0, max: 100, step: 'any', value: entry.score ?? ''});
  const form = h('form', {class: 'row', novalidate: true}, field('Score (0–100)', score), h('button', {type: 'submit', class: 'secondary'}, 'Save score'));
  const save = async change => {
    clearFieldErrors(form);
    status.replaceChildren();
    try {
      const {result} = await api(base, {method: 'PATCH', body: change});
      if ('feedback' in change) state.feedback = result && 'feedback' in result ? result.feedback : change.feedback;
      shown();
      status.replaceChildren(notice('info', 'feedback' in change ? 'Feedback saved.' : 'Score saved.'));
    } catch (e) {
      status.replaceChildren(notice('error', `Not saved: ${e.message}`));
    }
  };
  // Pressing the pressed thumb again takes the rating away (null, no feedback), not to neutral.
  up.addEventListener('click', () => save({feedback: state.feedback === 1 ? null : 1}));
  down.addEventListener('click', () => save({feedback: state.feedback === -1 ? null : -1}));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const text = score.value.trim();
    // The logs API keeps a score to four decimals (55.5 is one).
    if (score.validity.badInput || (text !== '' && !/^\d+(\.\d{1,4})?$/.test(text)) || (text !== '' && Number(text) > 100)) {
      clearFieldErrors(form);
      status.replaceChildren();
      showFieldError(form, 'score', 'A score is a number from 0 to 100, with at most four decimals (blank for none).');
      score.focus();
      return;
    }
    save({score: text === '' ? null : Number(text)});
  });
  return h('section', {class: 'card', id: 'log-feedback'}, h('h2', {}, 'Feedback'), h('div', {class: 'row'}, up, down, form), rating, status);
}

function bodyView(stored, head, kind) {
  if (stored?.error) return notice('error', `The ${kind} body could not be read: ${stored.error}`);
  const text = stored?.text ?? head;
  if (text === null || text === undefined || text === '') {
    return h('p', {class: 'muted'}, `No ${kind} body was kept (logging of bodies may be off for this request).`);
  }
  const json = parse(text);
  const view = h('div', {class: 'body-view'});
  if (json) {
    let readable = null;
    try {
      readable = kind === 'request' ? messages(json) : answer(json);
    } catch (e) {
      // A body of a shape this view does not know: the JSON below still shows it.
    }
    if (readable) append(view, readable);
    append(view, readable ? folded(JSON.stringify(json, null, 2), 'The whole body as JSON', 0) : folded(JSON.stringify(json, null, 2), 'JSON'));
    return view;
  }
  if (text.includes('data:')) {
    const streamed = streamText(text);
    if (streamed) append(view, h('div', {class: 'message assistant'}, h('span', {class: 'role'}, 'assistant (streamed)'), h('p', {}, streamed)));
    append(view, folded(text, 'The stream as it was sent', streamed ? 0 : 4000));
    return view;
  }
  return folded(text, 'Body');
}

function content(value) {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    return value.map(part => (typeof part?.text === 'string' ? part.text
      : part?.type === 'image_url' || part?.type === 'image' ? '[image]' : JSON.stringify(part))).join('\n');
  }
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

/** One message; a long one folded after its start, so that a 1 MB prompt does not fill the page. */
function message(role, text) {
  const shown = typeof text === 'string' && text.length > MESSAGE_SHOWN
    ? h('p', {}, text.slice(0, MESSAGE_SHOWN), '…', folded(text, 'The whole message', 0)) : h('p', {}, text);
  return h('div', {class: `message ${role}`}, h('span', {class: 'role'}, role), shown);
}

/** How much of a message is shown before the rest is folded. */
const MESSAGE_SHOWN = 4000;

/** What a logged body holds where a list is expected: the list, or none when it is not one (any body can be logged). */
function items(value) {
  return Array.isArray(value) ? value.filter(item => item !== null && typeof item === 'object') : [];
}

function role(value, otherwise) {
  return typeof value === 'string' && /^[a-z_]{1,32}$/.test(value) ? value : otherwise;
}

function parts(value, between) {
  return items(value).map(p => (typeof p.text === 'string' ? p.text : '')).join(between);
}

/** A chat request's messages (OpenAI, Anthropic, Google shapes); null when it has none. */
function messages(json) {
  const list = [];
  if (json.system) list.push(message('system', content(json.system)));
  for (const m of items(json.messages)) list.push(message(role(m.role, 'user'), content(m.content)));
  for (const c of items(json.contents)) {
    const text = parts(c.parts, '\n');
    if (text) list.push(message(role(c.role, 'user'), text));
  }
  if (typeof json.prompt === 'string') list.push(message('user', json.prompt));
  if (typeof json.input === 'string') list.push(message('user', json.input));
  return list.length ? h('div', {class: 'messages'}, list) : null;
}

/** A chat answer's text (OpenAI, Anthropic, Google, Workers AI shapes); null when it has none. */
function answer(json) {
  const texts = [];
  for (const choice of items(json.choices)) texts.push(content(choice.message?.content ?? choice.text));
  if (Array.isArray(json.content)) texts.push(content(json.content));
  for (const c of items(json.candidates)) texts.push(parts(c.content?.parts, ''));
  if (typeof json.result?.response === 'string') texts.push(json.result.response);
  if (typeof json.response === 'string') texts.push(json.response);
  const text = texts.filter(Boolean).join('\n\n');
  return text ? h('div', {class: 'messages'}, message('assistant', text)) : null;
}

function streamText(text) {
  let out = '';
  for (const line of text.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const event = parse(line.slice(5).trim());
    if (!event) continue;
    const piece = Array.isArray(event.choices) ? event.choices[0]?.delta?.content : event.delta?.text ?? event.response;
    if (typeof piece === 'string') out += piece;
  }
  return out;
}
