/**
 * Takes a query string apart: `x=1&y=hello+world` becomes x = "1" and y = "hello world".
 *
 * The query is the part of the target after the first `?`. Browsers write a form's fields there
 * as name=value pairs joined with `&`, with `+` for a space. The same name may come more than
 * once (`?tag=a&tag=b`), so the pairs stay a list, in the order they were sent.
 *
 * URLSearchParams reads the same format, but it lets a broken escape such as `%zz` through as it
 * is. This server refuses it, just as it does in the path, so the two parts follow one rule.
 */
import { decodePercent } from './decode-percent.ts';

export interface Parameter {
  name: string;
  value: string;
}

export type ParsedQuery = { ok: true; parameters: Parameter[] } | { ok: false; problem: string };

export function parseQuery(query: string): ParsedQuery {
  const parameters: Parameter[] = [];
  // `a=1&&b=2` has an empty piece in the middle; like URLSearchParams, we skip it.
  for (const pair of query.split('&').filter((piece) => piece !== '')) {
    const equals = pair.indexOf('=');
    // A name without `=` (`?debug`) is a parameter with an empty value.
    const rawName = equals === -1 ? pair : pair.slice(0, equals);
    const rawValue = equals === -1 ? '' : pair.slice(equals + 1);
    // `+` means a space here, so it is replaced before decoding; a real `+` arrives as %2B.
    const name = decodePercent(rawName.replaceAll('+', ' '));
    const value = decodePercent(rawValue.replaceAll('+', ' '));
    if (!name.ok) return name;
    if (!value.ok) return value;
    parameters.push({ name: name.text, value: value.text });
  }
  return { ok: true, parameters };
}
