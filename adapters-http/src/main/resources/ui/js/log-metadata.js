// A log entry's metadata: shown as key/value rows and edited in place (add, change, remove a key), then saved
// with the logs API's PATCH, which replaces the entry's whole metadata. The form refuses what it can tell is
// wrong (a key without a name, a key twice, a number that is not one) before sending; what the API refuses (too
// many keys, a value too long, a reserved key) is shown in the API's words. What was saved is shown back.
import {h, clear, notice, select} from './dom.js';
import {api, parse} from './api.js';

const TYPES = [['string', 'text'], ['number', 'number'], ['boolean', 'true / false']];
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** The metadata card of the entry at {@code base} (its API path). */
export function metadataSection(base, entry) {
  const section = h('section', {class: 'card', id: 'log-metadata'});
  const status = h('div', {id: 'metadata-status', 'aria-live': 'polite'});
  const show = (rows, message) => {
    const edit = h('button', {type: 'button', class: 'secondary', id: 'edit-metadata', onclick: () => editing(rows)}, 'Edit metadata');
    clear(section).append(h('h2', {}, 'Metadata'), view(rows), h('div', {class: 'row actions'}, edit), status);
    status.replaceChildren(...(message ? [notice('info', message)] : []));
    return edit;
  };
  const editing = rows => {
    status.replaceChildren();
    const form = editor(rows, status, {
      save: async metadata => show(rowsOf((await api(base, {method: 'PATCH', body: {metadata}})).result?.metadata), 'Metadata saved.').focus(),
      cancel: () => show(rows).focus(),
    });
    clear(section).append(h('h2', {}, 'Metadata'), form, status);
    (form.querySelector('input') || form.querySelector('#add-metadata')).focus();
  };
  show(rowsOf(entry.metadata));
  return section;
}

/** The API's metadata (a JSON text, or an object) as rows of key, type and value as text. */
function rowsOf(metadata) {
  const values = typeof metadata === 'string' ? parse(metadata) : metadata;
  if (!values || typeof values !== 'object' || Array.isArray(values)) return [];
  return Object.entries(values).map(([key, value]) => ({
    key,
    type: typeof value === 'number' || typeof value === 'boolean' ? typeof value : 'string',
    value: typeof value === 'string' ? value : JSON.stringify(value),
  }));
}

function view(rows) {
  if (rows.length === 0) {
    return h('p', {class: 'muted'}, 'None. Send cf-aig-metadata with a request to tag it, or add keys here.');
  }
  return h('table', {class: 'kv'}, h('tbody', {}, rows.map(({key, value}) =>
    h('tr', {}, h('th', {scope: 'row', title: key}, key), h('td', {title: value}, value)))));
}

function editor(rows, status, {save, cancel}) {
  const body = h('tbody', {}, rows.map(row));
  const submit = h('button', {type: 'submit', id: 'save-metadata'}, 'Save metadata');
  const add = () => {
    const added = row();
    body.append(added);
    added.querySelector('input').focus();
  };
  const form = h('form', {id: 'metadata-form', novalidate: true},
    h('div', {class: 'table-wrap'}, h('table', {class: 'kv-edit'},
      h('thead', {}, h('tr', {}, ['Key', 'Type', 'Value', ''].map(name => h('th', {scope: 'col'}, name)))), body)),
    h('p', {class: 'hint'}, 'Saving replaces the entry\'s metadata with these keys. A value is text, a number or true / false.'),
    h('div', {class: 'row actions'},
      h('button', {type: 'button', class: 'secondary', id: 'add-metadata', onclick: add}, 'Add a key'),
      submit,
      h('button', {type: 'button', class: 'secondary', id: 'cancel-metadata', onclick: cancel}, 'Cancel')));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const {metadata, problem} = read(body);
    if (problem) {
      status.replaceChildren(notice('error', `Not saved: ${problem.message}`));
      problem.control.focus();
      return;
    }
    submit.disabled = true;
    status.replaceChildren(notice('info', 'Saving…'));
    try {
      await save(metadata);
    } catch (e) {
      status.replaceChildren(notice('error', `Not saved: ${e.message}`));
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function row({key = '', type = 'string', value = ''} = {}) {
  const kind = select('meta-type', TYPES, type);
  kind.setAttribute('aria-label', 'Type');
  const input = h('input', {name: 'meta-value', value, 'aria-label': 'Value', autocomplete: 'off'});
  const hint = () => input.setAttribute('placeholder', kind.value === 'boolean' ? 'true or false' : kind.value === 'number' ? '42' : '');
  kind.addEventListener('change', hint);
  hint();
  const tr = h('tr', {},
    h('td', {}, h('input', {name: 'meta-key', value: key, 'aria-label': 'Key', autocomplete: 'off'})),
    h('td', {}, kind),
    h('td', {}, input));
  // Focus goes on to the next row's Remove (or the previous row's, or Add), never back to the page's start.
  const remove = () => {
    const next = tr.nextElementSibling || tr.previousElementSibling;
    const form = tr.closest('form');
    tr.remove();
    (next?.querySelector('button.remove-metadata') || form?.querySelector('#add-metadata'))?.focus();
  };
  tr.append(h('td', {}, h('button', {type: 'button', class: 'secondary small remove-metadata', onclick: remove}, 'Remove')));
  return tr;
}

/** The rows as the metadata object to send (null when there are none), or the first problem found in them. */
function read(body) {
  const values = new Map();
  for (const control of body.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  const rows = [...body.rows];
  for (const [index, tr] of rows.entries()) {
    const [key, kind, input] = ['meta-key', 'meta-type', 'meta-value'].map(name => tr.querySelector(`[name="${name}"]`));
    const problem = check(key, kind, input, index, values);
    if (problem) {
      problem.control.setAttribute('aria-invalid', 'true');
      return {problem};
    }
    values.set(key.value, typed(kind.value, input.value));
  }
  return {metadata: values.size ? Object.fromEntries(values) : null};
}

function check(key, kind, input, index, values) {
  const name = key.value;
  if (name.trim() === '') {
    return {control: key, message: `row ${index + 1} has no name; give its key a name or remove the row.`};
  }
  if (values.has(name)) return {control: key, message: `the key "${name}" is there twice; a key takes one value.`};
  if (typed(kind.value, input.value) !== undefined) return null;
  return {control: input, message: kind.value === 'number'
    ? `the value of "${name}" is not a number; write it as 42, -3.5 or 1e6.`
    : `the value of "${name}" is neither true nor false.`};
}

/** A row's value as its type; undefined when the text is not one. */
function typed(type, text) {
  const plain = text.trim();
  if (type === 'number') return NUMBER.test(plain) && Number.isFinite(Number(plain)) ? Number(plain) : undefined;
  if (type === 'boolean') return {true: true, false: false}[plain.toLowerCase()];
  return text;
}
