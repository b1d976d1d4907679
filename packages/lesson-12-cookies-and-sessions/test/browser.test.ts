/**
 * The board in a real browser, with two people: headless Chromium with two browser contexts,
 * which share nothing (no cookies, no storage), like two people on two computers. Here the cookie
 * attributes meet the browser they were made for: HttpOnly hides the session from scripts, and
 * SameSite decides which requests from other sites carry it.
 *
 * On loopback, `http://127.0.0.1:<port>` and `http://localhost:<port>` are two different sites
 * (the site is the host name; the port does not count), so a page on localhost plays the
 * attacker's site, and a page on 127.0.0.1 at another port plays a neighbour on the same site.
 */
import http from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { listenForTests, type ServerUnderTest } from '@workbook/testkit';
import { chromiumFound, launchChromium, MISSING_IN_CI, SKIP_NOTICE } from '@workbook/testkit/chromium';
import { clearBoard, fileMessages, PASSWORD, signedUp, type Person } from './board-client.ts';
import { startBoard, type RunningBoard } from './start-server.ts';

// On a developer's machine a missing browser only skips these tests, and says so. In CI it is a
// failure: a green run that never opened a browser would be a promise not kept.
if (!chromiumFound && process.env.CI) {
  test('Chromium is installed for the browser tests', () => {
    expect.fail(MISSING_IN_CI);
  });
} else if (!chromiumFound) {
  console.warn(`\nBrowser tests ${SKIP_NOTICE}\n`);
}

/** Another web site: one page with a form that posts to the board, and a link to it. */
function attackerSite(boardOrigin: string): http.Server {
  return http.createServer((_request, response) => {
    const html = `<!doctype html><title>Free prizes</title>
<form method="post" action="${boardOrigin}/messages"><input type="hidden" name="message" value="posted by another site"><button>Win a prize</button></form>
<form method="post" action="${boardOrigin}/clear"><button>Win another prize</button></form>
<a href="${boardOrigin}/">Go to the board</a>`;
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
    response.end(html);
  });
}

describe.skipIf(!chromiumFound)(chromiumFound ? 'two people on the board in Chromium' : SKIP_NOTICE, () => {
  let browser: Browser;
  let board: RunningBoard;
  let attacker: ServerUnderTest;
  let admin: Person;
  let contexts: BrowserContext[];

  beforeAll(async () => {
    [browser, board] = await Promise.all([launchChromium(), startBoard()]);
    admin = await signedUp(board, board.admin ?? 'admin');
    attacker = await listenForTests(attackerSite(board.origin));
  });
  afterAll(async () => {
    await browser?.close();
    await attacker?.stop();
    await board?.stop();
  });

  beforeEach(async () => {
    await clearBoard(admin);
    contexts = [];
  });
  afterEach(async () => {
    for (const context of contexts) await context.close();
  });

  /** A new person at a new computer: a fresh browser context, on the board's page. */
  async function person(): Promise<Page> {
    const context = await browser.newContext();
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${board.origin}/`);
    return page;
  }

  /** Presses a button and waits until the page it leads to (after any redirect) has loaded. */
  async function press(page: Page, label: string): Promise<void> {
    const navigated = page.waitForEvent('framenavigated');
    await page.click(`button:text-is("${label}")`);
    await navigated;
    await page.waitForLoadState();
  }

  async function signUpAs(page: Page, name: string): Promise<void> {
    await page.goto(`${board.origin}/sign-up`);
    await page.fill('#name', name);
    await page.fill('#password', PASSWORD);
    await press(page, 'Sign up');
  }

  async function post(page: Page, text: string): Promise<void> {
    await page.fill('#message', text);
    await press(page, 'Save');
  }

  const shown = (page: Page) =>
    page.locator('#messages li').evaluateAll((items) => items.map((item) => `${item.querySelector('.author')?.textContent}: ${item.querySelector('p')?.textContent}`));

  const uniqueName = (prefix: string) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

  test("two people sign up, post, and see each other's messages with their names", async () => {
    const [alicePage, bobPage] = [await person(), await person()];
    const [alice, bob] = [uniqueName('alice'), uniqueName('bob')];
    await signUpAs(alicePage, alice);
    await signUpAs(bobPage, bob);
    expect(await alicePage.locator('#viewer').textContent()).toBe(alice);
    expect(await bobPage.locator('#viewer').textContent()).toBe(bob);

    await post(alicePage, 'Hello from Alice');
    await post(bobPage, 'Hello from Bob');
    await alicePage.reload();
    expect(await shown(alicePage)).toEqual([`${alice}: Hello from Alice`, `${bob}: Hello from Bob`]);
    expect(await shown(bobPage)).toEqual([`${alice}: Hello from Alice`, `${bob}: Hello from Bob`]);
  });

  test('each sees a Delete button on their own message only, and Delete removes it', async () => {
    const [alicePage, bobPage] = [await person(), await person()];
    const [alice, bob] = [uniqueName('alice'), uniqueName('bob')];
    await signUpAs(alicePage, alice);
    await signUpAs(bobPage, bob);
    await post(alicePage, 'Alice was here');
    await post(bobPage, 'Bob was here');

    const deleteButtons = (page: Page) =>
      page.locator('#messages li').evaluateAll((items) => items.filter((item) => item.querySelector('button')).map((item) => item.querySelector('p')?.textContent));
    await alicePage.reload();
    expect(await deleteButtons(alicePage)).toEqual(['Alice was here']);
    expect(await deleteButtons(bobPage)).toEqual(['Bob was here']);

    await alicePage.click('#messages li:has-text("Alice was here") button:text-is("Delete")');
    await alicePage.waitForURL(`${board.origin}/`);
    expect(await shown(alicePage)).toEqual([`${bob}: Bob was here`]);
    expect(fileMessages(board.file).map((message) => message.text)).toEqual(['Bob was here']);
  });

  test('signed out, the page offers Sign in and has no form; Sign out ends the session', async () => {
    const page = await person();
    expect(await page.locator('#message').count()).toBe(0);
    expect(await page.locator('a:text-is("Sign in")').count()).toBe(1);
    await signUpAs(page, uniqueName('carol'));
    expect(await page.locator('#message').count()).toBe(1);
    await press(page, 'Sign out');
    expect(await page.locator('.who').textContent()).toContain('You are not signed in');
    expect(await page.context().cookies()).toEqual([]);
  });

  test('a wrong password shows the reason on the sign-in page, and signs nobody in', async () => {
    const page = await person();
    const name = uniqueName('dave');
    await signUpAs(page, name);
    await press(page, 'Sign out');
    await page.goto(`${board.origin}/sign-in`);
    await page.fill('#name', name);
    await page.fill('#password', 'not my password');
    await press(page, 'Sign in');
    expect(await page.locator('.error').textContent()).toBe('Wrong name or password.');
    expect(await page.context().cookies()).toEqual([]);
  });

  test('HttpOnly: the browser keeps the session cookie, but document.cookie does not show it', async () => {
    const page = await person();
    await signUpAs(page, uniqueName('erin'));
    // A cookie without HttpOnly, next to ours, to show that document.cookie does work here.
    await page.context().addCookies([{ name: 'theme', value: 'dark', url: board.origin }]);
    const cookies = await page.context().cookies();
    const session = cookies.find((cookie) => cookie.name === 'session');
    expect(session).toMatchObject({ httpOnly: true, secure: false, sameSite: 'Lax', path: '/' });
    // Evaluated in the page, as any script on it would: what document.cookie lets it see.
    expect(await page.evaluate('document.cookie')).toBe('theme=dark');
  });

  test('SameSite=Lax: a form on another site posts without the cookie, and the board refuses it', async () => {
    const page = await person();
    await signUpAs(page, uniqueName('frank'));
    // localhost is another site than 127.0.0.1: the cookie of 127.0.0.1 stays at home.
    await page.goto(`http://localhost:${attacker.address.port}/`);
    const answer = page.waitForResponse(`${board.origin}/messages`);
    await page.click('button:text-is("Win a prize")');
    const response = await answer;
    expect(response.status()).toBe(403);
    const sent = await response.request().allHeaders();
    expect(sent.cookie).toBeUndefined();
    expect(sent['sec-fetch-site']).toBe('cross-site');
    expect(fileMessages(board.file)).toEqual([]);
  });

  test('SameSite=Lax: a plain link from another site still carries the cookie, so you arrive signed in', async () => {
    const page = await person();
    const name = uniqueName('grace');
    await signUpAs(page, name);
    await page.goto(`http://localhost:${attacker.address.port}/`);
    await page.click('a:text-is("Go to the board")');
    await page.waitForURL(`${board.origin}/`);
    expect(await page.locator('#viewer').textContent()).toBe(name);
  });

  test('the same site on another port: the cookie does go along (SameSite ignores ports), and the origin check refuses it', async () => {
    const page = await person();
    await signUpAs(page, uniqueName('heidi'));
    // 127.0.0.1 on the attacker's port: another program, but the same site as the board.
    await page.goto(`http://127.0.0.1:${attacker.address.port}/`);
    const answer = page.waitForResponse(`${board.origin}/messages`);
    await page.click('button:text-is("Win a prize")');
    const response = await answer;
    const sent = await response.request().allHeaders();
    expect(sent.cookie).toMatch(/^session=/);
    expect(sent['sec-fetch-site']).toBe('same-site');
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain('another site');
    expect(fileMessages(board.file)).toEqual([]);
  });

  test("the admin's Clear from another site is refused, whichever lock stops it", async () => {
    const page = await person();
    await page.context().addCookies([{ name: 'session', value: admin.cookie.slice('session='.length), url: board.origin, httpOnly: true, sameSite: 'Lax' }]);
    await page.goto(`${board.origin}/`);
    await post(page, 'the admin wrote this');
    for (const host of ['localhost', '127.0.0.1']) {
      await page.goto(`http://${host}:${attacker.address.port}/`);
      const answer = page.waitForResponse(`${board.origin}/clear`);
      await page.click('button:text-is("Win another prize")');
      expect((await answer).status()).toBe(403);
    }
    expect(fileMessages(board.file).map((message) => message.text)).toEqual(['the admin wrote this']);
  });
});
