import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, sendRaw } from '@workbook/testkit';
import { startServer, type RunningServer } from './start-server.ts';

const HAPPY = 'I am the happy server! :-)';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

describe('GET /', () => {
  test('answers 200 with the happy sentence', async () => {
    const { response, error } = await request(server.address);
    expect(error).toBeUndefined();
    expect(response?.status).toBe(200);
    expect(response?.text).toBe(HAPPY);
  });

  test('says the body is UTF-8 plain text', async () => {
    const { response } = await request(server.address);
    expect(response?.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  test('Content-Length counts the bytes of the body', async () => {
    const { response } = await request(server.address);
    expect(response?.headers['content-length']).toBe(String(Buffer.byteLength(HAPPY)));
    expect(response?.body.length).toBe(Buffer.byteLength(HAPPY));
  });

  test('the bytes on the wire form a well-framed HTTP/1.1 response', async () => {
    const { response } = await sendRaw(server.address, 'GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
    expect(response?.statusLine).toBe('HTTP/1.1 200 OK');
    expect(response?.problems).toEqual([]);
    expect(response?.complete).toBe(true);
    expect(response?.body.toString('utf8')).toBe(HAPPY);
  });
});

describe('any path', () => {
  // A random path each run, so a server that only knows a fixed list of paths would fail.
  const paths = ['/favicon.ico', '/index.html', '/a/b/c', '/search?q=happy&page=2', `/${randomUUID()}`];

  test.each(paths)('GET %s gets the happy reply', async (path) => {
    const { response } = await request(server.address, { path });
    expect(response?.status).toBe(200);
    expect(response?.text).toBe(HAPPY);
  });
});

describe('any method', () => {
  test.each([
    { method: 'POST', body: `message=${randomUUID()}` },
    { method: 'PUT', body: JSON.stringify({ happy: true }) },
    { method: 'PATCH', body: 'a little change' },
    { method: 'DELETE' },
    { method: 'OPTIONS' },
  ])('$method gets the happy reply', async ({ method, body }) => {
    const sent = { method, path: '/thing', ...(body !== undefined && { body }) };
    const { response, error } = await request(server.address, sent);
    expect(error).toBeUndefined();
    expect(response?.status).toBe(200);
    expect(response?.text).toBe(HAPPY);
  });

  test('HEAD gets the same headers and no body', async () => {
    const { response } = await request(server.address, { method: 'HEAD' });
    expect(response?.status).toBe(200);
    expect(response?.headers['content-type']).toBe('text/plain; charset=utf-8');
    // Content-Length still says how long the body of a GET would be.
    expect(response?.headers['content-length']).toBe(String(Buffer.byteLength(HAPPY)));
    expect(response?.body.length).toBe(0);
  });
});

describe('request bodies', () => {
  test('a large body is read past, not choked on', async () => {
    const body = Buffer.alloc(1024 * 1024, 'x');
    const { response, error } = await request(server.address, { method: 'POST', body });
    expect(error).toBeUndefined();
    expect(response?.text).toBe(HAPPY);
  });

  test('a body is never mistaken for the next request on the same connection', async () => {
    // The body looks like a request on purpose. If the server lost track of where the body ends,
    // it would answer three requests instead of two.
    const body = 'GET /trap HTTP/1.1\r\nHost: test\r\n\r\n';
    const { received, closedByServer } = await sendRaw(server.address, [
      `POST /first HTTP/1.1\r\nHost: test\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n`,
      body,
      'GET /second HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n',
    ]);
    expect(closedByServer).toBe(true);
    const text = received.toString('utf8');
    expect(text.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
    expect(text.split(HAPPY)).toHaveLength(3);
  });
});
