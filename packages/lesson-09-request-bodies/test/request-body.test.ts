/**
 * The library's new idea over real sockets: the handler starts at the end of the head and reads
 * the body as it arrives, the socket waits while the handler does not read, and a body that
 * breaks off ends with an error the handler sees.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { random, sendRaw } from '@workbook/testkit';
import { BodyError, createServer, type Handler, type Request } from '../src/server.ts';
import { converse } from './conversation.ts';
import { splitResponses } from './responses.ts';
import { startServer, TEST_IDLE_TIMEOUT_MS, type RunningServer } from './start-server.ts';

function say(response: Parameters<Handler>[1], text: string): void {
  response.sendResponse(200);
  response.sendHeader('Content-Type', 'text/plain; charset=utf-8');
  response.sendHeader('Content-Length', Buffer.byteLength(text));
  response.endHeaders();
  response.write(text);
}

/** What the handlers saw, for the tests to look at. */
const seen = {
  firstPiece: undefined as (() => void) | undefined,
  request: undefined as Request | undefined,
  release: undefined as (() => void) | undefined,
  bodyError: undefined as string | undefined,
};

const handlers = {
  async POST(request, response) {
    const path = request.target;
    if (path === '/echo') {
      const pieces: Buffer[] = [];
      for await (const piece of request.body) pieces.push(piece);
      return say(response, `${Buffer.concat(pieces).length} bytes: ${Buffer.concat(pieces).toString()}`);
    }
    if (path === '/first-piece') {
      const reader = request.body[Symbol.asyncIterator]();
      const first = await reader.next();
      seen.firstPiece?.();
      let rest = '';
      for (let next = await reader.next(); !next.done; next = await reader.next()) rest += next.value.toString();
      return say(response, `first ${String(first.value)}, then ${rest}`);
    }
    if (path === '/later') {
      // Holds the body unread until the test says so.
      seen.request = request;
      await new Promise<void>((resolve) => (seen.release = resolve));
      let bytes = 0;
      for await (const piece of request.body) bytes += piece.length;
      return say(response, `${bytes} bytes`);
    }
    if (path === '/unread') return say(response, 'answered without reading');
    if (path === '/catch') {
      try {
        for await (const _piece of request.body);
      } catch (error) {
        seen.bodyError = error instanceof BodyError ? `${error.status} ${error.code}` : String(error);
        throw error;
      }
      return say(response, 'whole');
    }
  },
  GET(request, response) {
    say(response, `GET ${request.target}`);
  },
} satisfies Record<string, Handler>;

let server: RunningServer;
beforeAll(async () => {
  server = await startServer(createServer({ handlers, log: false, idleTimeoutMs: TEST_IDLE_TIMEOUT_MS, maxBodyBytes: 16 * 1024 * 1024 }));
});
afterAll(() => server.stop());

const post = (path: string, extra: string) => `POST ${path} HTTP/1.1\r\nHost: test\r\n${extra}\r\n`;
const lastGet = (path: string) => `GET ${path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n`;

describe('the body, as it arrives', () => {
  test('the handler starts, and gets the first piece, before the rest of the body has been sent', async () => {
    const [first, rest] = [random.word(), random.text()];
    const firstPieceSeen = new Promise<void>((resolve) => (seen.firstPiece = resolve));
    const client = await converse(server.address);
    client.write(`${post('/first-piece', `Content-Length: ${first.length + rest.length}\r\nConnection: close\r\n`)}${first}`);
    // Lesson 6's library would wait here forever: it calls the handler after the last byte.
    await firstPieceSeen;
    client.write(rest);
    expect((await client.untilClosed()).toString()).toContain(`first ${first}, then ${rest}`);
  });

  test('Content-Length counts bytes, not characters, across pieces that split a character', async () => {
    const text = `${random.word()} Grüße → ${random.word()}`;
    const bytes = Buffer.from(text);
    const pieces = [bytes.subarray(0, 9), bytes.subarray(9, 10), bytes.subarray(10, 15), bytes.subarray(15)];
    const exchange = await sendRaw(server.address, [post('/echo', `Content-Length: ${bytes.length}\r\n`), ...pieces, lastGet('/after')], { pauseMs: 10 });
    expect(splitResponses(exchange.received).map((response) => response.body.toString())).toEqual([`${bytes.length} bytes: ${text}`, 'GET /after']);
  });

  test('a chunked body comes out without its framing, and the next request after it is read', async () => {
    const [a, b] = [random.word(), random.text()];
    const body = `${a.length.toString(16)}\r\n${a}\r\n${b.length.toString(16)};ext=1\r\n${b}\r\n0\r\nTrailer: x\r\n\r\n`;
    const exchange = await sendRaw(server.address, [post('/echo', 'Transfer-Encoding: chunked\r\n'), ...body.match(/.{1,7}/gs)!, lastGet('/after')], { pauseMs: 2 });
    expect(splitResponses(exchange.received).map((response) => response.body.toString())).toEqual([`${a.length + b.length} bytes: ${a}${b}`, 'GET /after']);
  });

  test('backpressure: while the handler does not read, the socket is not read either', async () => {
    const size = 8 * 1024 * 1024;
    const client = await converse(server.address);
    client.write(`${post('/later', `Content-Length: ${size}\r\nConnection: close\r\n`)}`);
    client.write(Buffer.alloc(size, 'z'));
    // Give the bytes every chance to arrive; the handler holds the body unread meanwhile.
    for (let i = 0; i < 20 && seen.request === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const received = seen.request?.body.received ?? -1;
    expect(received).toBeGreaterThan(0);
    // The rest waits in the operating system's buffers, and then in the client: not in ours.
    expect(received).toBeLessThan(1024 * 1024);
    seen.release?.();
    expect((await client.untilClosed(10_000)).toString()).toContain(`${size} bytes`);
  });
});

describe('a body that breaks off, or is left unread', () => {
  test('the client stops early: the handler gets a BodyError, the client a 400', async () => {
    seen.bodyError = undefined;
    const exchange = await sendRaw(server.address, [post('/catch', 'Content-Length: 100\r\n'), 'only 12 byte'], { endAfterWrite: true });
    expect(seen.bodyError).toBe('400 ERR_INCOMPLETE_BODY');
    expect(exchange.response?.status).toBe(400);
    expect(exchange.response?.body.toString()).toContain('The client stopped sending after 12 bytes of 100 bytes.');
  });

  test('a malformed chunk in the middle: the handler gets a BodyError, the client a 400, and the connection closes', async () => {
    seen.bodyError = undefined;
    const exchange = await sendRaw(server.address, [post('/catch', 'Transfer-Encoding: chunked\r\n'), '3\r\nabc\r\n', 'xyz\r\n', lastGet('/never')]);
    expect(seen.bodyError).toBe('400 ERR_BAD_CHUNK');
    expect(exchange.response?.status).toBe(400);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.received.toString()).not.toContain('GET /never');
  });

  test('the body goes quiet: the handler gets a 408 BodyError', async () => {
    seen.bodyError = undefined;
    const exchange = await sendRaw(server.address, [post('/catch', 'Content-Length: 100\r\n'), 'a start']);
    expect(seen.bodyError).toBe('408 ERR_REQUEST_TIMEOUT');
    expect(exchange.response?.status).toBe(408);
  });

  test('an answer sent without reading the body says Connection: close, and the request behind it is not read', async () => {
    const body = random.text();
    const exchange = await sendRaw(server.address, `${post('/unread', `Content-Length: ${body.length}\r\n`)}${body}${lastGet('/never')}`, { pauseMs: 0 });
    const responses = splitResponses(exchange.received);
    expect(responses.map((response) => response.body.toString())).toEqual(['answered without reading']);
    expect(responses[0]?.headers['connection']).toBe('close');
    expect(exchange.closedByServer).toBe(true);
  });

  test('no 100 Continue for a handler that answers without reading', async () => {
    const client = await converse(server.address);
    client.write(post('/unread', 'Content-Length: 10\r\nExpect: 100-continue\r\n'));
    const received = (await client.untilClosed()).toString();
    expect(received).not.toContain('100 Continue');
    expect(received).toContain('answered without reading');
  });

  test('a handler that reads the whole body keeps the connection for the next request', async () => {
    const exchange = await sendRaw(server.address, `${post('/echo', 'Content-Length: 2\r\n')}hi${lastGet('/next')}`);
    expect(splitResponses(exchange.received).map((response) => response.body.toString())).toEqual(['2 bytes: hi', 'GET /next']);
  });
});
