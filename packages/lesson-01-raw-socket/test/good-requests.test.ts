/**
 * Well-formed requests, however they are cut into pieces, get one complete, correctly framed
 * 200 response, and then the server hangs up.
 */
import { describe, test, expect, beforeAll, afterAll } from 'vitest';
import { sendRaw, request, type RawExchange } from '@workbook/testkit';
import { startServer, randomPath, type RunningServer } from './start-server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

/** The checks every good answer must pass, whatever the request looked like. */
function expectWelcomePage(exchange: RawExchange, method: string, path: string): void {
  expect(exchange.error).toBeUndefined();
  expect(exchange.closedByServer).toBe(true);
  const response = exchange.response;
  expect(response).not.toBeNull();
  if (!response) return;
  expect(response.problems).toEqual([]);
  expect(response.statusLine).toBe('HTTP/1.1 200 OK');
  expect(response.complete).toBe(true);
  expect(response.body.toString('utf8')).toContain(`${method} ${path}`);
}

describe('a normal GET', () => {
  test('gets a 200 with exactly the promised headers, framed with CRLF, then the server closes', async () => {
    const path = randomPath();
    const exchange = await sendRaw(server.address, `GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    expectWelcomePage(exchange, 'GET', path);

    const body = exchange.response?.body ?? Buffer.alloc(0);
    expect(exchange.response?.rawHeaderLines).toEqual(['Content-Type: text/html; charset=utf-8', `Content-Length: ${body.length}`, 'Connection: close']);
    // The page has a non-ASCII character, so a count of characters would be too small.
    expect(body.length).toBeGreaterThan(body.toString('utf8').length);

    // Check the bytes themselves: in the head, every line break is \r\n and nothing follows the body.
    const received = exchange.received.toString('latin1');
    const headEnd = received.indexOf('\r\n\r\n');
    const head = received.slice(0, headEnd + 4);
    expect(head.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    expect(exchange.received.length).toBe(headEnd + 4 + body.length);
  });

  test('shows whatever path was asked for, so the answer is not hard-coded', async () => {
    const first = randomPath();
    const second = randomPath();
    expectWelcomePage(await sendRaw(server.address, `GET ${first} HTTP/1.1\r\n\r\n`), 'GET', first);
    expectWelcomePage(await sendRaw(server.address, `GET ${second} HTTP/1.0\r\n\r\n`), 'GET', second);
  });
});

describe('a request that arrives in pieces', () => {
  test('split across several writes, with pauses between them', async () => {
    const path = randomPath();
    const exchange = await sendRaw(server.address, [`GE`, `T ${path} HT`, `TP/1.1\r\nHost: local`, `host\r\n\r`, `\n`], { pauseMs: 30 });
    expectWelcomePage(exchange, 'GET', path);
  });

  test('sent one byte per write', async () => {
    const path = randomPath();
    const bytes = [...`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`];
    const exchange = await sendRaw(server.address, bytes, { pauseMs: 2 });
    expectWelcomePage(exchange, 'GET', path);
  });

  test('still answered when the client half-closes right after sending its request', async () => {
    const path = randomPath();
    const exchange = await sendRaw(server.address, `GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`, {
      endAfterWrite: true,
    });
    expectWelcomePage(exchange, 'GET', path);
  });
});

describe('other methods', () => {
  test('a POST with a large body is answered cleanly, though this step does not read the body', async () => {
    // The body keeps arriving after the server has answered. It must not upset the exchange.
    const path = randomPath();
    const body = 'x'.repeat(200_000);
    const exchange = await sendRaw(server.address, [`POST ${path} HTTP/1.1\r\nContent-Length: ${body.length}\r\n\r\n`, body], { endAfterWrite: true });
    expectWelcomePage(exchange, 'POST', path);
  });

  test('HEAD gets the head only: Content-Length of the page, no body', async () => {
    const exchange = await sendRaw(server.address, `HEAD / HTTP/1.1\r\n\r\n`);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.response?.statusLine).toBe('HTTP/1.1 200 OK');
    expect(Number(exchange.response?.headers['content-length'])).toBeGreaterThan(0);
    expect(exchange.received.toString('latin1').endsWith('\r\n\r\n')).toBe(true);
  });
});

describe('a real HTTP client (undici)', () => {
  test('gets a 200 and the page', async () => {
    const path = randomPath();
    const exchange = await request(server.address, { path });
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(exchange.response?.text).toContain(`GET ${path}`);
  });

  test('can send a body with POST', async () => {
    const path = randomPath();
    const exchange = await request(server.address, { method: 'POST', path, body: 'message=hello' });
    expect(exchange.error).toBeUndefined();
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.text).toContain(`POST ${path}`);
  });

  test('HEAD gets no body', async () => {
    const exchange = await request(server.address, { method: 'HEAD' });
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.body.length).toBe(0);
  });
});
