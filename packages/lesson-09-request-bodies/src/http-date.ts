/**
 * The Date header: `Sat, 21 Nov 2026 06:14:12 GMT`, the format HTTP uses for times.
 *
 * Every response carries one, and it only changes once a second. Formatting a date is slow next
 * to everything else a tiny response needs, so we format each second once and reuse the text.
 * (node:http does the same.)
 */
let formattedSecond = -1;
let formatted = '';

export function httpDate(now = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== formattedSecond) {
    formattedSecond = second;
    formatted = new Date(second * 1000).toUTCString();
  }
  return formatted;
}
