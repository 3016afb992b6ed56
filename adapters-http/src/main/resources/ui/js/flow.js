// The explorer's diagram of the gateway's stages, lit from what the answer said: green where the request
// passed, amber where a stage was skipped (a cache hit skips the provider), red where it stopped.
import {h} from './dom.js';

const STAGES = [
  ['client', 'Client'],
  ['auth', 'Authentication'],
  ['limits', 'Rate limit'],
  ['cache', 'Cache'],
  ['provider', 'Provider'],
  ['back', 'Response'],
];

export function flowDiagram() {
  const items = STAGES.map(([id, label]) => h('li', {class: 'stage', dataset: {stage: id, state: 'idle'}},
    h('span', {class: 'stage-name'}, label), h('span', {class: 'stage-note'}, '')));
  const list = h('ol', {class: 'flow', 'aria-label': 'The request through the gateway'}, items);
  return {
    element: list,
    set(states) {
      for (const item of items) {
        const [state, note] = states[item.dataset.stage] || ['idle', ''];
        item.dataset.state = state;
        item.querySelector('.stage-note').textContent = note;
        item.title = `${item.querySelector('.stage-name').textContent}: ${note || state}`;
      }
    },
  };
}

export function pending() {
  const waiting = ['run', 'waiting'];
  return {client: ['ok', 'sent'], auth: waiting, limits: waiting, cache: waiting, provider: waiting, back: waiting};
}

/**
 * Where a request went, from its status, its error's code, the cf-aig-cache-status header and the
 * gateway's settings (whether it asks for a token, whether it has limits).
 */
export function outcome({status, code, cacheStatus, step, gateway}) {
  const states = {client: ['ok', 'sent']};
  const authOn = gateway?.authentication;
  const limitsOn = gateway && (gateway.rate_limiting_limit > 0 || (gateway.limits || []).length > 0
    || (gateway.spend_limits?.rules || gateway.spend_limits || []).length > 0);
  if (status === 0) {
    return {...states, auth: ['fail', 'no answer'], limits: ['idle', ''], cache: ['idle', ''], provider: ['idle', ''], back: ['fail', 'unreachable']};
  }
  if (code === 2009) {
    return {...states, auth: ['fail', `${status} refused`], limits: ['idle', ''], cache: ['idle', ''], provider: ['idle', ''], back: ['fail', `${status}`]};
  }
  states.auth = authOn ? ['ok', 'token accepted'] : ['skip', 'not required'];
  if (status === 429 && (code === 2003 || code === 2041)) {
    return {...states, limits: ['fail', code === 2041 ? '429 spend limit' : '429 rate limited'], cache: ['idle', ''], provider: ['idle', ''], back: ['fail', '429']};
  }
  states.limits = limitsOn ? ['ok', 'within limits'] : ['skip', 'no limits set'];
  const cache = (cacheStatus || '').toUpperCase();
  if (cache === 'HIT') {
    return {...states, cache: ['ok', 'hit'], provider: ['skip', 'skipped: cache hit'], back: [status < 400 ? 'ok' : 'fail', `${status}`]};
  }
  states.cache = cache === 'MISS' ? ['ok', 'miss'] : ['skip', cache ? cache.toLowerCase() : 'not used'];
  const where = step === null || step === undefined || step === '' ? ''
    : Number(step) > 0 ? ` via fallback (step ${step})` : ` (step ${step})`;
  if (status >= 400) {
    const before = code && code >= 2000 && code < 3000 && status < 500 && status !== 429;
    if (before) {
      return {...states, cache: ['idle', ''], provider: ['fail', `${status} refused by the gateway`], back: ['fail', `${status}`]};
    }
    return {...states, provider: ['fail', `${status} provider error${where}`], back: ['fail', `${status}`]};
  }
  return {...states, provider: ['ok', `${status}${where}`], back: ['ok', `${status}`]};
}
