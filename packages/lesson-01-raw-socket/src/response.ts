/**
 * Builds the bytes of an HTTP response:
 *
 *     HTTP/1.1 200 OK\r\n                          status line
 *     Content-Type: text/html; charset=utf-8\r\n   headers, one per line
 *     Content-Length: 312\r\n
 *     Connection: close\r\n
 *     \r\n                                         blank line: the head ends here
 *     <!doctype html>...                           body: exactly Content-Length bytes
 *
 * Every line ends with \r\n (CR LF), not just \n: that is what HTTP says, and strict clients
 * reject anything else.
 */

const CRLF = '\r\n';

const REASON_PHRASES = {
  200: 'OK',
  400: 'Bad Request',
  431: 'Request Header Fields Too Large',
} as const;

export type Status = keyof typeof REASON_PHRASES;

export interface ResponseOptions {
  /** False for a HEAD request: same head, no body. */
  withBody?: boolean;
}

export function buildResponse(status: Status, html: string, { withBody = true }: ResponseOptions = {}): Buffer {
  const head =
    `HTTP/1.1 ${status} ${REASON_PHRASES[status]}` +
    CRLF +
    'Content-Type: text/html; charset=utf-8' +
    CRLF +
    // Bytes, not characters: "→" is one character but three bytes in UTF-8. A client that trusts
    // a character count would stop reading early or wait for bytes that never come.
    `Content-Length: ${Buffer.byteLength(html, 'utf8')}` +
    CRLF +
    // We hang up after every answer. Saying so lets the client know it needs a new connection
    // for its next request instead of trying to reuse this one.
    'Connection: close' +
    CRLF +
    CRLF;
  return Buffer.from(withBody ? head + html : head, 'utf8');
}
