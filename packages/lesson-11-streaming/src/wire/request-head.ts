/**
 * Reads the head of a request for the two servers of this lesson that are written on node:net.
 *
 * Lesson 6 built a strict parser byte by byte; this is a shorter one with the same rules, because
 * the lesson is about the response, not the request. It takes the head as text, without the blank
 * line that ends it:
 *
 *     GET /countdown?from=5 HTTP/1.1\r\n
 *     Host: 127.0.0.1:8080
 *
 * and says what it asks for, or which 4xx/5xx answers it.
 */

export type HttpVersion = 'HTTP/1.0' | 'HTTP/1.1';

export interface RequestHead {
  method: string;
  /** The path and query exactly as sent: `/countdown?from=5`. */
  target: string;
  version: HttpVersion;
  /** Names in lower case. A name sent twice keeps its values joined with ", ". */
  headers: Record<string, string>;
}

export type HeadResult = { ok: true; head: RequestHead } | { ok: false; status: 400 | 505; reason: string };

/** No sensible head is longer; a client that sends more without a blank line gets 431. */
export const MAX_HEAD_BYTES = 8 * 1024;

// A method or header name is a "token"; a target is visible ASCII; a value is anything but control bytes.
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) (\/[\x21-\x7e]*) (HTTP\/\d\.\d)$/;
const HEADER_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*([^\x00-\x08\x0a-\x1f\x7f]*?)[ \t]*$/;

export function parseRequestHead(text: string): HeadResult {
  const [requestLine = '', ...headerLines] = text.split('\r\n');
  const line = REQUEST_LINE.exec(requestLine);
  if (!line) return { ok: false, status: 400, reason: 'The request line should look like "GET /countdown HTTP/1.1".' };
  const [, method = '', target = '', version = ''] = line;
  if (version !== 'HTTP/1.0' && version !== 'HTTP/1.1') return { ok: false, status: 505, reason: `This server speaks HTTP/1.0 and HTTP/1.1, not ${version}.` };

  // No prototype: a header called "__proto__" is then just a header.
  const headers = Object.create(null) as Record<string, string>;
  for (const headerLine of headerLines) {
    const header = HEADER_LINE.exec(headerLine);
    if (!header) return { ok: false, status: 400, reason: `This header line is not "Name: value": ${JSON.stringify(headerLine.slice(0, 60))}.` };
    const name = (header[1] ?? '').toLowerCase();
    const value = header[2] ?? '';
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return { ok: true, head: { method, target, version, headers } };
}

/**
 * HTTP/1.1 keeps the connection open unless the client asks to close it. HTTP/1.0 closed after
 * every response; its later "Connection: keep-alive" is not taken up here, so one rule is enough.
 */
export function wantsToClose(head: RequestHead): boolean {
  if (head.version === 'HTTP/1.0') return true;
  const connection = (head.headers.connection ?? '').toLowerCase();
  return connection.split(',').some((option) => option.trim() === 'close');
}
