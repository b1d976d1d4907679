/**
 * Headers by name, media types by hand, and the safe-name rule: plain functions, no sockets.
 */
import { describe, expect, test } from 'vitest';
import { random } from '@workbook/testkit';
import { parseMediaType } from '../src/content-type.ts';
import { RequestHeaders } from '../src/headers.ts';
import { isSafeName } from '../src/safe-name.ts';

function headersOf(...lines: Array<[string, string]>): RequestHeaders {
  const headers = new RequestHeaders();
  for (const [name, value] of lines) headers.add(name, value);
  return headers;
}

describe('RequestHeaders', () => {
  test('names are case-insensitive; the lines keep the spelling they came with', () => {
    const agent = `Tester/${random.int(1, 99)}`;
    const headers = headersOf(['USER-agent', agent]);
    expect(headers.get('User-Agent')).toBe(agent);
    expect(headers.has('user-agent')).toBe(true);
    expect(headers.lines).toEqual([{ name: 'USER-agent', value: agent }]);
  });

  test('a repeated header keeps every value; get joins them with ", "', () => {
    const [a, b] = [random.word(), random.word()];
    const headers = headersOf(['X-Tag', a], ['x-tag', b]);
    expect(headers.getAll('X-TAG')).toEqual([a, b]);
    expect(headers.get('x-tag')).toBe(`${a}, ${b}`);
  });

  test('a missing header: undefined, [], false', () => {
    const headers = headersOf(['Host', 'h']);
    expect(headers.get('accept')).toBeUndefined();
    expect(headers.getAll('accept')).toEqual([]);
    expect(headers.list('accept')).toEqual([]);
    expect(headers.has('accept')).toBe(false);
  });

  test('a list header is split at commas, across lines, outside quotes only', () => {
    const headers = headersOf(['Accept', 'text/html, application/xhtml+xml ,,'], ['Accept', 'a/b;x="1,2", */*;q=0.8']);
    expect(headers.list('accept')).toEqual(['text/html', 'application/xhtml+xml', 'a/b;x="1,2"', '*/*;q=0.8']);
  });

  test('User-Agent is one value, commas and all', () => {
    const agent = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)';
    expect(headersOf(['User-Agent', agent]).get('user-agent')).toBe(agent);
  });

  test('__proto__ and constructor are just names', () => {
    const headers = headersOf(['__proto__', 'x']);
    expect(headers.get('__proto__')).toBe('x');
    expect(headers.get('constructor')).toBeUndefined();
  });
});

describe('parseMediaType', () => {
  test.each([
    ['text/plain', 'text/plain', {}],
    ['text/plain; charset=utf-8', 'text/plain', { charset: 'utf-8' }],
    ['Text/Plain;CHARSET=UTF-8', 'text/plain', { charset: 'UTF-8' }],
    ['multipart/form-data; boundary="a b;c\\"d"', 'multipart/form-data', { boundary: 'a b;c"d' }],
    ['application/json ; a=1 ;b=2', 'application/json', { a: '1', b: '2' }],
    ['text/plain;', 'text/plain', {}],
    ['*/*;q=0.8', '*/*', { q: '0.8' }],
    ['a/b; x=1; x=2', 'a/b', { x: '1' }],
    ['a/b; e=""', 'a/b', { e: '' }],
  ])('%j is %s with %j', (text, type, parameters) => {
    const parsed = parseMediaType(text);
    expect(parsed?.type).toBe(type);
    expect(Object.fromEntries(parsed?.parameters ?? [])).toEqual(parameters);
  });

  test.each([
    '',
    'text',
    'text/',
    '/plain',
    'text/plain charset=utf-8',
    'text/plain; charset',
    'text/plain; charset=',
    'text/plain; a="unclosed',
    'te xt/plain',
    'text/plain; a=b c',
  ])('%j is not a media type', (text) => {
    expect(parseMediaType(text)).toBeUndefined();
  });
});

describe('isSafeName', () => {
  test.each(['a', 'report-2026.pdf', 'notes_v2.txt', 'a.b.c', 'A-Z_0-9', 'x'.repeat(100), random.word()])('%j is safe', (name) => {
    expect(isSafeName(name)).toBe(true);
  });

  test.each(['', '.', '..', '.env', 'a.', '../x', 'a/b', 'a\\b', '%2e%2e', 'a b', 'a:b', 'a\0b', 'é.txt', 'con', 'CON.txt', 'nul.tar.gz', 'lpt1', 'x'.repeat(101)])(
    '%j is refused',
    (name) => {
      expect(isSafeName(name)).toBe(false);
    },
  );
});
