import { once } from 'node:events';
import net, { type AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { decodeChunked, parseResponse, Reply, sendRaw, type ChunkedProblemCode } from '../src/index.ts';

const bytes = (text: string) => Buffer.from(text, 'utf8');
const decode = (text: string, closed = true) => decodeChunked(bytes(text), closed);
const codesOf = (text: string, closed = true): ChunkedProblemCode[] => decode(text, closed).problems.map((problem) => problem.code);

/** `texts` framed as chunks, sizes in hex and counted in bytes, with the last chunk after them. */
function framed(texts: string[]): Buffer {
  const parts = texts.map((text) => {
    const data = Buffer.from(text, 'utf8');
    return Buffer.concat([bytes(`${data.length.toString(16)}\r\n`), data, bytes('\r\n')]);
  });
  return Buffer.concat([...parts, bytes('0\r\n\r\n')]);
}

describe('a well-framed body', () => {
  test('is decoded into its chunks, and is complete', () => {
    const decoded = decode('5\r\nhello\r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n');
    expect(decoded.chunks.map(String)).toEqual(['hello', 'abcdefghijklmnopqrstuvwxyz']);
    expect(decoded.body.toString()).toBe('helloabcdefghijklmnopqrstuvwxyz');
    expect(decoded.complete).toBe(true);
    expect(decoded.problems).toEqual([]);
    expect(decoded.length).toBe(47);
  });

  test('sizes count bytes, so non-ASCII text decodes whole', () => {
    const texts = ['grüße\n', '→ 東京\n', 'ok\n'];
    const decoded = decodeChunked(framed(texts), true);
    expect(decoded.problems).toEqual([]);
    expect(decoded.body.toString('utf8')).toBe(texts.join(''));
  });

  test('upper-case hex digits are hex too', () => {
    const text = 'x'.repeat(26);
    expect(decode(`1A\r\n${text}\r\n0\r\n\r\n`).body.toString()).toBe(text);
  });

  test('an empty body is only the last chunk', () => {
    const decoded = decode('0\r\n\r\n');
    expect(decoded).toMatchObject({ chunks: [], complete: true, problems: [] });
  });

  test('chunk extensions are ignored', () => {
    const decoded = decode('5;name=value\r\nhello\r\n3;x\r\nabc\r\n0;last\r\n\r\n');
    expect(decoded.body.toString()).toBe('helloabc');
    expect(decoded.problems).toEqual([]);
  });

  test('trailer fields after the last chunk are kept, names in lower case', () => {
    const decoded = decode('2\r\nhi\r\n0\r\nServer-Timing: total;dur=12\r\nX-Checksum: abc\r\n\r\n');
    expect(decoded.trailers).toEqual({ 'server-timing': 'total;dur=12', 'x-checksum': 'abc' });
    expect(decoded.complete).toBe(true);
    expect(decoded.problems).toEqual([]);
  });

  test('10,000 chunks of one byte', () => {
    const texts = Array.from({ length: 10_000 }, (_, i) => String(i % 10));
    const decoded = decodeChunked(framed(texts), true);
    expect(decoded.chunks).toHaveLength(10_000);
    expect(decoded.body.toString()).toBe(texts.join(''));
    expect(decoded.problems).toEqual([]);
  });

  test('cut at every byte, it is incomplete without problems until the last byte', () => {
    const whole = Buffer.concat([framed(['héllo', 'wörld!\r\n', 'x']).subarray(0, -5), bytes('0;ext\r\nA: b\r\n\r\n')]);
    for (let cut = 0; cut < whole.length; cut++) {
      const part = decodeChunked(whole.subarray(0, cut), false);
      expect(part.complete, `cut at ${cut}`).toBe(false);
      expect(part.broken, `cut at ${cut}`).toBe(false);
      expect(part.problems, `cut at ${cut}`).toEqual([]);
    }
    const decoded = decodeChunked(whole, false);
    expect(decoded.complete).toBe(true);
    expect(decoded.body.toString('utf8')).toBe('héllowörld!\r\nx');
  });

  test('what follows the body on a kept-alive connection is the next response, not a problem', () => {
    const decoded = decode('2\r\nhi\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n');
    expect(decoded.problems).toEqual([]);
    expect(decoded.length).toBe(12);
  });
});

describe('each framing problem has its code', () => {
  const cases: Array<[string, string, ChunkedProblemCode[]]> = [
    ['a size in decimal (10 bytes as "10")', '10\r\n0123456789\r\n0\r\n\r\n', ['chunked-size-not-hex']],
    ['a size in decimal, caught when the data does not fit', '12\r\nabcdefghijkl\r\n12\r\nabcdefghijkl\r\n0\r\n\r\n', ['chunked-size-not-hex']],
    ['a size with 0x', '0x5\r\nhello\r\n0\r\n\r\n', ['chunked-size-not-hex']],
    ['a size with a space', ' 5\r\nhello\r\n0\r\n\r\n', ['chunked-size-not-hex']],
    ['an empty size line', '\r\nhello\r\n0\r\n\r\n', ['chunked-size-not-hex']],
    ['no framing at all', 'hello\nworld\n', ['chunked-size-not-hex']],
    ['a size in characters, not bytes', '5\r\nhéllo\r\n0\r\n\r\n', ['chunked-too-long']],
    ['data longer than its size', '3\r\nhello\r\n0\r\n\r\n', ['chunked-too-long']],
    ['bare \\n after the size', '5\nhello\r\n0\r\n\r\n', ['chunked-bare-lf']],
    ['bare \\n after the data', '5\r\nhello\n0\r\n\r\n', ['chunked-bare-lf']],
    ['bare \\n everywhere: said once', '5\nhello\n0\n\n', ['chunked-bare-lf']],
    ['closed with no last chunk', '5\r\nhello\r\n', ['chunked-no-last-chunk']],
    ['closed after "0\\r\\n" without the blank line', '5\r\nhello\r\n0\r\n', ['chunked-no-last-chunk']],
    ['closed in the middle of a chunk', '5\r\nhel', ['chunked-no-last-chunk']],
    ['data after the zero chunk', '5\r\nhello\r\n0\r\n\r\n5\r\nworld\r\n0\r\n\r\n', ['chunked-data-after-last-chunk']],
  ];
  for (const [name, body, codes] of cases) {
    test(name, () => expect(codesOf(body)).toEqual(codes));
  }

  test('a decimal size is named as such, with the hex to write instead', () => {
    const [problem] = decode('12\r\nabcdefghijkl\r\n0\r\n\r\n').problems;
    expect(problem?.message).toContain('decimal');
    expect(problem?.message).toContain('"c"');
    expect(problem?.at).toBe(0);
  });

  test('a problem says where it is: the chunk and the byte', () => {
    const [problem] = decode('2\r\nhi\r\n3\r\nhello\r\n0\r\n\r\n').problems;
    expect(problem).toMatchObject({ code: 'chunked-too-long', at: 13 });
    expect(problem?.message).toContain('Chunk 2');
  });

  test('a connection still open is not a missing last chunk, just not complete yet', () => {
    expect(decode('5\r\nhello\r\n', false)).toMatchObject({ complete: false, broken: false, problems: [] });
  });

  test('broken framing is final: more bytes would not fix it', () => {
    expect(decode('hello\r\n', false)).toMatchObject({ complete: false, broken: true });
    expect(decode('x'.repeat(2000), false)).toMatchObject({ broken: true });
  });
});

describe('parseResponse with Transfer-Encoding: chunked', () => {
  const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';

  test('the body is decoded, the chunks kept, and it is complete at the last chunk', () => {
    const response = parseResponse(bytes(`${head}2\r\nhi\r\n3\r\nyou\r\n0\r\n\r\n`), false);
    expect(response?.body.toString()).toBe('hiyou');
    expect(response?.chunks?.map(String)).toEqual(['hi', 'you']);
    expect(response?.complete).toBe(true);
    expect(response?.problems).toEqual([]);
  });

  test('before the last chunk, it is not complete', () => {
    expect(parseResponse(bytes(`${head}2\r\nhi\r\n`), false)?.complete).toBe(false);
  });

  test('Content-Length beside chunked is a problem', () => {
    const response = parseResponse(bytes(`HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n`), true);
    expect(response?.problems.map((problem) => problem.code)).toEqual(['chunked-and-length']);
    expect(response?.body.toString()).toBe('hi');
  });

  test('chunked in an HTTP/1.0 answer, or to an HTTP/1.0 request, is a problem', () => {
    const answer = parseResponse(bytes(`HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`), true);
    expect(answer?.problems.map((problem) => problem.code)).toEqual(['chunked-in-http-1.0']);
    const toOld = parseResponse(bytes(`${head}0\r\n\r\n`), true, false, 'HTTP/1.0');
    expect(toOld?.problems.map((problem) => problem.code)).toEqual(['chunked-in-http-1.0']);
  });

  test('"gzip, chunked" is chunked; "chunked, gzip" is not', () => {
    const gzipChunked = parseResponse(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n'), false);
    expect(gzipChunked?.chunks).toHaveLength(1);
    expect(parseResponse(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\nxx'), true)?.chunks).toBeUndefined();
  });
});

describe('sendRaw on a kept-alive connection', () => {
  test('stops reading at the last chunk, without waiting for the server to close', async () => {
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.once('data', async () => {
        socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
        for (const piece of ['3\r\none\r\n', '3\r\ntwo\r\n', '0\r\n\r\n']) {
          socket.write(piece);
          await new Promise((wake) => setTimeout(wake, 20));
        }
        // The connection stays open, as keep-alive wants.
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const exchange = await sendRaw({ host: '127.0.0.1', port }, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { until: 'response', timeoutMs: 5000 });
      expect(exchange.timedOut).toBe(false);
      expect(exchange.response?.complete).toBe(true);
      expect(exchange.response?.body.toString()).toBe('onetwo');
      new Reply(exchange).expectChunked(2);
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });
});
