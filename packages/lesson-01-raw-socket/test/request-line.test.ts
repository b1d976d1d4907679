import { describe, test, expect } from 'vitest';
import { parseRequestLine } from '../src/request-line.ts';

describe('parseRequestLine', () => {
  test('splits a good line into method, target and version', () => {
    expect(parseRequestLine('GET /hello HTTP/1.1')).toEqual({
      ok: true,
      requestLine: { method: 'GET', target: '/hello', version: 'HTTP/1.1' },
    });
  });

  test.each([['POST /board HTTP/1.0'], ['DELETE /a/b?c=d&e=%20f HTTP/1.1'], ['HEAD / HTTP/1.1']])('accepts %j', (line) => {
    expect(parseRequestLine(line).ok).toBe(true);
  });

  test.each([
    ['GARBAGE', 'one word'],
    ['', 'an empty line'],
    ['GET /', 'a missing version'],
    ['GET / HTTP/1.1 extra', 'a fourth part'],
    ['GET  / HTTP/1.1', 'two spaces in a row'],
    ['GET / HTTP/1.1 ', 'a trailing space'],
    ['GET\t/\tHTTP/1.1', 'tabs instead of spaces'],
    ['get / HTTP/1.1', 'a lowercase method'],
    ['G3T / HTTP/1.1', 'a digit in the method'],
    ['GET hello HTTP/1.1', 'a target without a leading slash'],
    ['GET /caf\u00e9 HTTP/1.1', 'a non-ASCII byte in the target'],
    ['GET /a\x1b[31m HTTP/1.1', 'a control byte in the target'],
    ['GET / http/1.1', 'a lowercase version'],
    ['GET / HTTP/1', 'a version without a minor number'],
    ['GET / HTTP/11.1', 'a two-digit major version'],
  ])('refuses %j (%s) with a problem, without throwing', (line) => {
    const parsed = parseRequestLine(line);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).not.toBe('');
  });
});
