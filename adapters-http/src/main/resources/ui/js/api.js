import {h, select, empty} from './dom.js';

// The dashboard talks to Sluice only through its public HTTP APIs. The admin token lives in this tab's
// session storage and travels as a bearer token, never in a URL.

const TOKEN = 'sluice.adminToken';

export const account = document.querySelector('meta[name="sluice-account"]')?.content || 'local';

export const session = {
  get token() {
    return sessionStorage.getItem(TOKEN);
  },
  set(token) {
    sessionStorage.setItem(TOKEN, token);
  },
  clear() {
    sessionStorage.removeItem(TOKEN);
  },
};

export class ApiError extends Error {
  constructor(status, message, code, errors = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.errors = errors;
  }
}

let unauthorized = () => {};

export function onUnauthorized(handler) {
  unauthorized = handler;
}

export function managementPath(path) {
  return `/client/v4/accounts/${encodeURIComponent(account)}/ai-gateway${path}`;
}

export function gatewayPath(gateway, path = '') {
  return `/v1/${encodeURIComponent(account)}/${encodeURIComponent(gateway)}${path}`;
}

/** Reads an answer's error, whichever envelope it came in: Cloudflare's, OpenAI's or /generate's. */
export function errorOf(status, json, text) {
  // Cloudflare's management API says "errors"; its data plane (and Sluice's) says "error", an array too.
  const errors = json?.errors || (Array.isArray(json?.error) ? json.error : []);
  const message = errors.map(e => e.message).filter(Boolean).join('; ')
    || json?.error?.message || (typeof json?.error === 'string' ? json.error : '')
    || text?.slice(0, 300) || `HTTP ${status}`;
  return new ApiError(status, message, errors[0]?.code ?? json?.error?.code, errors);
}

export function parse(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** A management API call with the admin token; fails with the server's own message. */
export async function api(path, {method = 'GET', body, headers = {}, signingIn = false} = {}) {
  const init = {method, headers: {authorization: `Bearer ${session.token || ''}`, ...headers}};
  if (body !== undefined) {
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(managementPath(path), init);
  } catch (e) {
    throw new ApiError(0, `Sluice could not be reached (${e.message})`);
  }
  const text = await response.text();
  const json = parse(text);
  if (!response.ok || json?.success === false) {
    if (response.status === 401 && !signingIn) unauthorized();
    throw errorOf(response.status, json, text);
  }
  return {result: json?.result, info: json?.result_info, etag: response.headers.get('etag')};
}

/** A stored body as it was sent (text), or null when the log kept none. */
export async function body(path) {
  const response = await fetch(managementPath(path), {headers: {authorization: `Bearer ${session.token || ''}`}});
  if (response.status === 404) return null;
  const text = await response.text();
  if (!response.ok) throw errorOf(response.status, parse(text), text);
  return {text, type: response.headers.get('content-type') || ''};
}

export async function gateways() {
  // Every page: the API gives at most 100 a page, and a view, select or link must reach every gateway.
  const all = [];
  for (let page = 1; ; page++) {
    const {result, info} = await api(`/gateways?per_page=100&page=${page}`);
    all.push(...(result || []));
    if (!result?.length || all.length >= (info?.total_count ?? all.length)) return all;
  }
}

/** The gateway a view opens on when none is named: the default one, else the first. */
export function defaultGateway(list) {
  return (list.find(g => g.is_default) || list[0]).id;
}

/** A select of the gateways, by id. */
export function gatewaySelect(list, selected) {
  return select('gateway', list.map(g => g.id), selected);
}

/** What a view that needs a gateway shows when there is none. */
export function noGateways() {
  return empty('No gateways yet — create one under ', h('a', {href: '#/gateways'}, 'Gateways'), '.');
}
