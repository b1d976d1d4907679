/**
 * The countdown over raw sockets: chunked framing for HTTP/1.1, read by the kit's strict decoder
 * (it says at which byte the framing goes wrong); a close-delimited body for HTTP/1.0; the connection kept for the next request; and bad requests
 * and vanishing clients answered without stopping the server.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeChunked, listenForTests, parseResponse, random, type RawExchange, Reply, sendRaw, type ServerUnderTest } from '@workbook/testkit';
import { createServer } from '../src/chunked/server.ts';
import { frameChunk, LAST_CHUNK } from '../src/chunked/chunked-writer.ts';

let server: ServerUnderTest;
const logLines: string[] = [];
beforeAll(async () => {
  server = await listenForTests(createServer({ tickMs: 5, log: (line) => logLines.push(line) }));
});
afterAll(() => server.stop());

const get = (target: string, extra = '') => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n${extra}\r\n`;

/** The countdown the server should send, as lines: "3\n", "2\n", "1\n", "liftoff!\n". */
const countdownLines = (from: number) => [...Array.from({ length: from }, (_, i) => `${from - i}\n`), 'liftoff!\n'];

/** The chunks of a countdown answer, once the kit has found its framing right. */
function countdownChunks(exchange: RawExchange, from: number): string[] {
  new Reply(exchange).expectStatus(200).expectChunked(from + 1);
  return (exchange.response?.chunks ?? []).map(String);
}

describe('the chunk framing', () => {
  test('frameChunk writes the size in hex, CRLF, the bytes, CRLF; sizes count bytes, not characters', () => {
    expect(frameChunk(Buffer.from('hello')).toString('latin1')).toBe('5\r\nhello\r\n');
    expect(
      frameChunk(Buffer.from('x'.repeat(26)))
        .toString('latin1')
        .slice(0, 4),
    ).toBe('1a\r\n');
    // "é" is one character and two bytes in UTF-8.
    expect(frameChunk(Buffer.from('é')).subarray(0, 3).toString('latin1')).toBe('2\r\n');
    expect(LAST_CHUNK).toBe('0\r\n\r\n');
  });
});

describe('GET /countdown over HTTP/1.1', () => {
  test('is sent with Transfer-Encoding: chunked, no Content-Length, one chunk a line, and the last chunk', async () => {
    const from = random.int(2, 9);
    const exchange = await sendRaw(server.address, get(`/countdown?from=${from}`, 'Connection: close\r\n'), { timeoutMs: 5000 });
    expect(exchange.closedByServer).toBe(true);
    new Reply(exchange).expectHeader('content-type', 'text/plain; charset=utf-8');
    expect(countdownChunks(exchange, from)).toEqual(countdownLines(from));
    // Nothing after the last chunk: the server closed, as asked.
    expect(decodeChunked(exchange.response?.framedBody ?? Buffer.alloc(0), true).length).toBe(exchange.response?.framedBody?.length);
  });

  test('keeps the connection open afterwards: a second request on it is answered too', async () => {
    const from = random.int(2, 5);
    const exchange = await sendRaw(server.address, [get(`/countdown?from=${from}`), get('/', 'Connection: close\r\n')], { timeoutMs: 5000 });
    new Reply(exchange).expectNoHeader('connection');
    expect(countdownChunks(exchange, from)).toEqual(countdownLines(from));
    // Right after the last chunk comes the next response, on the same connection.
    const framed = exchange.response?.framedBody ?? Buffer.alloc(0);
    const second = parseResponse(framed.subarray(decodeChunked(framed, true).length), exchange.closedByServer);
    expect(second?.statusLine).toBe('HTTP/1.1 200 OK');
    expect(second?.headers['content-length']).toBe(String(second?.body.length));
    expect(second?.body.toString()).toContain('/countdown');
  });

  test('HEAD gets the head of the stream and no body', async () => {
    const exchange = await sendRaw(server.address, `HEAD /countdown HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    new Reply(exchange).expectStatus(200).expectHeader('transfer-encoding', 'chunked').expectWellFramed();
    expect(exchange.response?.body.length).toBe(0);
  });
});

describe('GET /countdown over HTTP/1.0', () => {
  test('has no chunks: the body is the plain text, and it ends when the server closes the connection', async () => {
    const from = random.int(2, 9);
    const exchange = await sendRaw(server.address, `GET /countdown?from=${from} HTTP/1.0\r\n\r\n`, { timeoutMs: 5000 });
    expect(exchange.closedByServer).toBe(true);
    const head = exchange.response;
    expect(head?.status).toBe(200);
    expect(head?.headers['transfer-encoding']).toBeUndefined();
    expect(head?.headers['content-length']).toBeUndefined();
    expect(head?.headers.connection).toBe('close');
    expect(head?.body.toString()).toBe(countdownLines(from).join(''));
  });
});

describe('bad requests get a clear answer, and the server keeps serving', () => {
  const stillServes = async () => {
    const exchange = await sendRaw(server.address, get('/countdown?from=1', 'Connection: close\r\n'));
    expect(countdownChunks(exchange, 1)).toEqual(['1\n', 'liftoff!\n']);
  };

  test.each([
    { name: 'garbage instead of a request line', status: 400, bytes: 'hello there\r\n\r\n' },
    { name: 'a header line without a colon', status: 400, bytes: 'GET / HTTP/1.1\r\nHost 127.0.0.1\r\n\r\n' },
    { name: 'HTTP/2.0 on the request line', status: 505, bytes: 'GET / HTTP/2.0\r\n\r\n' },
    { name: 'a request with a body', status: 400, bytes: 'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello' },
    { name: 'a chunked request body', status: 400, bytes: 'GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n' },
    { name: 'a head longer than 8 KiB', status: 431, bytes: `GET / HTTP/1.1\r\nX-Filler: ${'a'.repeat(9000)}\r\n` },
    { name: 'a head longer than 8 KiB that arrives whole, blank line and all', status: 431, bytes: `GET / HTTP/1.1\r\nX-Filler: ${'a'.repeat(9000)}\r\n\r\n` },
    { name: 'lines that end in a bare LF (the blank line would never come)', status: 400, bytes: 'GET /countdown HTTP/1.1\nHost: x\n\n' },
    { name: 'a bare LF in the middle of the head', status: 400, bytes: 'GET /countdown HTTP/1.1\r\nHost: x\nX-Other: y\r\n\r\n' },
  ])('$name: $status, then the connection closes', async ({ bytes, status }) => {
    const exchange = await sendRaw(server.address, bytes);
    expect(exchange.response?.status).toBe(status);
    expect(exchange.closedByServer).toBe(true);
    await stillServes();
  });

  test.each(['0', '61', 'ten', '2.5', '-3'])('from=%s is refused with 400, saying what would be right', async (from) => {
    const exchange = await sendRaw(server.address, get(`/countdown?from=${from}`, 'Connection: close\r\n'));
    expect(exchange.response?.status).toBe(400);
    expect(exchange.response?.body.toString()).toContain('1 to 60');
    await stillServes();
  });

  test('other paths are 404, other methods 405 with Allow', async () => {
    const path = random.path();
    expect((await sendRaw(server.address, get(path, 'Connection: close\r\n'))).response?.status).toBe(404);
    const post = await sendRaw(server.address, `DELETE /countdown HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(post.response?.status).toBe(405);
    expect(post.response?.headers.allow).toBe('GET, HEAD');
  });

  test('a client that connects and sends nothing is disconnected once it has been idle too long', async () => {
    const quick = await listenForTests(createServer({ idleTimeoutMs: 100, log: false }));
    try {
      // Nothing is sent at all; the kit gives up after 5 s, long after the server should have hung up.
      const exchange = await sendRaw(quick.address, [], { timeoutMs: 5000 });
      expect(exchange.timedOut).toBe(false);
      expect(exchange.closedByServer).toBe(true);
      expect(exchange.received.length).toBe(0);
    } finally {
      await quick.stop();
    }
    await stillServes();
  });

  test('a client that leaves in the middle of the countdown is noticed, and the server goes on', async () => {
    logLines.length = 0;
    // A long countdown; the first chunk arriving is our cue to leave.
    await sendRaw(server.address, get('/countdown?from=60'), { until: 'response', timeoutMs: 200 }).catch(() => {});
    await expect.poll(() => logLines.some((line) => line.includes('cut off after')), { timeout: 5000 }).toBe(true);
    await stillServes();
  });
});
