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
 * The gateway's refusals that come before its log (README, Logs): an unknown gateway or provider, failed gateway
 * authentication, a malformed cf-aig-* header or request, an invalid unified API request; each with the stage that
 * refused it. Refusals by the gateway's limits (2003, 2041) are logged, and so is all that reached a provider.
 */
const NOT_LOGGED = new Map([
  [2001, ['client', 'gateway not found']],
  [2008, ['client', 'unknown provider']],
  [2009, ['auth', 'refused']],
  [2100, ['client', 'invalid header']],
  [2101, ['client', 'invalid request']],
  [2102, ['client', 'body too large']],
  [2108, ['client', 'invalid provider path']],
]);

/** Whether an error answer is the gateway's own refusal before its log (its envelope and internal code say so). */
export function refusedBeforeLog(json) {
  const code = json?.internalCode ?? (Array.isArray(json?.error) ? json.error[0]?.code : undefined);
  return json?.name === 'AiGatewayError' && NOT_LOGGED.has(code);
}

/**
 * Where a request went, from its status, its error's code, the cf-aig-cache-status header and the
 * gateway's settings (whether it asks for a token, whether it has limits).
 */
export function outcome({status, code, cacheStatus, step, gateway, ttl, skipCache, refused}) {
  const states = {client: ['ok', 'sent']};
  const authOn = gateway?.authentication;
  const limitsOn = gateway && (gateway.rate_limiting_limit > 0 || (gateway.limits || []).length > 0
    || (gateway.spend_limits?.rules || gateway.spend_limits || []).length > 0);
  if (status === 0) {
    return {...states, auth: ['fail', 'no answer'], limits: ['idle', ''], cache: ['idle', ''], provider: ['idle', ''], back: ['fail', 'unreachable']};
  }
  const stopped = {limits: ['idle', ''], cache: ['idle', ''], provider: ['idle', ''], back: ['fail', `${status} not logged`]};
  if (code === 2009) return {...states, auth: ['fail', `${status} refused`], ...stopped};
  states.auth = authOn ? ['ok', 'token accepted'] : ['skip', 'not required'];
  if (refused && NOT_LOGGED.has(code)) {
    const [, why] = NOT_LOGGED.get(code);
    // Refused as it arrived: the request itself (its gateway, provider, headers or body), before any later stage.
    return {client: ['fail', `${status} ${why}`], auth: code === 2001 ? ['idle', ''] : states.auth, ...stopped};
  }
  if (status === 429 && (code === 2003 || code === 2041)) {
    return {...states, limits: ['fail', code === 2041 ? '429 spend limit' : '429 rate limited'], cache: ['idle', ''], provider: ['idle', ''], back: ['fail', '429']};
  }
  states.limits = limitsOn ? ['ok', 'within limits'] : ['skip', 'no limits set'];
  const cache = (cacheStatus || '').toUpperCase();
  if (cache === 'HIT') {
    return {...states, cache: ['ok', 'hit'], provider: ['skip', 'skipped: cache hit'], back: [status < 400 ? 'ok' : 'fail', `${status}`]};
  }
  // A gateway without caching (cache_ttl 0, and no TTL sent) still answers MISS: the cache was skipped, not asked.
  const ttlSent = ttl !== undefined && ttl !== null && ttl !== '';
  const cacheOn = ttlSent ? Number(ttl) > 0 : Number(gateway?.cache_ttl) > 0;
  if (skipCache) states.cache = ['skip', 'skipped (skip-cache)'];
  else if (!cacheOn) states.cache = ['skip', 'caching off'];
  else states.cache = cache === 'MISS' ? ['ok', 'miss'] : ['skip', cache ? cache.toLowerCase() : 'not used'];
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
