/**
 * The parser on its own: exact bytes in, requests or errors out. No sockets, so every way of
 * cutting the bytes into pieces can be tried.
 */
import { describe, expect, test } from 'vitest';
import { RequestParser, type ParserLimits, type Request } from '../src/parser.ts';
import { ProtocolError } from '../src/protocol-error.ts';

const LIMITS: ParserLimits = { maxTargetBytes: 64, maxHeadBytes: 256, maxBodyBytes: 100 };

/** Feeds the pieces one by one and collects everything the parser hands out. */
function parse(pieces: string[], limits = LIMITS): Array<Request | ProtocolError> {
  const parser = new RequestParser(limits);
  const out: Array<Request | ProtocolError> = [];
  for (const piece of pieces) {
    parser.push(Buffer.from(piece, 'latin1'));
    for (let item = parser.next(); item; item = parser.next()) out.push(item);
  }
  return out;
}

/** The one request the pieces hold; fails on anything else. */
function parseOne(...pieces: string[]): Request {
  const out = parse(pieces);
  expect(out).toHaveLength(1);
  const [request] = out;
  if (!request || request instanceof ProtocolError) throw new Error(`expected a request, got ${JSON.stringify(request)}`);
  return request;
}

function parseError(...pieces: string[]): ProtocolError {
  const out = parse(pieces);
  const last = out.at(-1);
  if (!(last instanceof ProtocolError)) throw new Error(`expected an error, got ${JSON.stringify(out)}`);
  return last;
}

const GET = 'GET /hello?x=1 HTTP/1.1\r\nHost: example.test\r\nAccept: */*\r\n\r\n';

describe('a well-formed request', () => {
  test('comes out with its parts, header names in lower case', () => {
    const request = parseOne(GET);
    expect(request.method).toBe('GET');
    expect(request.target).toBe('/hello?x=1');
    expect(request.version).toBe('HTTP/1.1');
    expect({ ...request.headers }).toEqual({ host: 'example.test', accept: '*/*' });
    expect(request.body.length).toBe(0);
  });

  test('split across two reads at every possible point, it is the same request', () => {
    for (let cut = 1; cut < GET.length; cut++) {
      const request = parseOne(GET.slice(0, cut), GET.slice(cut));
      expect(request.target).toBe('/hello?x=1');
      expect(request.headers.accept).toBe('*/*');
    }
  });

  test('one byte at a time, it is the same request', () => {
    expect(parseOne(...GET).headers.host).toBe('example.test');
  });

  test('a 10 KB header arriving one byte at a time comes out whole', () => {
    const value = 'v'.repeat(10_000);
    const bytes = `GET / HTTP/1.1\r\nHost: h\r\nX-Long: ${value}\r\n\r\n`;
    const [request] = parse([...bytes], { ...LIMITS, maxHeadBytes: 16 * 1024 });
    expect((request as Request).headers['x-long']).toBe(value);
  });

  test('two pipelined requests in one read come out in order', () => {
    const out = parse([`${GET}GET /second HTTP/1.1\r\nHost: b\r\n\r\n`]) as Request[];
    expect(out.map((request) => request.target)).toEqual(['/hello?x=1', '/second']);
  });

  test('values lose the spaces around them; repeated headers are joined with ", "', () => {
    const request = parseOne('GET / HTTP/1.1\r\nHost: h\r\nAccept:  text/html \t\r\nAccept: text/plain\r\n\r\n');
    expect(request.headers.accept).toBe('text/html, text/plain');
  });

  test('HTTP/1.0 needs no Host header', () => {
    expect(parseOne('GET / HTTP/1.0\r\n\r\n').version).toBe('HTTP/1.0');
  });

  test('empty lines before a request line are skipped', () => {
    expect(parseOne('\r\n\r\nGET / HTTP/1.0\r\n\r\n').target).toBe('/');
  });

  test('a header named __proto__ is just a header', () => {
    const request = parseOne('GET / HTTP/1.1\r\nHost: h\r\n__proto__: x\r\n\r\n');
    // biome-ignore lint/suspicious/noProto: the point is that a header of this name is an own property, not the prototype.
    expect(request.headers['__proto__']).toBe('x');
  });
});

describe('a body', () => {
  const POST = 'POST /form HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n';

  test('Content-Length bytes are the body, however they are split', () => {
    expect(parseOne(POST, 'hello', ' world').body.toString()).toBe('hello world');
  });

  test('a body shorter than its Content-Length is never a complete request', () => {
    expect(parse([POST, 'hello wor'])).toEqual([]);
  });

  test('bytes after the body are the next request, even when they look like a body', () => {
    const out = parse([`${POST}hello worldGET /next HTTP/1.1\r\nHost: h\r\n\r\n`]) as Request[];
    expect(out.map((request) => request.target)).toEqual(['/form', '/next']);
    expect(out[0]?.body.toString()).toBe('hello world');
  });

  test('a chunked body is put back together, the chunk framing removed', () => {
    const head = 'POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n';
    const body = '5\r\nhello\r\n6;name=value\r\n world\r\n0\r\nTrailer: ignored\r\n\r\n';
    for (let cut = 1; cut < body.length; cut++) {
      expect(parseOne(head, body.slice(0, cut), body.slice(cut)).body.toString()).toBe('hello world');
    }
  });

  test('a chunked body is not complete until the last chunk and the blank line after it', () => {
    const head = 'POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n';
    expect(parse([head, '5\r\nhello\r\n0\r\n'])).toEqual([]);
  });
});

describe('bytes that break the rules', () => {
  test.each([
    ['not HTTP at all', 'HELLO\r\n\r\n', 400, 'ERR_BAD_REQUEST_LINE'],
    ['words instead of a path', 'HELLO THERE\r\n\r\n', 400, 'ERR_BAD_TARGET'],
    ['two spaces', 'GET  / HTTP/1.1\r\nHost: h\r\n\r\n', 400, 'ERR_BAD_REQUEST_LINE'],
    ['a target without a slash', 'GET hello HTTP/1.1\r\nHost: h\r\n\r\n', 400, 'ERR_BAD_TARGET'],
    ['a control byte in the target', 'GET /a\x01b HTTP/1.1\r\nHost: h\r\n\r\n', 400, 'ERR_BAD_TARGET'],
    ['a made-up version', 'GET / HTTP/one\r\nHost: h\r\n\r\n', 400, 'ERR_BAD_REQUEST_LINE'],
    ['HTTP/2.0', 'GET / HTTP/2.0\r\nHost: h\r\n\r\n', 505, 'ERR_VERSION_NOT_SUPPORTED'],
    ['no version (HTTP/0.9)', 'GET /\r\n\r\n', 505, 'ERR_VERSION_NOT_SUPPORTED'],
    ['a bare LF', 'GET / HTTP/1.1\nHost: h\n\n', 400, 'ERR_BARE_LF'],
    ['a header without a colon', 'GET / HTTP/1.1\r\nHost: h\r\nno colon\r\n\r\n', 400, 'ERR_BAD_HEADER'],
    ['a space before the colon', 'GET / HTTP/1.1\r\nHost: h\r\nContent-Length : 0\r\n\r\n', 400, 'ERR_BAD_HEADER'],
    ['a folded header line', 'GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\n  2\r\n\r\n', 400, 'ERR_BAD_HEADER'],
    ['a NUL in a value', 'GET / HTTP/1.1\r\nHost: h\r\nX-A: a\x00b\r\n\r\n', 400, 'ERR_BAD_HEADER'],
    ['no Host on HTTP/1.1', 'GET / HTTP/1.1\r\n\r\n', 400, 'ERR_HOST_MISSING'],
    ['two Hosts', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 400, 'ERR_HOST_REPEATED'],
    ['Content-Length and Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n', 400, 'ERR_LENGTH_AND_ENCODING'],
    ['a negative Content-Length', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n', 400, 'ERR_BAD_CONTENT_LENGTH'],
    ['a Content-Length list', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 5\r\n\r\n', 400, 'ERR_BAD_CONTENT_LENGTH'],
    ['an empty Content-Length', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length:\r\n\r\n', 400, 'ERR_BAD_CONTENT_LENGTH'],
    ['two Content-Lengths', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n', 400, 'ERR_CONTENT_LENGTH_REPEATED'],
    ['an unknown Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n', 501, 'ERR_ENCODING_NOT_SUPPORTED'],
    ['chunked after another coding', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip, chunked\r\n\r\n', 501, 'ERR_ENCODING_NOT_SUPPORTED'],
    ['Transfer-Encoding on HTTP/1.0', 'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n', 400, 'ERR_BAD_ENCODING'],
    ['a body over the limit', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n', 413, 'ERR_BODY_TOO_LARGE'],
    ['a chunk size that is not hex', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 400, 'ERR_BAD_CHUNK'],
    ['a space after a chunk size', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n', 400, 'ERR_BAD_CHUNK'],
    ['a "0x" chunk size', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n', 400, 'ERR_BAD_CHUNK'],
    ['chunk data without its CRLF', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhiXX', 400, 'ERR_BAD_CHUNK'],
    ['chunks over the body limit', `POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n${'a\r\n0123456789\r\n'.repeat(8)}`, 413, 'ERR_BODY_TOO_LARGE'],
  ] as const)('%s: %j gets %i %s', (_name, bytes, status, code) => {
    const error = parseError(bytes);
    expect({ status: error.status, code: error.code }).toEqual({ status, code });
  });

  test('a target over the limit is 414, once the line is complete', () => {
    const error = parseError(`GET /${'a'.repeat(64)} HTTP/1.1\r\nHost: h\r\n\r\n`);
    expect(error.status).toBe(414);
  });

  test('a request line that never ends is 414 as soon as it passes the limit, not when it ends', () => {
    const out = parse(['GET /', ...Array.from({ length: 20 }, () => 'aaaaaaaaaa')]);
    expect(out).toHaveLength(1);
    expect((out[0] as ProtocolError).status).toBe(414);
  });

  test('headers over the limit are 431, even before the head ends', () => {
    const header = `X-Filler: ${'b'.repeat(50)}\r\n`;
    const out = parse(['GET / HTTP/1.1\r\nHost: h\r\n', ...Array.from({ length: 6 }, () => header)]);
    expect(out).toHaveLength(1);
    expect((out[0] as ProtocolError).status).toBe(431);
  });

  test('after an error the parser hands out nothing more: the connection must close', () => {
    const parser = new RequestParser(LIMITS);
    parser.push(Buffer.from(`GET / HTTP/1.1\r\n\r\n${GET}`));
    expect(parser.next()).toBeInstanceOf(ProtocolError);
    expect(parser.next()).toBeUndefined();
  });
});

describe('in the middle of a request', () => {
  test('is false before any byte and after a complete request, true in between', () => {
    const parser = new RequestParser(LIMITS);
    expect(parser.inTheMiddleOfARequest).toBe(false);
    parser.push(Buffer.from('GET / HT'));
    expect(parser.next()).toBeUndefined();
    expect(parser.inTheMiddleOfARequest).toBe(true);
    parser.push(Buffer.from('TP/1.0\r\n\r\n'));
    expect(parser.next()).not.toBeInstanceOf(ProtocolError);
    expect(parser.inTheMiddleOfARequest).toBe(false);
  });
});
