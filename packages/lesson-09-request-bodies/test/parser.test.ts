/**
 * The parser on its own: exact bytes in, heads and body pieces out. No sockets, so every way of
 * cutting the bytes into pieces can be tried.
 */
import { describe, expect, test } from 'vitest';
import { RequestParser, type ParserLimits, type RequestHead } from '../src/parser.ts';
import { ProtocolError } from '../src/protocol-error.ts';

const LIMITS: ParserLimits = { maxTargetBytes: 64, maxHeadBytes: 256, maxBodyBytes: 100 };

type Item = RequestHead | Buffer | 'end' | ProtocolError;

/** Feeds the pieces one by one, and takes out everything the parser hands out, in order. */
function parse(pieces: string[], limits = LIMITS): Item[] {
  const parser = new RequestParser(limits);
  const out: Item[] = [];
  for (const piece of pieces) {
    parser.push(Buffer.from(piece, 'latin1'));
    for (;;) {
      const item = parser.readingBody ? parser.nextBodyPiece() : parser.next();
      if (item === undefined) break;
      out.push(item);
      if (item instanceof ProtocolError) return out;
    }
  }
  return out;
}

/** The same, with each head shown by its target and the body pieces joined. */
function summary(pieces: string[], limits = LIMITS): string[] {
  return parse(pieces, limits).map((item) => {
    if (item instanceof ProtocolError) return `${item.status} ${item.code}`;
    if (item === 'end') return 'end';
    if (Buffer.isBuffer(item)) return `piece ${item.toString('latin1')}`;
    return `head ${item.method} ${item.target}`;
  });
}

describe('the head comes out first, the body after it', () => {
  const POST = 'POST /up HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\n';

  test('the head is handed out at its blank line, before any body byte has arrived', () => {
    expect(summary([POST])).toEqual(['head POST /up']);
  });

  test('the body comes out in the pieces it arrives in, then end', () => {
    expect(summary([POST, 'hello', ' wor', 'ld'])).toEqual(['head POST /up', 'piece hello', 'piece  wor', 'piece ld', 'end']);
  });

  test('Content-Length is counted in bytes: bytes after it are the next request', () => {
    expect(summary([`${POST}hello worldGET /next HTTP/1.1\r\nHost: h\r\n\r\n`])).toEqual(['head POST /up', 'piece hello world', 'end', 'head GET /next']);
  });

  test('a request without a body needs no end: the next head follows', () => {
    expect(summary(['GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n'])).toEqual(['head GET /a', 'head GET /b']);
  });

  test('a chunked body comes out chunk by chunk, as the chunks arrive, framing removed', () => {
    const head = 'POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n';
    expect(summary([head, '5\r\nhel', 'lo\r\n6;name=value\r\n world\r\n', '0\r\nTrailer: ignored\r\n\r\n'])).toEqual([
      'head POST /up',
      'piece hel',
      'piece lo',
      'piece  world',
      'end',
    ]);
  });

  test('split at every point, a chunked body is the same bytes', () => {
    const head = 'POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n';
    const body = '5\r\nhello\r\n6;a=b\r\n world\r\n0\r\nT: x\r\n\r\n';
    for (let cut = 1; cut < body.length; cut++) {
      const items = parse([head, body.slice(0, cut), body.slice(cut)]);
      expect(Buffer.concat(items.filter((item): item is Buffer => Buffer.isBuffer(item))).toString()).toBe('hello world');
      expect(items.at(-1)).toBe('end');
    }
  });

  test('the head says how the body is framed', () => {
    const [chunked] = parse(['POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n']) as RequestHead[];
    const [sized] = parse(['POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 7\r\n\r\n']) as RequestHead[];
    const [none] = parse(['GET / HTTP/1.1\r\nHost: h\r\n\r\n']) as RequestHead[];
    expect([chunked?.framing, sized?.framing, none?.framing]).toEqual(['chunked', 7, 0]);
  });

  test('repeated headers keep every value; names are looked up in any case', () => {
    const [head] = parse(['GET / HTTP/1.1\r\nHost: h\r\nX-A: 1\r\nx-a:  2 \r\n\r\n']) as RequestHead[];
    expect(head?.headers.getAll('X-A')).toEqual(['1', '2']);
    expect(head?.headers.lines.map((line) => line.name)).toEqual(['Host', 'X-A', 'x-a']);
  });
});

describe('Expect', () => {
  const head = (extra: string, version = 'HTTP/1.1') => `POST / ${version}\r\nHost: h\r\nContent-Length: 5\r\n${extra}\r\n`;

  test('Expect: 100-continue (in any case) is noted on the head', () => {
    expect((parse([head('Expect: 100-Continue\r\n')])[0] as RequestHead).expectsContinue).toBe(true);
    expect((parse([head('')])[0] as RequestHead).expectsContinue).toBe(false);
  });

  test('without a body there is nothing to wait for', () => {
    const [request] = parse(['GET / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\n\r\n']) as RequestHead[];
    expect(request?.expectsContinue).toBe(false);
  });

  test('any other expectation is 417; on HTTP/1.0, Expect is ignored', () => {
    expect(summary([head('Expect: 200-ok\r\n')])).toEqual(['417 ERR_EXPECTATION_FAILED']);
    expect((parse([head('Expect: 100-continue\r\n', 'HTTP/1.0')])[0] as RequestHead).expectsContinue).toBe(false);
  });

  test('a body too large is refused before the 100 could be sent', () => {
    expect(summary(['POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\nExpect: 100-continue\r\n\r\n'])).toEqual(['413 ERR_BODY_TOO_LARGE']);
  });
});

describe('bytes that break the rules', () => {
  const chunkedHead = 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n';

  test.each([
    ['Content-Length and Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n', '400 ERR_LENGTH_AND_ENCODING'],
    ['a Content-Length with a letter', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5x\r\n\r\n', '400 ERR_BAD_CONTENT_LENGTH'],
    ['two Content-Lengths', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n', '400 ERR_CONTENT_LENGTH_REPEATED'],
    ['a body over the limit', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 101\r\n\r\n', '413 ERR_BODY_TOO_LARGE'],
    ['headers over the limit', `GET / HTTP/1.1\r\nHost: h\r\nX-Big: ${'b'.repeat(300)}\r\n\r\n`, '431 ERR_HEAD_TOO_LARGE'],
  ])('%s: %j, before any body', (_name, bytes, expected) => {
    expect(summary([bytes]).at(-1)).toBe(expected);
  });

  test.each([
    ['a chunk size that is not hex', 'zz\r\n', '400 ERR_BAD_CHUNK'],
    ['a negative chunk size', '-5\r\nhello\r\n', '400 ERR_BAD_CHUNK'],
    ['a chunk size with 0x in front', '0x5\r\nhello\r\n', '400 ERR_BAD_CHUNK'],
    ['a space after a chunk size', '5 \r\nhello\r\n0\r\n\r\n', '400 ERR_BAD_CHUNK'],
    ['a chunk longer than its size', '2\r\nhiXX\r\n', '400 ERR_BAD_CHUNK'],
    ['chunks over the body limit', 'a\r\n0123456789\r\n'.repeat(8), '413 ERR_BODY_TOO_LARGE'],
    ['one chunk size over the limit, before its data', 'ffffffffffff\r\n', '413 ERR_BODY_TOO_LARGE'],
  ])('%s: %j, in the middle of the body', (_name, body, expected) => {
    const out = summary([chunkedHead, body]);
    expect(out[0]).toBe('head POST /');
    expect(out.at(-1)).toBe(expected);
  });

  test('spaces may come before an extension, and only there', () => {
    expect(summary([chunkedHead, '5 ;note\r\nhello\r\n0\r\n\r\n'])).toEqual(['head POST /', 'piece hello', 'end']);
  });

  test('ten thousand chunks of one byte: every byte comes out, and the limit counts the framing too', () => {
    const body = `${'1\r\nx\r\n'.repeat(10_000)}0\r\n\r\n`;
    const items = parse([chunkedHead, body], { ...LIMITS, maxBodyBytes: 100_000 });
    expect(Buffer.concat(items.filter((item): item is Buffer => Buffer.isBuffer(item))).length).toBe(10_000);
    expect(items.at(-1)).toBe('end');
    // 10,000 bytes of data, but 60,000 on the wire: a limit of 50,000 stops it.
    expect(summary([chunkedHead, body], { ...LIMITS, maxBodyBytes: 50_000 }).at(-1)).toBe('413 ERR_BODY_TOO_LARGE');
  });

  test('after an error the parser hands out nothing more: the connection must close', () => {
    const parser = new RequestParser(LIMITS);
    parser.push(Buffer.from(`${chunkedHead}zz\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n`));
    expect(parser.next()).not.toBeInstanceOf(ProtocolError);
    expect(parser.nextBodyPiece()).toBeInstanceOf(ProtocolError);
    expect(parser.next()).toBeUndefined();
    expect(parser.nextBodyPiece()).toBeUndefined();
  });
});
