// Times in a page's URL: written as ISO times with the writer's UTC offset, so a shared link means the same
// instants wherever it is opened; read back into the reader's local time for the form's datetime-local fields.
// A time without a zone (links written before times carried one) is read as local time, as it always was.

const TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:\d{2})?$/;

const two = n => String(n).padStart(2, '0');

/** A URL's (or a datetime-local field's) time as a Date, or null when it is not one. */
export function readTime(text) {
  const written = String(text ?? '').trim();
  const parts = TIME.exec(written);
  if (!parts) return null;
  const [, year, month, day, hour, minute, second = '0', fraction = '0', zone] = parts;
  const [y, mo, d, hh, mi, s, ms] = [year, month, day, hour, minute, second, fraction.padEnd(3, '0')].map(Number);
  // What Date would roll over (February 30th, 25 o'clock) is not a time.
  const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (mo < 1 || mo > 12 || d < 1 || d > days || hh > 23 || mi > 59 || s > 59) return null;
  const date = zone ? new Date(Date.parse(written)) : new Date(y, mo - 1, d, hh, mi, s, ms);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A Date as a datetime-local field's value, in this browser's time (seconds only when there are some). */
export function localInput(date) {
  const seconds = date.getSeconds() ? `:${two(date.getSeconds())}` : '';
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}T${two(date.getHours())}:${two(date.getMinutes())}${seconds}`;
}

/** A datetime-local field's value (this browser's time) as a URL carries it, with its UTC offset; null if not a time. */
export function linkTime(value) {
  const date = readTime(value);
  if (!date) return null;
  const offset = -date.getTimezoneOffset();
  const zone = offset === 0 ? 'Z'
    : `${offset > 0 ? '+' : '-'}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
  const millis = date.getMilliseconds() ? `.${String(date.getMilliseconds()).padStart(3, '0')}` : '';
  return `${localInput(date).slice(0, 16)}:${two(date.getSeconds())}${millis}${zone}`;
}

/** This browser's time zone, by name where it has one. */
export function zoneName() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time';
}
