// Building the page from data without ever parsing it as HTML: every string becomes a text node, so a
// logged prompt such as <img src=x onerror=…> shows as the text it is.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name === 'value') el.value = value;
    else if (name === 'checked') el.checked = Boolean(value);
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(el, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/**
 * A select of {@code options}: each a value, or a [value, label] pair; {@code selected} is the chosen value.
 */
export function select(name, options, selected) {
  return h('select', {name}, options.map(option => {
    const [value, label] = Array.isArray(option) ? option : [option, option];
    return h('option', {value, selected: value === selected}, label);
  }));
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

let ids = 0;

/** A labelled form control: the label names it for screen readers, and errors can be shown beside it. */
export function field(label, control, hint) {
  control.id ||= `f${++ids}`;
  const error = h('p', {class: 'field-error', id: `${control.id}-error`, role: 'alert', hidden: true});
  control.setAttribute('aria-describedby', error.id);
  const wrap = h('div', {class: control.type === 'checkbox' ? 'field check' : 'field'});
  const text = h('label', {for: control.id}, label);
  if (control.type === 'checkbox') append(wrap, control, text);
  else append(wrap, text, control);
  if (hint) append(wrap, h('p', {class: 'hint'}, hint));
  append(wrap, error);
  return wrap;
}

export function showFieldError(form, name, message) {
  const control = form.elements.namedItem(name);
  const error = control && document.getElementById(`${control.id}-error`);
  if (!error) return false;
  error.textContent = message;
  error.hidden = false;
  control.setAttribute('aria-invalid', 'true');
  return true;
}

export function clearFieldErrors(form) {
  for (const error of form.querySelectorAll('.field-error')) {
    error.hidden = true;
    error.textContent = '';
  }
  for (const control of form.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
}

/** A status line for errors and notices; errors are announced, never swallowed. */
export function notice(kind, ...text) {
  return h('p', {class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status'}, ...text);
}

export function empty(...text) {
  return h('div', {class: 'empty'}, ...text);
}

/** Long text folded behind a summary, so a 1 MB body does not fill the page. */
export function folded(text, summary, limit = 4000) {
  const pre = h('pre', {class: 'body'}, text);
  if (text.length <= limit) return pre;
  return h('details', {class: 'fold'}, h('summary', {}, `${summary} (${text.length.toLocaleString()} characters)`), pre);
}
