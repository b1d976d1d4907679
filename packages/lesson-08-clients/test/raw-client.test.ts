import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { freePort } from '@workbook/testkit';
import { fetchRaw } from '../src/raw-client.ts';
import { GREETING, SLOW_TEXT } from '../src/practice-server.ts';
import { startPracticeServer, type RunningPracticeServer } from './start-practice-server.ts';

let server: RunningPracticeServer;
beforeAll(async () => {
  server = await startPracticeServer();
});
afterAll(() => server.stop());

describe('the socket client against the practice server', () => {
  test('an ordinary answer: status, headers and body', async () => {
    const { response } = await fetchRaw(`${server.origin}/`);
    expect(response).toMatchObject({ status: 200, statusLine: 'HTTP/1.0 200 OK', complete: true, problems: [] });
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body.toString('utf8')).toBe(GREETING);
  });

  test('a body in several pieces: read until the close, then decoded whole', async () => {
    const { response, reads } = await fetchRaw(`${server.origin}/slow`);
    expect(reads).toBeGreaterThan(1);
    // The first piece ends inside "ü". Decoding piece by piece would have made it "��".
    expect(response.body.toString('utf8')).toBe(SLOW_TEXT);
    expect(response.complete).toBe(true);
  });

  test('a server that closes early: the response is marked incomplete, and the problem named', async () => {
    const { response } = await fetchRaw(`${server.origin}/short`);
    expect(response.complete).toBe(false);
    expect(response.body.toString('utf8')).toBe(GREETING);
    expect(response.problems.join('\n')).toMatch(/Content-Length promised \d+ bytes, but only \d+ arrived/);
  });

  test('a server that never answers: ETIMEDOUT, instead of waiting forever', async () => {
    await expect(fetchRaw(`${server.origin}/silent`, { timeoutMs: 200 })).rejects.toMatchObject({
      code: 'ETIMEDOUT',
      message: expect.stringContaining('no answer at all'),
    });
  });

  test('bare \\n line ends: the answer still comes through, with the problem noted', async () => {
    const { response } = await fetchRaw(`${server.origin}/lf`);
    expect(response.status).toBe(200);
    expect(response.body.toString('utf8')).toBe(GREETING);
    expect(response.problems).toEqual([expect.stringContaining('bare \\n')]);
  });

  test('no Content-Length: the body ends at the close', async () => {
    const { response } = await fetchRaw(`${server.origin}/no-length`);
    expect(response).toMatchObject({ status: 200, complete: true, problems: [] });
    expect(response.body.toString('utf8')).toMatch(/ends where the connection does/);
  });

  test('an HTTP/1.0 request never gets a chunked answer', async () => {
    const { response } = await fetchRaw(`${server.origin}/chunked`);
    expect(response.headers['transfer-encoding']).toBeUndefined();
    expect(response.body.toString('utf8')).toBe('Chunked bodies come in sized pieces.\n');
  });

  test('a redirect is reported, not followed', async () => {
    const { response } = await fetchRaw(`${server.origin}/moved`);
    expect(response.status).toBe(301);
    expect(response.headers.location).toBe('/');
  });
});

describe('what goes wrong before any answer', () => {
  test('nothing listening: ECONNREFUSED, and what to check', async () => {
    const port = await freePort();
    await expect(fetchRaw(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
      message: `Nothing is listening at 127.0.0.1:${port} (connection refused). Is the server running, on that port?`,
    });
  });

  test.each([
    ['no scheme', 'localhost:4321', 'needs a scheme in front, like http://localhost:'],
    ['not a URL', 'http://exa mple.com/', 'is not a URL'],
    ['https', 'https://127.0.0.1/', 'Only http: URLs'],
  ])('%s: ERR_BAD_URL', async (_name, url, message) => {
    await expect(fetchRaw(url)).rejects.toMatchObject({ code: 'ERR_BAD_URL', message: expect.stringContaining(message) });
  });
});

describe('the request on the wire', () => {
  test('GET with the path and query, HTTP/1.0, a Host header, and the blank line', async () => {
    // A server that keeps what it received, answers, and closes.
    let received = '';
    const capture = net.createServer((socket) => {
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
        if (received.includes('\r\n\r\n')) socket.end('HTTP/1.0 204 No Content\r\n\r\n');
      });
    });
    await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
    const { port } = capture.address() as net.AddressInfo;
    try {
      const { request, response } = await fetchRaw(`http://127.0.0.1:${port}/a/b?x=1&y=%20`);
      expect(received).toBe(request.toString('latin1'));
      expect(received).toBe(`GET /a/b?x=1&y=%20 HTTP/1.0\r\nHost: 127.0.0.1:${port}\r\nUser-Agent: workbook-lesson-08\r\n\r\n`);
      expect(response.status).toBe(204);
    } finally {
      await new Promise((resolve) => capture.close(resolve));
    }
  });
});
