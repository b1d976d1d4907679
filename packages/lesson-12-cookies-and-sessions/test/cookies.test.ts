/**
 * Set-Cookie and Cookie on their own: what formatSetCookie writes and refuses to write, and what
 * parseCookieHeader makes of a header that may hold anything at all.
 */
import { describe, expect, test } from 'vitest';
import { CookieError, formatSetCookie, parseCookieHeader } from '../src/cookies.ts';

describe('formatSetCookie', () => {
  test('a name and a value alone', () => {
    expect(formatSetCookie('theme', 'dark')).toBe('theme=dark');
  });

  test('every attribute, in the order RFC 6265 lists them', () => {
    const header = formatSetCookie('session', 'abc.123', {
      path: '/',
      maxAge: 3600,
      expires: new Date('2026-12-02T17:04:05.000Z'),
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
    });
    expect(header).toBe('session=abc.123; Path=/; Max-Age=3600; Expires=Wed, 02 Dec 2026 17:04:05 GMT; HttpOnly; Secure; SameSite=Strict');
  });

  test('false flags are left out, and Max-Age=0 (delete it now) is written', () => {
    expect(formatSetCookie('session', '', { maxAge: 0, httpOnly: false, secure: false, sameSite: 'Lax' })).toBe('session=; Max-Age=0; SameSite=Lax');
  });

  test.each([
    ['a ; that would start an attribute of its own', 'x; Domain=evil.example'],
    ['a ; and a Max-Age, to keep the cookie for years', 'x;Max-Age=999999999'],
    ['a line break, to start a header of its own', 'x\r\nSet-Cookie: admin=1'],
    ['a space', 'two words'],
    ['a double quote', 'say "hi"'],
    ['a comma', 'a,b'],
    ['a backslash', 'a\\b'],
    ['a character that is not ASCII', 'grüße'],
  ])('a value with %s is refused, not sent', (_what, value) => {
    expect(() => formatSetCookie('session', value)).toThrow(CookieError);
  });

  test.each([
    ['empty', ''],
    ['with =', 'a=b'],
    ['with a space', 'my cookie'],
    ['with ;', 'a;b'],
  ])('a name that is %s is refused', (_what, name) => {
    expect(() => formatSetCookie(name, 'v')).toThrow(/must be a token/);
  });

  test('a Path with a ; in it is refused; a Max-Age that is not a whole number too', () => {
    expect(() => formatSetCookie('a', 'b', { path: '/; Domain=evil.example' })).toThrow(CookieError);
    expect(() => formatSetCookie('a', 'b', { path: 'no-slash' })).toThrow(CookieError);
    expect(() => formatSetCookie('a', 'b', { maxAge: 1.5 })).toThrow(CookieError);
  });

  test('what it refuses, it says, so the bug is found at once', () => {
    expect(() => formatSetCookie('session', 'x; Domain=evil.example')).toThrow(/semicolons/);
  });
});

describe('parseCookieHeader', () => {
  const parsed = (header: string | undefined) => Object.fromEntries(parseCookieHeader(header));

  test('several cookies in one header, with or without the space after ;', () => {
    expect(parsed('session=abc.123; theme=dark;lang=en')).toEqual({ session: 'abc.123', theme: 'dark', lang: 'en' });
  });

  test('no header, or an empty one: no cookies', () => {
    expect(parsed(undefined)).toEqual({});
    expect(parsed('')).toEqual({});
  });

  test('a value may contain = (base64 padding, say): only the first = separates', () => {
    expect(parsed('data=YWJj==; x=1')).toEqual({ data: 'YWJj==', x: '1' });
  });

  test('a value in double quotes counts without them', () => {
    expect(parsed('quoted="abc"')).toEqual({ quoted: 'abc' });
  });

  test('an empty value is a value', () => {
    expect(parsed('empty=; x=1')).toEqual({ empty: '', x: '1' });
  });

  test('the same name twice: the first one wins', () => {
    expect(parsed('session=first; session=second')).toEqual({ session: 'first' });
  });

  test.each([
    ['a pair without =', 'lonely; x=1'],
    ['an empty name', '=value; x=1'],
    ['a name with a space', 'my cookie=1; x=1'],
    ['a value with a space inside', 'a=two words; x=1'],
    ['a value with a quote inside', 'a=ab"c; x=1'],
    ['a value with a backslash', 'a=a\\b; x=1'],
    ['a half-quoted value', 'a="abc; x=1'],
    ['a value that is not ASCII', 'a=grüße; x=1'],
    ['only separators around it', ';;; ; x=1 ;;'],
  ])('%s is skipped, and the good pair still counts', (_what, header) => {
    expect(parsed(header)).toEqual({ x: '1' });
  });

  test('a value cannot smuggle in a second cookie: a ; always ends it', () => {
    // What a browser sends if a page stored "x; session=forged" as the theme (it could not: the
    // browser would store "x" and drop the rest, which is the same thing).
    expect(parsed('theme=x; session=real.one')).toEqual({ theme: 'x', session: 'real.one' });
  });

  test('spaces around names and values are not part of them', () => {
    expect(parsed('  a  =  1  ;\tb=2')).toEqual({ a: '1', b: '2' });
  });

  test('ten thousand pairs are read to the end, and the one we want is found', () => {
    const many = Array.from({ length: 10_000 }, (_, index) => `c${index}=${index}`).join('; ');
    const cookies = parseCookieHeader(`${many}; session=found`);
    expect(cookies.size).toBe(10_001);
    expect(cookies.get('session')).toBe('found');
  });

  test('what formatSetCookie writes, parseCookieHeader reads back', () => {
    const value = 'Zm9v-YmFy_.abc123';
    const pair = formatSetCookie('session', value, { path: '/', httpOnly: true }).split(';')[0];
    expect(parseCookieHeader(pair).get('session')).toBe(value);
  });
});
