/**
 * The HTTPS servers in a real browser. Headless Chromium is told to trust exactly one key, the
 * test certificate's (`--ignore-certificate-errors-spki-list`), rather than the local authority:
 * a test must not add an authority to anything. A certificate from any other authority still gets
 * the browser's certificate error, as it would for you.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spkiHashOf } from '@workbook/cert';
import { listenForTests, random, type ServerUnderTest } from '@workbook/testkit';
import { chromiumFound, launchChromium, MISSING_IN_CI, SKIP_NOTICE } from '@workbook/testkit/chromium';
import { createRequestListener } from 'lesson-04-file-server/src/server.ts';
import { createBoardHandler } from 'lesson-12-cookies-and-sessions/server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createSecureServer } from '../src/secure-server.ts';
import { makeTestCertificates, type TestCertificates } from './certificates.ts';
import { type RunningServers, startServers } from './start-servers.ts';

// On a developer's machine a missing browser only skips these tests, and says so. In CI it is a
// failure: a green run that never opened a browser would be a promise not kept.
if (!chromiumFound && process.env.CI) {
  test('Chromium is installed for the browser tests', () => {
    expect.fail(MISSING_IN_CI);
  });
} else if (!chromiumFound) {
  console.warn(`\nBrowser tests ${SKIP_NOTICE}\n`);
}

describe.skipIf(!chromiumFound)(chromiumFound ? 'HTTPS in Chromium' : SKIP_NOTICE, () => {
  let certs: TestCertificates;
  let folder: string;
  let browser: Browser;
  let files: RunningServers;
  let board: RunningServers;
  let page: Page;

  beforeAll(async () => {
    certs = await makeTestCertificates();
    folder = mkdtempSync(path.join(tmpdir(), 'workbook-lesson-13-browser-'));
    [browser, files, board] = await Promise.all([
      // The name localhost goes to 127.0.0.1, where the servers listen, without asking any resolver.
      launchChromium([`--ignore-certificate-errors-spki-list=${spkiHashOf(certs.certificates.cert)}`, '--host-resolver-rules=MAP localhost 127.0.0.1']),
      startServers(createRequestListener({ log: false }), certs.certificates),
      startServers(createBoardHandler({ file: path.join(folder, 'messages.jsonl'), secureCookies: true, log: false }), certs.certificates),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await Promise.all([files?.stop(), board?.stop()]);
    rmSync(folder, { recursive: true, force: true });
    certs?.remove();
  });
  beforeEach(async () => {
    page = await browser.newPage();
  });
  afterEach(() => page.close());

  test('loads the file server over https with no certificate error, in a secure context', async () => {
    const response = await page.goto(`https://localhost:${files.secure.port}/`);
    expect(response?.status()).toBe(200);
    const security = await response?.securityDetails();
    expect(security?.issuer).toBe('HTTP Workbook local authority');
    expect(security?.subjectName).toBe('localhost');
    expect(security?.protocol).toMatch(/^TLS 1\.[23]$/);
    // What the padlock stands for: the page may use what browsers keep from plain http pages.
    expect(await page.evaluate(() => (globalThis as unknown as { isSecureContext: boolean }).isSecureContext)).toBe(true);
    expect(await page.title()).not.toBe('');
  });

  test('an http:// address ends on the https:// one, path and query kept', async () => {
    await page.goto(`http://localhost:${files.plain.port}/guide/?from=http`);
    expect(page.url()).toBe(`https://localhost:${files.secure.port}/guide/?from=http`);
  });

  test('a certificate from another authority gets the certificate error', async () => {
    const { cert, key } = certs.stranger;
    const stranger: ServerUnderTest = await listenForTests(createSecureServer(createRequestListener({ log: false }), { cert, key, log: false }));
    try {
      await expect(page.goto(`https://localhost:${stranger.address.port}/`)).rejects.toThrow(/ERR_CERT_AUTHORITY_INVALID/);
    } finally {
      await stranger.stop();
    }
  });

  test('the board: sign up, post, and the session cookie is Secure', async () => {
    const name = `user-${random.word().slice(0, 8)}`;
    await page.goto(`https://localhost:${board.secure.port}/sign-up`);
    await page.fill('#name', name);
    await page.fill('#password', 'correct horse battery staple');
    await Promise.all([page.waitForURL(`https://localhost:${board.secure.port}/`), page.click('button:text-is("Sign up")')]);
    const text = `hello over TLS ${random.word()}`;
    await page.fill('#message', text);
    await Promise.all([page.waitForNavigation(), page.click('button:text-is("Save")')]);
    expect(await page.locator('#messages li p').allTextContents()).toContain(text);
    const [cookie] = await page.context().cookies(`https://localhost:${board.secure.port}/`);
    expect(cookie).toMatchObject({ name: 'session', secure: true, httpOnly: true, sameSite: 'Lax' });
  });

  test('the board refuses a form posted from another https site, even with the cookie', async () => {
    // Signed in on the board first, so the browser has a cookie it could send.
    const name = `user-${random.word().slice(0, 8)}`;
    await page.goto(`https://localhost:${board.secure.port}/sign-up`);
    await page.fill('#name', name);
    await page.fill('#password', 'correct horse battery staple');
    await Promise.all([page.waitForURL(`https://localhost:${board.secure.port}/`), page.click('button:text-is("Sign up")')]);

    // Another site: a page with a form aimed at the board, served over https from another port.
    const forged = `forged ${random.word()}`;
    const otherRoot = mkdtempSync(path.join(folder, 'other-'));
    writeFileSync(
      path.join(otherRoot, 'index.html'),
      `<!doctype html><title>Win a prize</title><form method="post" action="https://localhost:${board.secure.port}/messages">` +
        `<input name="message" value="${forged}"><button>Claim</button></form>`,
    );
    const other = await startServers(createRequestListener({ root: otherRoot, log: false }), certs.certificates);
    try {
      await page.goto(`https://localhost:${other.secure.port}/`);
      const [response] = await Promise.all([page.waitForResponse(`https://localhost:${board.secure.port}/messages`), page.click('button:text-is("Claim")')]);
      expect(response.status()).toBe(403);
      await page.goto(`https://localhost:${board.secure.port}/`);
      expect(await page.locator('#messages li p').allTextContents()).not.toContain(forged);
    } finally {
      await other.stop();
    }
  });
});
