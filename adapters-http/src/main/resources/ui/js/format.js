// Numbers as people read them: thousands separators, dollars with the digits a fraction of a cent needs,
// times in the browser's own zone.

const whole = new Intl.NumberFormat(undefined, {maximumFractionDigits: 0});

export function int(value) {
  return value === null || value === undefined ? '—' : whole.format(Number(value));
}

export function dollars(value) {
  if (value === null || value === undefined || value === '') return '—';
  const amount = Number(value);
  if (amount === 0) return '$0.00';
  const size = Math.abs(amount);
  const digits = size >= 1 ? 2 : size >= 0.01 ? 4 : size >= 0.0001 ? 6 : 10;
  return amount.toLocaleString(undefined, {style: 'currency', currency: 'USD',
    minimumFractionDigits: Math.min(digits, 2), maximumFractionDigits: digits});
}

// Milliseconds with the decimals that carry information: two under 10 ms, one under 100, none above, and
// never trailing zeros (a logged duration is whole milliseconds: 8 ms, not 8.00 ms).
const millis = [2, 1, 0].map(digits => new Intl.NumberFormat(undefined, {maximumFractionDigits: digits}));

export function ms(value) {
  if (value === null || value === undefined || value === '') return '—';
  const n = Number(value);
  if (!Number.isFinite(n)) return '—';
  const size = Math.abs(n);
  if (size > 0 && size < 0.005) return `< ${millis[0].format(0.01)} ms`;
  return `${millis[size < 10 ? 0 : size < 100 ? 1 : 2].format(n)} ms`;
}

export function ratio(value) {
  return value === null || value === undefined ? '—' : `${(Number(value) * 100).toFixed(1)}%`;
}

export function time(iso) {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso)
    : date.toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'medium'});
}

export function speedup(value) {
  return value === null || value === undefined ? '—' : `${Number(value).toLocaleString(undefined, {maximumFractionDigits: 1})}×`;
}
