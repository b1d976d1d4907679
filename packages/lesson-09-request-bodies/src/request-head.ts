/**
 * The grammar of the head: the request line, then the header lines, each checked byte by byte in
 * one pass.
 *
 *     GET /search?q=happy HTTP/1.1\r\n        method SP target SP version
 *     Host: example.test\r\n                  Name: value
 *     Accept: text/html\r\n
 *     \r\n
 *
 * parser.ts finds the lines; these functions get the bytes of one line, without its "\r\n", and
 * say what it holds or what is wrong with it. They are strict on purpose: wherever two parsers
 * could read a line differently, a proxy and the server behind it can be made to see different
 * requests.
 */
import type { RequestHeaders } from './headers.ts';
import { ProtocolError, targetTooLong } from './protocol-error.ts';

export type HttpVersion = 'HTTP/1.0' | 'HTTP/1.1';

export interface RequestLine {
  method: string;
  /** The path and query, exactly as sent: `/search?q=happy`. */
  target: string;
  version: HttpVersion;
}

const SP = 0x20;
const HT = 0x09;
const SLASH = 0x2f;
const COLON = 0x3a;

// Which bytes may appear where. A table lookup per byte is the cheapest check there is, and it
// reads like the grammar: HTTP calls the characters of a method or header name a "token".
const TOKEN = byteTable("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
// A target is visible ASCII: clients percent-encode everything else (a space is %20).
const TARGET = byteTable((byte) => byte > 0x20 && byte < 0x7f);
// A header value may also hold spaces, tabs and bytes above 0x7f; never CR, LF, NUL or other
// control bytes. A CR or LF inside a value is how header injection and request smuggling start.
const FIELD_VALUE = byteTable((byte) => byte === HT || (byte >= 0x20 && byte !== 0x7f));

/** `METHOD SP target SP HTTP/x.y`, the line `bytes[start]` up to `bytes[end]`. */
export function parseRequestLine(bytes: Buffer, start: number, end: number, maxTargetBytes: number): RequestLine | ProtocolError {
  let i = start;
  while (i < end && TOKEN[bytes[i]!]) i++;
  if (i === start || i === end || bytes[i] !== SP) return badRequestLine();
  const method = bytes.toString('latin1', start, i);

  const targetStart = ++i;
  while (i < end && TARGET[bytes[i]!]) i++;
  if (i - targetStart > maxTargetBytes) return targetTooLong(maxTargetBytes);
  if (i === targetStart) return badRequestLine();
  if (bytes[targetStart] !== SLASH) {
    return new ProtocolError(400, 'ERR_BAD_TARGET', 'The target should be a path that starts with "/", like /hello.');
  }
  // "GET /" and nothing more is how HTTP/0.9, the first HTTP of 1991, asked for a page.
  if (i === end) {
    return new ProtocolError(505, 'ERR_VERSION_NOT_SUPPORTED', 'The request line has no HTTP version, as in HTTP/0.9. This server speaks HTTP/1.0 and HTTP/1.1.');
  }
  if (bytes[i] !== SP) {
    return new ProtocolError(400, 'ERR_BAD_TARGET', 'The target may hold only visible characters; percent-encode the rest (a space is %20).');
  }
  const target = bytes.toString('latin1', targetStart, i);

  const version = bytes.toString('latin1', i + 1, end);
  if (version === 'HTTP/1.1' || version === 'HTTP/1.0') return { method, target, version };
  if (isVersionShaped(version)) {
    return new ProtocolError(505, 'ERR_VERSION_NOT_SUPPORTED', `This server speaks HTTP/1.0 and HTTP/1.1, not ${version}.`);
  }
  return badRequestLine();
}

/** `Name: value`: a token, a colon, optional spaces, the value, optional spaces. Adds it to `headers`. */
export function parseHeaderLine(bytes: Buffer, start: number, end: number, headers: RequestHeaders): ProtocolError | undefined {
  // A line starting with a space once continued the header above it ("line folding"). HTTP/1.1
  // dropped that: two parsers that disagree on it see different headers.
  if (bytes[start] === SP || bytes[start] === HT) {
    return new ProtocolError(400, 'ERR_BAD_HEADER', 'A header line may not start with a space (old-style line folding is not allowed).');
  }
  let colon = start;
  while (colon < end && TOKEN[bytes[colon]!]) colon++;
  // "Content-Length : 5" has a space before its colon. Some parsers drop the space and some keep
  // it in the name; a request read differently by a proxy and by us is a smuggled request.
  if (colon === start || colon === end || bytes[colon] !== COLON) {
    return new ProtocolError(400, 'ERR_BAD_HEADER', 'Each header line must be "Name: value", with no space before the colon.');
  }
  let valueStart = colon + 1;
  let valueEnd = end;
  while (valueStart < valueEnd && (bytes[valueStart] === SP || bytes[valueStart] === HT)) valueStart++;
  while (valueEnd > valueStart && (bytes[valueEnd - 1] === SP || bytes[valueEnd - 1] === HT)) valueEnd--;
  for (let i = valueStart; i < valueEnd; i++) {
    if (!FIELD_VALUE[bytes[i]!]) {
      return new ProtocolError(400, 'ERR_BAD_HEADER', 'A header value may not hold control characters.');
    }
  }
  const name = bytes.toString('latin1', start, colon);
  const value = bytes.toString('latin1', valueStart, valueEnd);
  return addHeader(headers, name, value);
}

/** A repeated header keeps each of its values (headers.ts); for two of them, that is one too many. */
function addHeader(headers: RequestHeaders, name: string, value: string): ProtocolError | undefined {
  // Two of these are not a list but a contradiction: which host, which length? We refuse
  // rather than pick one, because whoever forwarded the request to us may have picked the other.
  const lower = name.toLowerCase();
  if (lower === 'host' && headers.has(lower)) {
    return new ProtocolError(400, 'ERR_HOST_REPEATED', 'A request must have exactly one Host header; this one has several.');
  }
  if (lower === 'content-length' && headers.has(lower)) {
    return new ProtocolError(400, 'ERR_CONTENT_LENGTH_REPEATED', 'A request must not have more than one Content-Length header.');
  }
  headers.add(name, value);
  return undefined;
}

/** `HTTP/` + digit + `.` + digit. */
function isVersionShaped(text: string): boolean {
  const isDigit = (index: number) => text.charCodeAt(index) >= 0x30 && text.charCodeAt(index) <= 0x39;
  return text.length === 8 && text.startsWith('HTTP/') && isDigit(5) && text[6] === '.' && isDigit(7);
}

function byteTable(allowed: string | ((byte: number) => boolean)): Uint8Array {
  const table = new Uint8Array(256);
  for (let byte = 0; byte < 256; byte++) {
    const ok = typeof allowed === 'string' ? allowed.includes(String.fromCharCode(byte)) : allowed(byte);
    table[byte] = ok ? 1 : 0;
  }
  return table;
}

function badRequestLine(): ProtocolError {
  return new ProtocolError(400, 'ERR_BAD_REQUEST_LINE', 'The request line should be a method, a path and a version, separated by single spaces, like "GET /hello HTTP/1.1".');
}
