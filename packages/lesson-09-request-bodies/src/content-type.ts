/**
 * A media type with its parameters, read by hand:
 *
 *     text/plain; charset=utf-8            type "text/plain", charset "utf-8"
 *     Multipart/Form-Data; boundary="a b"  type "multipart/form-data", boundary "a b"
 *     text/*;q=0.8                         an item of Accept: type "text/*", q "0.8"
 *
 * The grammar is small: a type, "/", a subtype, then any number of `; name=value`, where a value
 * is a plain word or a "quoted string" (in which \" is a quote). Types and parameter names are
 * case-insensitive, so they come out in lower case; values come out as sent, quotes removed.
 *
 * Comparing the whole header with `=== 'text/plain'` is the mistake this file is for: a client that
 * adds `; charset=utf-8`, or writes `Text/Plain`, means the same type and would be refused.
 */
export interface MediaType {
  /** `type/subtype`, lower case: `text/plain`. */
  type: string;
  /** Parameter name (lower case) to value. The first of a repeated name wins. */
  parameters: Map<string, string>;
}

const TOKEN_CHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** The media type in `text`, or undefined when it does not follow the grammar. */
export function parseMediaType(text: string): MediaType | undefined {
  let i = 0;
  const token = (): string => {
    const start = i;
    while (i < text.length && TOKEN_CHARS.includes(text[i]!)) i++;
    return text.slice(start, i);
  };
  const skipSpaces = (): void => {
    while (text[i] === ' ' || text[i] === '\t') i++;
  };
  const quotedString = (): string | undefined => {
    let value = '';
    for (i++; i < text.length; i++) {
      if (text[i] === '"') {
        i++;
        return value;
      }
      if (text[i] === '\\') i++;
      value += text[i] ?? '';
    }
    return undefined; // no closing quote
  };

  skipSpaces();
  const type = token();
  if (type === '' || text[i] !== '/') return undefined;
  i++;
  const subtype = token();
  if (subtype === '') return undefined;
  const parameters = new Map<string, string>();
  for (;;) {
    skipSpaces();
    if (i === text.length) return { type: `${type}/${subtype}`.toLowerCase(), parameters };
    if (text[i] !== ';') return undefined;
    i++;
    skipSpaces();
    // `text/plain;` and `a/b;;c=d` have empty parameters, which the grammar allows.
    if (i === text.length || text[i] === ';') continue;
    const name = token().toLowerCase();
    if (name === '' || text[i] !== '=') return undefined;
    i++;
    const value = text[i] === '"' ? quotedString() : token() || undefined;
    if (value === undefined) return undefined;
    if (!parameters.has(name)) parameters.set(name, value);
  }
}
