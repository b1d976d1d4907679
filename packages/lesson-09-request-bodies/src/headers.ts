/**
 * The request's headers, looked up by name the way HTTP means them.
 *
 *     Host: 127.0.0.1:8080
 *     user-agent: curl/8.5.0                 names are case-insensitive: this is User-Agent
 *     Accept: text/html, text/*;q=0.8        a list: two items, split at the comma
 *     X-Tag: red
 *     X-Tag: blue                            repeated: both values are kept, in order
 *
 * Lesson 6 kept a plain object and joined a repeated header's values with ", ". That is right for
 * lists like Accept, where two lines mean the same as one line with a comma, and wrong for the
 * rest: `User-Agent: Mozilla/5.0 (X11, Linux)` has a comma that separates nothing. So this keeps
 * every line as it came, and the handler asks for what it needs:
 *
 *     headers.get('user-agent')     one value, as the client wrote it (lines joined with ", ")
 *     headers.getAll('x-tag')       ['red', 'blue']: one value per line
 *     headers.list('accept')        ['text/html', 'text/*;q=0.8']: the items of a list header
 *
 * A Map, not an object: a header called `__proto__` or `constructor` is then just a header.
 */
export interface HeaderLine {
  /** The name as the client spelled it: `content-type`, `Content-Type`, `CONTENT-TYPE`. */
  name: string;
  value: string;
}

export class RequestHeaders {
  /** Every header line, in the order it arrived. */
  readonly lines: HeaderLine[] = [];
  /** Lower-case name to the value of each line with that name. */
  private readonly byName = new Map<string, string[]>();

  add(name: string, value: string): void {
    this.lines.push({ name, value });
    const key = name.toLowerCase();
    const values = this.byName.get(key);
    if (values === undefined) this.byName.set(key, [value]);
    else values.push(value);
  }

  has(name: string): boolean {
    return this.byName.has(name.toLowerCase());
  }

  /** One value per line with this name, in order; [] when there is none. */
  getAll(name: string): string[] {
    return [...(this.byName.get(name.toLowerCase()) ?? [])];
  }

  /** The header's value; several lines are joined with ", " (what HTTP says they mean for a list). */
  get(name: string): string | undefined {
    return this.byName.get(name.toLowerCase())?.join(', ');
  }

  /**
   * The items of a list header (Accept, Accept-Encoding, Connection...), from every line with this
   * name: split at each comma that is not inside "quotes", spaces trimmed, empty items dropped.
   */
  list(name: string): string[] {
    return this.getAll(name).flatMap(splitList);
  }
}

function splitList(value: string): string[] {
  const items: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const char = value[i];
    if (quoted && char === '\\')
      i++; // "a \" quote" : the escaped character is skipped
    else if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      items.push(value.slice(start, i));
      start = i + 1;
    }
  }
  items.push(value.slice(start));
  return items.map((item) => item.trim()).filter((item) => item !== '');
}
