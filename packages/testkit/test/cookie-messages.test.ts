/**
 * The cookie checks' failure messages, pinned by golden files as messages.test.ts pins the
 * others. After a deliberate change, delete the golden file, run the tests to write it again, and
 * review the new text in the diff.
 */
import { describe, expect, test } from 'vitest';
import { clearsCookie, expectCookie, expectCookieCleared, parseSetCookie, Reply, setCookiesOf, type HttpExchange } from '../src/index.ts';
import { failureOf } from './failure-of.ts';

const address = { host: '127.0.0.1', port: 4321 };

/** A reply to `method path` with these Set-Cookie lines, joined as node and undici join them. */
function answer(setCookie: string[], method = 'GET', path = '/', status = 200): Reply {
  const headers: Record<string, string> = { 'content-length': '0', ...(setCookie.length && { 'set-cookie': setCookie.join(', ') }) };
  const exchange: HttpExchange = {
    kind: 'http',
    address,
    sent: { method, path, headers: method === 'POST' ? { cookie: 'session=abc.xyz' } : {} },
    response: { status, headers, body: Buffer.alloc(0), text: '' },
    elapsedMs: 3,
  };
  return new Reply(exchange);
}

const wanted = { httpOnly: true, sameSite: ['Lax', 'Strict'], path: '/' };

describe('reading Set-Cookie', () => {
  test('several lines, one with a comma in its Expires, come apart at the right commas', () => {
    const reply = answer(['theme=dark; Expires=Wed, 02 Dec 2026 10:00:00 GMT; Path=/', 'session=abc.xyz; Path=/; HttpOnly; SameSite=Lax']);
    const cookies = setCookiesOf(reply);
    expect(cookies.map((cookie) => cookie.pair)).toEqual(['theme=dark', 'session=abc.xyz']);
    expect(cookies[0]?.attributes.expires).toBe('Wed, 02 Dec 2026 10:00:00 GMT');
    expect(cookies[1]?.attributes).toEqual({ path: '/', httponly: '', samesite: 'Lax' });
    expect(expectCookie(reply, 'session', wanted).value).toBe('abc.xyz');
  });

  test('a line with no name is no cookie; Max-Age=0 and a past Expires clear one', () => {
    expect(parseSetCookie('=x; Path=/')).toBeUndefined();
    expect(clearsCookie(parseSetCookie('session=; Max-Age=0')!)).toBe(true);
    expect(clearsCookie(parseSetCookie('session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT')!)).toBe(true);
    expect(clearsCookie(parseSetCookie('session=abc; Max-Age=60')!)).toBe(false);
  });
});

describe('cookie failure messages', () => {
  const cases: Record<string, () => unknown> = {
    'cookie-missing': () => expectCookie(answer(['theme=dark; Path=/']), 'session', wanted),
    'cookie-not-httponly': () => expectCookie(answer(['session=abc.xyz; Path=/; SameSite=Lax']), 'session', wanted),
    'cookie-no-samesite': () => expectCookie(answer(['session=abc.xyz; Path=/; HttpOnly']), 'session', wanted),
    'cookie-wrong-path': () => expectCookie(answer(['session=abc.xyz; HttpOnly; SameSite=Lax'], 'POST', '/login', 303), 'session', wanted),
    'cookie-not-cleared': () => expectCookieCleared(answer(['session=; Path=/; HttpOnly; SameSite=Lax'], 'POST', '/logout', 303), 'session'),
  };
  for (const [name, check] of Object.entries(cases)) {
    test(name, async () => {
      await expect(failureOf(check)).toMatchFileSnapshot(`./golden/${name}.txt`);
    });
  }
});
