/**
 * Strict percent-decoding: good escapes become text, broken ones get a 400 that says why, and
 * nothing is decoded twice or guessed at.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, sendRaw } from '@workbook/testkit';
import { decodePercent } from '../src/decode-percent.ts';
import { parseQuery } from '../src/query.ts';
import { rawRequest } from './raw-request.ts';
import { startServer, type RunningServer } from './start-server.ts';

describe('decodePercent', () => {
  test.each([
    ['/plain', '/plain'],
    ['/a%20b', '/a b'],
    ['/caf%c3%a9', '/café'],
    ['/%E2%86%92', '/→'],
    ['/%2541', '/%41'],
    ['/%00', '/\u0000'],
    // A byte order mark is a character like any other here, not something to drop.
    ['/%EF%BB%BFx', '/\uFEFFx'],
  ])('%s becomes %j', (encoded, decoded) => {
    expect(decodePercent(encoded)).toEqual({ ok: true, text: decoded });
  });

  test.each([
    ['/%', '"%" is not a percent-escape'],
    ['/%4', '"%4" is not a percent-escape'],
    ['/%zz', '"%zz" is not a percent-escape'],
    ['/%E0%A4%A', '"%A" is not a percent-escape'],
    ['/%E0%A4', 'not UTF-8'],
    // C0 AE is an "overlong" way to write a dot: refused, never read as ".".
    ['/%c0%ae', 'not UTF-8'],
    ['/%c0%ae%c0%ae/', 'not UTF-8'],
    ['/%FF', 'not UTF-8'],
    // ED A0 80 would be half of a UTF-16 surrogate pair, which UTF-8 may not encode.
    ['/%ED%A0%80', 'not UTF-8'],
    ['/é', 'not ASCII'],
  ])('%s is refused (%s)', (encoded, reason) => {
    const decoded = decodePercent(encoded);
    expect(decoded.ok).toBe(false);
    expect(decoded.ok ? '' : decoded.problem).toContain(reason);
  });
});

describe('parseQuery', () => {
  test('names and values are decoded, + first becoming a space', () => {
    expect(parseQuery('a+b=c%2Bd&e=%C3%A9')).toEqual({
      ok: true,
      parameters: [
        { name: 'a b', value: 'c+d' },
        { name: 'e', value: 'é' },
      ],
    });
  });

  test('a value may hold "="; only the first one splits', () => {
    expect(parseQuery('expr=1+1=2')).toEqual({ ok: true, parameters: [{ name: 'expr', value: '1 1=2' }] });
  });

  test('a broken escape in a name or a value is refused', () => {
    expect(parseQuery('ok=1&bad%=2').ok).toBe(false);
    expect(parseQuery('ok=1&bad=%c0%ae').ok).toBe(false);
  });
});

describe('over a socket', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  test.each(['/%', '/%E0%A4%A', '/%c0%ae', '/%zz', '/ok?q=%'])('GET %s gets 400 and a plain explanation', async (target) => {
    const { response, closedByServer } = await sendRaw(server.address, rawRequest(`GET ${target} HTTP/1.1`));
    expect(closedByServer).toBe(true);
    expect(response?.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(response?.problems).toEqual([]);
    expect(response?.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response?.headers['x-content-type-options']).toBe('nosniff');
    const text = response?.body.toString('utf8') ?? '';
    expect(text).toMatch(/^400 Bad Request\n\nThe (path|query) \S+ cannot be decoded\. /);
    expect(text.endsWith(`\n\nRequest line: GET ${target} HTTP/1.1\n`)).toBe(true);
  });

  test('the 400 comes as JSON to a client that asks for JSON', async () => {
    const { response } = await request(server.address, { path: '/%c0%ae', headers: { accept: 'application/json' } });
    expect(response?.status).toBe(400);
    expect(response?.headers['content-type']).toBe('application/json');
    const answer = JSON.parse(response?.text ?? '');
    expect(answer.requestLine).toBe('GET /%c0%ae HTTP/1.1');
    expect(answer.error).toContain('not UTF-8');
  });

  test('every single-byte escape %00 to %FF gets 200 or 400, one after another on one connection', async () => {
    // ASCII (00 to 7F) is valid UTF-8 on its own; a lone byte from 80 to FF never is.
    const hex = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0').toUpperCase());
    const requests = hex.map((pair) => `GET /%${pair} HTTP/1.1\r\nHost: test\r\n\r\n`).join('');
    const { received } = await sendRaw(server.address, `${requests}${rawRequest('GET /last HTTP/1.1')}`);
    const text = received.toString('utf8');
    expect(text.match(/^HTTP\/1\.1 200 OK\r$/gm)).toHaveLength(128 + 1);
    expect(text.match(/^HTTP\/1\.1 400 Bad Request\r$/gm)).toHaveLength(128);
    expect(text).toContain('Request line: GET /last HTTP/1.1');
  });
});
