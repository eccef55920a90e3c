// How numbers from the API are shown. The API has already rounded every rate and change (HALF_UP, 2 places); these
// functions only lay them out and never compute a metric.

const counts = new Intl.NumberFormat(undefined, {maximumFractionDigits: 0});
const twoPlaces = new Intl.NumberFormat(undefined, {minimumFractionDigits: 2, maximumFractionDigits: 2});
const fourPlaces = new Intl.NumberFormat(undefined, {minimumFractionDigits: 4, maximumFractionDigits: 4});

/** A count: 1,234,567. */
export function count(n) {
  return n === null || n === undefined ? '—' : counts.format(n);
}

/** A rate in percent as the API gives it (already rounded), or a dash when it is undefined (null). */
export function percent(p) {
  return p === null || p === undefined ? '—' : `${twoPlaces.format(p)} %`;
}

/** A relative change in percent with its sign: +12.50 %, −3.00 %. */
export function change(p) {
  if (p === null || p === undefined) {
    return '—';
  }
  const sign = p > 0 ? '+' : p < 0 ? '−' : '±';
  return `${sign}${twoPlaces.format(Math.abs(p))} %`;
}

/** A p-value to 4 places, as the API rounds it. */
export function pValue(p) {
  return fourPlaces.format(p);
}

/** A 95 % interval of a rate: 1.20–3.40 %, or nothing when undefined. */
export function interval(ci) {
  return ci ? `${twoPlaces.format(ci.lower)}–${twoPlaces.format(ci.upper)} %` : '';
}

/** An instant as a local date and time. */
export function dateTime(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** A calendar date (yyyy-MM-dd) as the locale writes it, kept in that calendar (no zone shift). */
export function date(isoDate) {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(undefined, {timeZone: 'UTC'});
}
