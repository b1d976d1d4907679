/**
 * Lesson 2's happy server, now on our own library: the same answers to real HTTP clients (undici
 * here, like curl or a browser), and the library's 501 for methods it has no handler for.
 */
import { randomUUID } from 'node:crypto';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, sendRaw } from '@workbook/testkit';
import { createServer, HAPPY_BODY } from '../src/happy-server.ts';
import { startServer, TEST_IDLE_TIMEOUT_MS, type RunningServer } from './start-server.ts';

const lines: string[] = [];
let server: RunningServer;
beforeAll(async () => {
  server = await startServer(createServer({ log: (line) => lines.push(stripVTControlCharacters(line)), idleTimeoutMs: TEST_IDLE_TIMEOUT_MS }));
});
afterAll(() => server.stop());

describe('the happy reply', () => {
  test('GET / answers 200 with the happy sentence, as UTF-8 text, with its length in bytes', async () => {
    const { response, error } = await request(server.address);
    expect(error).toBeUndefined();
    expect(response?.status).toBe(200);
    expect(response?.text).toBe(HAPPY_BODY);
    expect(response?.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response?.headers['content-length']).toBe(String(Buffer.byteLength(HAPPY_BODY)));
    expect(response?.headers['server']).toBe('HappyServer/1.0');
  });

  test.each(['/favicon.ico', '/a/b/c', '/search?q=happy&page=2', `/${randomUUID()}`])('GET %s gets it too', async (path) => {
    const { response } = await request(server.address, { path });
    expect(response?.text).toBe(HAPPY_BODY);
  });

  test.each(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])('%s gets it too, body or not', async (method) => {
    const body = method === 'DELETE' || method === 'OPTIONS' ? undefined : `message=${randomUUID()}`;
    const { response, error } = await request(server.address, { method, path: '/thing', ...(body !== undefined && { body }) });
    expect(error).toBeUndefined();
    expect(response?.text).toBe(HAPPY_BODY);
  });

  test('HEAD gets the same head, and no body', async () => {
    const exchange = await sendRaw(server.address, 'HEAD / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.headers['content-length']).toBe(String(Buffer.byteLength(HAPPY_BODY)));
    expect(exchange.received.toString().endsWith('\r\n\r\n')).toBe(true);
  });

  test('a 1 MiB body is read, not choked on', async () => {
    const { response, error } = await request(server.address, { method: 'POST', body: Buffer.alloc(1024 * 1024, 'x') });
    expect(error).toBeUndefined();
    expect(response?.text).toBe(HAPPY_BODY);
  });
});

describe('what the library changed', () => {
  test('a method with no handler is no longer happy: 501 Not Implemented', async () => {
    const { response } = await request(server.address, { method: 'BREW', path: '/coffee' });
    expect(response?.status).toBe(501);
    expect(response?.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  test('the log shows one line per request: method, path, status', async () => {
    lines.length = 0;
    await sendRaw(server.address, 'GET /hello HTTP/1.1\r\nHost: test\r\n\r\nBREW /pot HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
    expect(lines).toEqual(['GET /hello 200', 'BREW /pot 501']);
  });

  test('a refused request is logged with its status and code', async () => {
    lines.length = 0;
    await sendRaw(server.address, 'GET / HTTP/1.1\r\n\r\n');
    expect(lines).toEqual(['(refused) 400 ERR_HOST_MISSING']);
  });
});
