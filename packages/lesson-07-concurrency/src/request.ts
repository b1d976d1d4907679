/**
 * Takes a request head apart: the request line and the header lines, everything before the
 * blank line.
 *
 *     GET /about.html HTTP/1.1\r\n
 *     Host: localhost:8080\r\n
 *     Connection: keep-alive\r\n
 *     \r\n
 *
 * connection.ts finds where the head ends; this file only reads it. A stranger's nonsense is an
 * everyday event on a network, so a bad head gives back a problem, not an exception.
 */

export interface Request {
  method: string;
  target: string;
  /** `HTTP/1.0` or `HTTP/1.1`: they disagree about keep-alive, see wantsKeepAlive. */
  version: string;
  /** Names in lower case, since `Connection` and `connection` are the same header. */
  headers: Map<string, string>;
}

export type ParsedHead = { ok: true; request: Request } | { ok: false; problem: string };

const REQUEST_LINE = /^([A-Z]+) (\/[\x21-\x7e]*) (HTTP\/1\.[01])$/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;

/** `head` is the text before the blank line, read as latin1 so that every byte stays one char. */
export function parseHead(head: string): ParsedHead {
  const [requestLine = '', ...headerLines] = head.split('\r\n');
  const parts = REQUEST_LINE.exec(requestLine);
  if (!parts) return { ok: false, problem: 'The request line should look like "GET /path HTTP/1.1".' };

  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const header = HEADER_LINE.exec(line);
    if (!header) return { ok: false, problem: 'A header line should look like "Name: value".' };
    const name = (header[1] ?? '').toLowerCase();
    const value = header[2] ?? '';
    const earlier = headers.get(name);
    headers.set(name, earlier === undefined ? value : `${earlier}, ${value}`);
  }
  const [, method = '', target = '', version = ''] = parts;
  return { ok: true, request: { method, target, version, headers } };
}

/**
 * Does the client want the connection kept open after this request? HTTP/1.1 keeps it open
 * unless the client says `Connection: close`. HTTP/1.0 closes it unless the client says
 * `Connection: keep-alive`.
 */
export function wantsKeepAlive(request: Request): boolean {
  const tokens = (request.headers.get('connection') ?? '')
    .toLowerCase()
    .split(',')
    .map((token) => token.trim());
  if (request.version === 'HTTP/1.0') return tokens.includes('keep-alive');
  return !tokens.includes('close');
}

/**
 * Does a body follow the head? This server never reads one, so after such a request it cannot
 * tell where the next request would start, and it closes the connection after answering.
 */
export function hasBody(request: Request): boolean {
  const length = request.headers.get('content-length');
  return request.headers.has('transfer-encoding') || (length !== undefined && length !== '0');
}
