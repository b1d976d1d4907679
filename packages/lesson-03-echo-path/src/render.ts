/**
 * Writes the description as the body of the answer: plain text for people, JSON for programs.
 *
 * Either way the body is data, never a page. No HTML means no way for a path such as
 * `/<script>...` to run in a browser, and the server's headers say so (see server.ts).
 */
import type { RequestDescription } from './describe-request.ts';

export type Format = 'text' | 'json';

export interface Rendered {
  contentType: string;
  body: string;
}

/** JSON when the client's Accept header lists application/json; text for everyone else. */
export function chooseFormat(accept: string | undefined): Format {
  // Accept is a list such as "text/html, application/json;q=0.9, */*;q=0.8". A complete server
  // would weigh the q= preferences; for us it is enough that application/json is in the list.
  const mediaTypes = (accept ?? '').split(',').map((entry) => (entry.split(';')[0] ?? '').trim().toLowerCase());
  return mediaTypes.includes('application/json') ? 'json' : 'text';
}

/**
 *     Request line: GET /a%20b?x=1&y=2 HTTP/1.1
 *     Method: GET
 *     Path: /a%20b
 *       decoded once: "/a b"
 *     Query: x=1&y=2
 *       "x" = "1"
 *       "y" = "2"
 *     Headers:
 *       Host: localhost:8080
 */
export function renderDescription(description: RequestDescription, format: Format): Rendered {
  const { requestLine, method, rawPath, path, rawQuery, query, headers, notes } = description;
  if (format === 'json') {
    return json({
      requestLine,
      method,
      path: { sent: rawPath, decoded: path },
      query: { sent: rawQuery, parameters: query },
      headers,
      notes,
    });
  }
  // What was sent is visible ASCII (node's parser allows nothing else in a target), so it is
  // shown as it is. Decoded text is quoted, because decoding can produce any character at all.
  const lines = [
    `Request line: ${requestLine}`,
    `Method: ${method}`,
    `Path: ${rawPath}`,
    `  decoded once: ${quote(path)}`,
    `Query: ${rawQuery === null ? '(none)' : rawQuery || '(empty)'}`,
    ...query.map(({ name, value }) => `  ${quote(name)} = ${quote(value)}`),
    'Headers:',
    ...headers.map(({ name, value }) => `  ${name}: ${escapeControls(value)}`),
    ...notes.map((note) => `\nNote: ${note}`),
  ];
  return text(lines);
}

/** The answer for a request we cannot describe, such as a path with a broken percent-escape. */
export function renderProblem(requestLine: string, problem: string, format: Format): Rendered {
  if (format === 'json') return json({ error: problem, requestLine });
  return text(['400 Bad Request', '', problem, '', `Request line: ${requestLine}`]);
}

function text(lines: string[]): Rendered {
  return { contentType: 'text/plain; charset=utf-8', body: `${lines.join('\n')}\n` };
}

function json(value: unknown): Rendered {
  // JSON is UTF-8 by definition (RFC 8259), so its media type takes no charset.
  return { contentType: 'application/json', body: `${escapeWith(JSON.stringify(value, null, 2), LEFT_BY_JSON)}\n` };
}

// Control characters: C0 (below 0x20), DEL (0x7F) and C1 (0x80 to 0x9F). Terminals obey some of
// them, and curl prints our answer straight into a terminal.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
// JSON.stringify escapes C0 itself, but leaves DEL and C1 as they are.
const LEFT_BY_JSON = /[\u007f-\u009f]/g;

/**
 * Decoded text can hold a line break (%0A) that would fake an extra line of this report, or an
 * escape character (%1B) that the terminal would obey. Quoted the way JSON writes strings, each
 * of them becomes visible: \n, \u001b.
 */
function quote(text: string): string {
  return escapeWith(JSON.stringify(text), LEFT_BY_JSON);
}

/** Header values are shown unquoted, as sent; node reads their bytes as Latin-1, so C1 can occur. */
function escapeControls(text: string): string {
  return escapeWith(text, CONTROL);
}

function escapeWith(text: string, pattern: RegExp): string {
  return text.replace(pattern, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
