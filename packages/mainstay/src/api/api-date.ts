const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * The API's date format: moment's `HH:mm:ss L z` in UTC (`L` = `MM/DD/YYYY` in the default locale),
 * e.g. `00:39:09 11/27/2019 UTC`. `ms` is milliseconds since the epoch.
 */
export function formatApiDate(ms: number): string {
  const d = new Date(ms);
  const time = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
  const date = `${pad2(d.getUTCMonth() + 1)}/${pad2(d.getUTCDate())}/${String(d.getUTCFullYear()).padStart(4, '0')}`;
  return `${time} ${date} UTC`;
}

/**
 * The free tier's "day" of a submission: the original stores `new Date().toLocaleDateString()` (server
 * locale and zone, e.g. `3/14/2024`); we use that en-US form in UTC so the limit does not depend on
 * the machine's locale or time zone.
 */
export function submissionDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
}
