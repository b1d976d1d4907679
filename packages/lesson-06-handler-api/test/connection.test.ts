/**
 * The library over real sockets, with exact bytes: pieces, pipelining, keep-alive and close,
 * every kind of bad request, and silent clients. After each bad client, a good request on a new
 * connection must still be answered.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sendRaw, type RawExchange } from '@workbook/testkit';
import { createServer, type Handler } from '../src/server.ts';
import { splitResponses } from './responses.ts';
import { startServer, TEST_IDLE_TIMEOUT_MS, type RunningServer } from './start-server.ts';

/** Answers with what it was asked, so each response says which request it belongs to. */
const echo: Handler = (request, response) => {
  const text = `${request.method} ${request.target} body=${request.body.toString('latin1')}`;
  handlerCalls.push(text);
  response.sendResponse(200);
  response.sendHeader('Content-Type', 'text/plain; charset=utf-8');
  response.sendHeader('Content-Length', Buffer.byteLength(text));
  response.endHeaders();
  response.write(text);
};

let handlerCalls: string[] = [];
let server: RunningServer;
let limited: RunningServer;

beforeAll(async () => {
  const options = { handlers: { GET: echo, POST: echo }, log: false, idleTimeoutMs: TEST_IDLE_TIMEOUT_MS, maxTargetBytes: 100, maxHeadBytes: 1024 } as const;
  server = await startServer(createServer(options));
  limited = await startServer(createServer({ ...options, maxRequestsPerConnection: 2 }));
});
afterAll(async () => {
  await server.stop();
  await limited.stop();
});

const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: test\r\n${extra}\r\n`;
const lastGet = (path: string) => get(path, 'Connection: close\r\n');

/** A fresh connection with a fresh request: whatever the last client did, this one is served. */
async function expectStillServing(): Promise<void> {
  const exchange = await sendRaw(server.address, lastGet('/still-serving'));
  expect(exchange.response?.status).toBe(200);
  expect(exchange.response?.body.toString()).toBe('GET /still-serving body=');
}

function bodies(exchange: RawExchange): string[] {
  return splitResponses(exchange.received).map((response) => response.body.toString());
}

/** One error response, framed, and then the connection closed. */
function expectRefused(exchange: RawExchange, status: number): void {
  expect(exchange.response?.status).toBe(status);
  expect(exchange.response?.problems).toEqual([]);
  expect(exchange.response?.headers['connection']).toBe('close');
  expect(exchange.response?.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(exchange.closedByServer).toBe(true);
  expect(splitResponses(exchange.received)).toHaveLength(1);
}

describe('reading requests off the stream', () => {
  test('a request split across reads is answered once, after its last piece', async () => {
    const exchange = await sendRaw(server.address, ['GET /spl', 'it HTTP/1.1\r\nHo', 'st: test\r\nConnection: close\r', '\n\r\n']);
    expect(exchange.writesBeforeAnswer).toBe(4);
    expect(bodies(exchange)).toEqual(['GET /split body=']);
  });

  test('two pipelined requests in one write are answered in order', async () => {
    const exchange = await sendRaw(server.address, get('/first') + lastGet('/second'));
    expect(bodies(exchange)).toEqual(['GET /first body=', 'GET /second body=']);
    expect(exchange.closedByServer).toBe(true);
  });

  test('a body that looks like a request is a body, not a third request', async () => {
    const trap = get('/trap');
    const exchange = await sendRaw(server.address, `POST /first HTTP/1.1\r\nHost: test\r\nContent-Length: ${trap.length}\r\n\r\n${trap}${lastGet('/second')}`);
    expect(bodies(exchange)).toEqual([`POST /first body=${trap}`, 'GET /second body=']);
  });

  test('a chunked body is read and handed over whole', async () => {
    const exchange = await sendRaw(server.address, [
      'POST /up HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\n',
      '6\r\n world\r\n0\r\n\r\n',
    ]);
    expect(bodies(exchange)).toEqual(['POST /up body=hello world']);
  });

  test('a body shorter than its Content-Length is never complete: no handler call, then 408', async () => {
    handlerCalls = [];
    const exchange = await sendRaw(server.address, 'POST /short HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\nonly6b');
    expect(handlerCalls).toEqual([]);
    expectRefused(exchange, 408);
    await expectStillServing();
  });

  test('the rest of the body, arriving later, completes the request', async () => {
    const exchange = await sendRaw(server.address, ['POST /later HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\nConnection: close\r\n\r\nonly6b', 'more'], { pauseMs: 100 });
    expect(exchange.writesBeforeAnswer).toBe(2);
    expect(bodies(exchange)).toEqual(['POST /later body=only6bmore']);
  });
});

describe('keep-alive and close', () => {
  test('HTTP/1.1 keeps the connection open: three requests, one connection', async () => {
    const exchange = await sendRaw(server.address, [get('/one'), get('/two'), lastGet('/three')], { pauseMs: 30 });
    expect(bodies(exchange)).toEqual(['GET /one body=', 'GET /two body=', 'GET /three body=']);
    const [first] = splitResponses(exchange.received);
    expect(first?.headers['connection']).toBeUndefined();
  });

  test('HTTP/1.0 closes after the response, and says so', async () => {
    const exchange = await sendRaw(server.address, 'GET /old HTTP/1.0\r\n\r\nGET /ignored HTTP/1.0\r\n\r\n');
    expect(bodies(exchange)).toEqual(['GET /old body=']);
    expect(exchange.response?.headers['connection']).toBe('close');
    expect(exchange.closedByServer).toBe(true);
  });

  test('HTTP/1.0 with Connection: keep-alive stays open, and the answer says keep-alive', async () => {
    const ask = (path: string) => `GET ${path} HTTP/1.0\r\nConnection: keep-alive\r\n\r\n`;
    const exchange = await sendRaw(server.address, [ask('/one'), ask('/two'), 'GET /three HTTP/1.0\r\n\r\n'], { pauseMs: 30 });
    expect(bodies(exchange)).toEqual(['GET /one body=', 'GET /two body=', 'GET /three body=']);
    // A 1.0 client closes unless it hears keep-alive back, so the server must say it.
    expect(splitResponses(exchange.received).map((response) => response.headers['connection'])).toEqual(['keep-alive', 'keep-alive', 'close']);
    expect(exchange.closedByServer).toBe(true);
  });

  test('Connection: close from the client closes after that response', async () => {
    const exchange = await sendRaw(server.address, lastGet('/bye') + get('/ignored'));
    expect(bodies(exchange)).toEqual(['GET /bye body=']);
    expect(exchange.response?.headers['connection']).toBe('close');
    expect(exchange.closedByServer).toBe(true);
  });

  test('after the request limit, the answer says Connection: close and the connection ends', async () => {
    const exchange = await sendRaw(limited.address, get('/1') + get('/2') + get('/3'));
    const responses = splitResponses(exchange.received);
    expect(responses.map((response) => response.body.toString())).toEqual(['GET /1 body=', 'GET /2 body=']);
    expect(responses[0]?.headers['connection']).toBeUndefined();
    expect(responses[1]?.headers['connection']).toBe('close');
    expect(exchange.closedByServer).toBe(true);
  });

  test('a client that half-closes after its requests still gets every answer', async () => {
    const exchange = await sendRaw(server.address, get('/a') + get('/b'), { endAfterWrite: true });
    expect(bodies(exchange)).toEqual(['GET /a body=', 'GET /b body=']);
    expect(exchange.closedByServer).toBe(true);
  });
});

describe('bad requests get one error page, then the connection closes', () => {
  test.each([
    ['a malformed request line', 'GET  /two-spaces HTTP/1.1\r\nHost: test\r\n\r\n', 400],
    ['a request line that is not HTTP', 'HELLO\r\n\r\n', 400],
    ['an over-long target', `GET /${'a'.repeat(100)} HTTP/1.1\r\nHost: test\r\n\r\n`, 414],
    ['over-large headers', `GET / HTTP/1.1\r\nHost: test\r\nX-Filler: ${'b'.repeat(1100)}\r\n\r\n`, 431],
    ['HTTP/2.0', 'GET / HTTP/2.0\r\nHost: test\r\n\r\n', 505],
    ['an HTTP/0.9 line, with no version', 'GET /\r\n\r\n', 505],
    ['Content-Length and Transfer-Encoding both', 'POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
    ['an invalid Content-Length', 'POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 5x\r\n\r\nhello', 400],
    ['conflicting Content-Lengths', 'POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!', 400],
    ['an unknown Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: gzip\r\n\r\n', 501],
    ['a body larger than the limit', 'POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 2000000\r\n\r\nthe rest never comes', 413],
    ['no Host on HTTP/1.1', 'GET / HTTP/1.1\r\n\r\n', 400],
    ['two Host headers', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 400],
    ['lines ending in a bare LF', 'GET / HTTP/1.1\nHost: test\n\n', 400],
  ])('%s: %i', async (_name, bytes, status) => {
    handlerCalls = [];
    expectRefused(await sendRaw(server.address, bytes), status);
    expect(handlerCalls).toEqual([]);
    await expectStillServing();
  });

  test('a request after a bad one on the same connection is never answered', async () => {
    const exchange = await sendRaw(server.address, `GET / HTTP/1.1\r\n\r\n${get('/smuggled')}`);
    expectRefused(exchange, 400);
    expect(exchange.received.toString()).not.toContain('/smuggled');
  });

  test('a good request before a bad one is answered first', async () => {
    const exchange = await sendRaw(server.address, `${get('/good')}GET / HTTP/9.9\r\nHost: test\r\n\r\n`);
    const responses = splitResponses(exchange.received);
    expect(responses.map((response) => response.status)).toEqual([200, 505]);
    expect(exchange.closedByServer).toBe(true);
  });

  test('a head that never ends is refused once it passes the limit, not kept growing', async () => {
    const line = `X-Filler: ${'c'.repeat(200)}\r\n`;
    const exchange = await sendRaw(server.address, ['GET / HTTP/1.1\r\n', ...Array.from({ length: 8 }, () => line)], { pauseMs: 5 });
    expectRefused(exchange, 431);
    await expectStillServing();
  });
});

describe('clients that go quiet', () => {
  test('half a request and then silence gets 408 after the idle timeout, then the close', async () => {
    const exchange = await sendRaw(server.address, 'GET /slow HTTP/1.1\r\nHost: test\r\n');
    expectRefused(exchange, 408);
    await expectStillServing();
  });

  test('a client that connects and says nothing is closed without a word', async () => {
    const exchange = await sendRaw(server.address, []);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.received.length).toBe(0);
    await expectStillServing();
  });

  test('a kept-alive connection that goes quiet between requests is closed without a word', async () => {
    const exchange = await sendRaw(server.address, get('/then-quiet'));
    expect(bodies(exchange)).toEqual(['GET /then-quiet body=']);
    expect(exchange.closedByServer).toBe(true);
  });

  test('a client that half-closes in the middle of a request gets 400 at once', async () => {
    const exchange = await sendRaw(server.address, 'GET / HTTP/1.1\r\nHost: te', { endAfterWrite: true });
    expectRefused(exchange, 400);
    await expectStillServing();
  });
});
