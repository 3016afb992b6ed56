// Numbers as people read them: thousands separators, dollars by one rule (below),
// times in the browser's own zone.

const whole = new Intl.NumberFormat(undefined, {maximumFractionDigits: 0});

export function int(value) {
  return value === null || value === undefined ? '—' : whole.format(Number(value));
}

// Costs, one rule everywhere (lists, an entry, totals, tables, chart axes): a dollar and more in cents ($12.35); under a
// dollar, three significant digits, and never fewer than two decimals ($0.50, $0.0197, $0.000713, $0.00127), so a
// fraction of a cent keeps the digits that tell two costs apart and no cost shows more precision than another.
export function dollars(value) {
  if (value === null || value === undefined || value === '') return '—';
  const amount = Number(value);
  if (!Number.isFinite(amount)) return '—';
  if (amount === 0) return '$0.00';
  const size = Math.abs(amount);
  const digits = size >= 1 ? 2 : Math.min(20, Math.max(2, 2 - Math.floor(Math.log10(size))));
  return amount.toLocaleString(undefined, {style: 'currency', currency: 'USD',
    minimumFractionDigits: 2, maximumFractionDigits: digits});
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
