// The dashboard's shell: sign-in, navigation and a hash router (#/view/part?query), so a filtered view
// is a link that can be shared. Each view is its own module, loaded when first opened.
import {h, clear, field, notice} from './dom.js';
import {api, session, onUnauthorized} from './api.js';

const VIEWS = {
  explorer: () => import('./explorer.js'),
  logs: () => import('./logs.js'),
  analytics: () => import('./analytics.js'),
  gateways: () => import('./gateways.js'),
};

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const signOut = document.getElementById('sign-out');
let generation = 0;
let signInMessage = null;
let shown = null;

export function route() {
  const hash = location.hash.startsWith('#/') ? location.hash.slice(2) : 'explorer';
  const [path, query = ''] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decoded);
  return {view: VIEWS[parts[0]] ? parts[0] : 'explorer', parts: parts.slice(1), query: new URLSearchParams(query)};
}

/** A path segment as written, when it is not valid percent-encoding (a hand-edited link). */
function decoded(part) {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** Moves to a view; with replace, the history entry is rewritten (filter changes). */
export function go(view, parts = [], query = new URLSearchParams(), replace = false) {
  const path = [view, ...parts.map(encodeURIComponent)].join('/');
  const text = query.toString();
  const hash = `#/${path}${text ? `?${text}` : ''}`;
  if (location.hash === hash) render();
  else if (replace) {
    history.replaceState(null, '', hash);
    render();
  } else location.hash = hash;
}

/** Whether a render started earlier is still the page being shown (a slow answer must not overwrite). */
export function current(token) {
  return token === generation;
}

async function render() {
  const token = ++generation;
  if (!session.token) {
    showSignIn();
    return;
  }
  nav.hidden = false;
  signOut.hidden = false;
  const {view, parts, query} = route();
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.view === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${view[0].toUpperCase()}${view.slice(1)} · Sluice`;
  // The view is built apart and shown only if it is still the one asked for: a slow answer for a view
  // the user has left (or a sign-in that a 401 brought up) is never drawn over the current page.
  const page = h('div');
  try {
    const module = await VIEWS[view]();
    await module.render(page, {parts, query, token});
  } catch (e) {
    clear(page).append(notice('error', unshown(e)));
  }
  if (!current(token)) return;
  // The same view drawn again (a filter applied with Enter, a page turned): focus stays on the control it was on.
  const again = focusedControl();
  main.replaceChildren(...page.childNodes);
  const place = `${view}/${parts.join('/')}`;
  const control = place === shown && again && main.querySelector(again);
  if (control && !control.disabled && control.tagName !== 'H1') control.focus();
  else if (place !== shown || again) {
    shown = place;
    const heading = main.querySelector('h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }
}

/** Why a view could not be shown; a view's module that could not be loaded is Sluice out of reach, as an API call says. */
function unshown(error) {
  if (error instanceof TypeError && /import|module|fetch/i.test(error.message)) {
    return `Sluice could not be reached (${error.message})`;
  }
  return error.status === 0 ? error.message : `This view could not be shown: ${error.message}`;
}

/** A selector for the control in the view that has focus (by its form and name, or a lasting id); null if none. */
function focusedControl() {
  const el = document.activeElement;
  if (!el || el === main || !main.contains(el)) return null;
  if (el.name && el.form?.id) return `#${CSS.escape(el.form.id)} [name="${CSS.escape(el.name)}"]`;
  if (el.id && !/^f\d+$/.test(el.id)) return `#${CSS.escape(el.id)}`;
  return 'h1';
}

function showSignIn() {
  nav.hidden = true;
  signOut.hidden = true;
  document.title = 'Sign in · Sluice';
  const input = h('input', {type: 'password', name: 'token', autocomplete: 'current-password', required: true});
  const status = h('div', {'aria-live': 'polite'});
  if (signInMessage) status.append(notice('error', signInMessage));
  const form = h('form', {class: 'card narrow', id: 'sign-in'},
    h('h1', {}, 'Sign in'),
    h('p', {class: 'muted'}, 'Paste the admin token Sluice printed when it first started (or SLUICE_ADMIN_TOKEN). ',
      'It stays in this tab only and is sent to Sluice as a bearer token.'),
    field('Admin token', input),
    h('button', {type: 'submit'}, 'Sign in'),
    status);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    session.set(input.value.trim());
    status.replaceChildren(notice('info', 'Checking the token…'));
    try {
      await api('/gateways?per_page=1', {signingIn: true});
      signInMessage = null;
      render();
    } catch (e) {
      session.clear();
      status.replaceChildren(notice('error', e.status === 401 ? 'That token was not accepted.' : e.message));
      input.focus();
    }
  });
  clear(main).append(form);
  input.focus();
}

onUnauthorized(() => {
  session.clear();
  forgetForms();
  shown = null;
  signInMessage = 'Your admin token was not accepted (it may have been changed); sign in again.';
  render();
});

/** What the explorer remembers of its form (a provider key, a gateway token) goes with the session. */
function forgetForms() {
  VIEWS.explorer().then(module => module.forget()).catch(() => {});
}

signOut.addEventListener('click', () => {
  session.clear();
  forgetForms();
  signInMessage = null;
  shown = null;
  render();
});

// Only #/… is a view; another hash (the skip link's #main) moves within the page.
window.addEventListener('hashchange', () => {
  if (location.hash === '' || location.hash.startsWith('#/')) render();
});
render();
