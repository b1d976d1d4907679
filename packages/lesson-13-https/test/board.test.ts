/**
 * Lesson 12's board over TLS: the session cookie it sets says Secure (so a browser never sends it
 * over plain HTTP), comes back over HTTPS and signs you in; and posts from any other origin are
 * still refused, the board's own http:// origin included.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { random } from '@workbook/testkit';
import { createBoardHandler } from 'lesson-12-cookies-and-sessions/server';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { STRICT_TRANSPORT_SECURITY } from '../src/hsts.ts';
import { makeTestCertificates, type TestCertificates } from './certificates.ts';
import { type RunningServers, startServers } from './start-servers.ts';

const PASSWORD = 'correct horse battery staple';

let certs: TestCertificates;
let folder: string;
let servers: RunningServers;
/** What a browser sends as Origin for a form on the board's own page. */
let ownOrigin: string;
beforeAll(async () => {
  certs = await makeTestCertificates();
  folder = mkdtempSync(path.join(tmpdir(), 'workbook-lesson-13-board-'));
  const board = createBoardHandler({ file: path.join(folder, 'messages.jsonl'), secureCookies: true, log: false });
  servers = await startServers(board, certs.certificates);
  ownOrigin = servers.secureBase;
});
afterAll(async () => {
  await servers.stop();
  rmSync(folder, { recursive: true, force: true });
  certs.remove();
});

/** A form post over HTTPS, as a browser sends it from a page on `origin`. */
async function postForm(target: string, fields: Record<string, string>, options: { cookie?: string; origin?: string; site?: string } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  if (options.site) headers['sec-fetch-site'] = options.site;
  const response = await request(`${servers.secureBase}${target}`, { method: 'POST', dispatcher: servers.client, headers, body: new URLSearchParams(fields).toString() });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

async function getPage(cookie?: string) {
  const response = await request(`${servers.secureBase}/`, { dispatcher: servers.client, headers: cookie ? { cookie } : {} });
  return { headers: response.headers, text: await response.body.text() };
}

/** Signs up a new account from the board's own page; its Set-Cookie, and the cookie to send back. */
async function signUp() {
  const name = `user-${random.word().slice(0, 8)}`;
  const answer = await postForm('/sign-up', { name, password: PASSWORD }, { origin: ownOrigin, site: 'same-origin' });
  expect(answer.status).toBe(303);
  const setCookie = String(answer.headers['set-cookie']);
  return { name, setCookie, cookie: setCookie.split(';')[0] ?? '' };
}

describe('the session cookie over HTTPS', () => {
  test('is Secure, and still HttpOnly and SameSite=Lax', async () => {
    const { setCookie } = await signUp();
    const attributes = setCookie.split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toContain('secure');
    expect(attributes).toContain('httponly');
    expect(attributes).toContain('samesite=lax');
  });

  test('comes back over HTTPS and signs you in; messages can be posted', async () => {
    const { name, cookie } = await signUp();
    expect(await getPage(cookie).then((page) => page.text)).toContain(`<b id="viewer">${name}</b>`);
    const text = `over TLS ${random.word()}`;
    expect((await postForm('/messages', { message: text }, { cookie, origin: ownOrigin, site: 'same-origin' })).status).toBe(303);
    expect((await getPage(cookie)).text).toContain(text);
  });

  test('the board answers with Strict-Transport-Security like every HTTPS answer', async () => {
    expect((await getPage()).headers['strict-transport-security']).toBe(STRICT_TRANSPORT_SECURITY);
  });
});

describe('posts from elsewhere are still refused', () => {
  test.each([
    ['https://evil.example', 'cross-site', 'another site'],
    [undefined, 'same-site', 'a page on another port of localhost'],
  ])('Origin %s, Sec-Fetch-Site %s (%s): 403, and nothing posted', async (origin, site, _why) => {
    const { cookie } = await signUp();
    const text = `forged ${random.word()}`;
    const answer = await postForm('/messages', { message: text }, { cookie, site, ...(origin && { origin }) });
    expect(answer.status).toBe(403);
    expect((await getPage(cookie)).text).not.toContain(text);
  });

  test("the board's own http:// origin is another origin: a post from it is refused", async () => {
    const { cookie } = await signUp();
    const text = `from plain http ${random.word()}`;
    const answer = await postForm('/messages', { message: text }, { cookie, origin: ownOrigin.replace('https:', 'http:') });
    expect(answer.status).toBe(403);
    expect((await getPage(cookie)).text).not.toContain(text);
  });
});
