/**
 * The same sessions in a real browser, headless Chromium: it keeps the cookie from one page load
 * to the next, never shows it to the page's scripts, and never sends it with a form that another
 * site posts.
 *
 * While graded, these checks run too (Chromium works in the grader's sandbox), but exercise.json
 * gives them 0 points: a grade must not depend on whether the grading machine has a browser.
 * Each thing they see is also checked over plain HTTP in server.test.ts, and those checks carry
 * the points.
 */
import http from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { chromiumFound, launchChromium, MISSING_IN_CI, SKIP_NOTICE } from '@workbook/testkit/chromium';
import { CheckFailure, gradingSandbox, listenForTests, random, useProgram, type ServerUnderTest } from '@workbook/testkit';

const server = useProgram(import.meta.url, 'server.ts', { SESSION_SECRET: `browser-secret-${random.word()}-${random.int(100_000, 999_999)}` });

// On a developer's machine a missing browser only skips these checks, and says so. In CI it is a
// failure, as a green run that never opened a browser would be a promise not kept; but not while
// grading, where a failure would cost every student points for the machine's sake.
if (!chromiumFound && process.env.CI && !gradingSandbox()) {
  test('Chromium is installed for the browser checks', () => {
    expect.fail(MISSING_IN_CI);
  });
} else if (!chromiumFound) {
  console.warn(`\nBrowser checks of ex16 ${SKIP_NOTICE}\n`);
}

/** A failure in the words of the other checks: what happened, then what to try. */
function fail(summary: string, hint: string): never {
  const seed = random.used ? `\n\n(The random names came from seed ${random.seed}: WORKBOOK_SEED=${random.seed} repeats them.)` : '';
  throw new CheckFailure(`In Chromium: ${summary}\n\nHint: ${hint}${seed}`);
}

// The describe's name stays the same with or without a browser: exercise.json names its checks.
describe.skipIf(!chromiumFound)('in Chromium', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let origin: string;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  beforeEach(async () => {
    // A first request through the kit: it says why, if the server did not start.
    (await server.get('/me')).expectResponse();
    origin = `http://127.0.0.1:${server.program?.port}`;
    context = await browser.newContext();
    page = await context.newPage();
    // Short waits: a server that works answers in milliseconds; a check fails before vitest's limit.
    page.setDefaultTimeout(4000);
  });
  afterEach(async () => {
    await context?.close();
  });

  async function visitsOnPage(): Promise<number> {
    const text = await page
      .locator('#visits')
      .textContent({ timeout: 2000 })
      .catch(() => null);
    if (text === null) fail(`the page at ${page.url()} has no <span id="visits">.`, "Keep the starter's makePage(session): it shows the visits in that span.");
    return Number(text);
  }

  /** The session cookie the browser holds for the server, as Chromium keeps it. */
  async function sessionCookie() {
    return (await context.cookies(origin)).find((cookie) => cookie.name === 'session');
  }

  test('the visits count up from one page load to the next, and document.cookie cannot read the session', async () => {
    for (let expected = 1; expected <= 3; expected++) {
      await page.goto(`${origin}/`);
      if (expected === 1 && !(await sessionCookie())) {
        fail(
          'after the first visit, the browser holds no cookie named "session" for the server.',
          'Send Set-Cookie: session=<id>.<signature>; Path=/; HttpOnly; SameSite=Lax to a new visitor.',
        );
      }
      const shown = await visitsOnPage();
      if (shown !== expected) {
        fail(
          `after ${expected} page loads, the page says ${shown} visits.`,
          shown === 1
            ? 'The browser sends back the cookie it got, but the server does not know it again. Is the Set-Cookie line exactly session=<id>.<signature>; Path=/; HttpOnly; SameSite=Lax, and does verify() accept your own signature?'
            : 'Count each GET / once, on the session of its cookie.',
        );
      }
    }
    const cookie = await sessionCookie();
    if (!cookie)
      fail('the browser holds no cookie named "session" for the server.', 'Send Set-Cookie: session=<id>.<signature>; Path=/; HttpOnly; SameSite=Lax on the first visit.');
    const seen = String(await page.evaluate('document.cookie'));
    if (seen.includes('session=') || !cookie.httpOnly) {
      fail(
        `a script on the page reads the session cookie: document.cookie is ${JSON.stringify(seen)}.`,
        'Add "; HttpOnly" to the Set-Cookie line. Then no script on the page, yours or one a stranger slipped in, can read the cookie and send it elsewhere.',
      );
    }
  });

  test('sign in, then sign out, in one browser', async () => {
    const name = `${random.word()} ${random.word()}`;
    await page.goto(`${origin}/`);
    const before = await sessionCookie();
    await page.fill('#name', name);
    await Promise.all([page.waitForURL(`${origin}/`, { waitUntil: 'load' }), page.click('button:text-is("Sign in")')]);
    const who = await page
      .locator('#who')
      .textContent({ timeout: 2000 })
      .catch(() => null);
    if (!who?.includes(name)) {
      fail(
        `after signing in as ${JSON.stringify(name)}, the page ${who === null ? 'has no <p id="who">' : `says ${JSON.stringify(who)}`}.`,
        'POST /login keeps the name in a new session and sends its cookie with the 303; the page after it finds that session, and its makePage shows the name.',
      );
    }
    const signedIn = await sessionCookie();
    if (!signedIn || signedIn.value === before?.value) {
      fail('signing in kept the cookie of before.', 'At login, start a new session under a new id, and send its cookie with the 303.');
    }
    await Promise.all([page.waitForURL(`${origin}/`, { waitUntil: 'load' }), page.click('button:text-is("Sign out")')]);
    if (!(await page.locator('#name').isVisible())) {
      fail(
        'after Sign out, the page still shows someone signed in.',
        'POST /logout deletes the session on the server, and sends session=; Path=/; Max-Age=0 to clear the cookie.',
      );
    }
    const shown = await visitsOnPage();
    if (shown !== 1)
      fail(`after Sign out, the page says ${shown} visits: the old session goes on.`, 'After the logout the browser is a new visitor: a new session, at 1 visit.');
  });

  describe('a form on another site', () => {
    let attacker: ServerUnderTest;
    let target = '';

    beforeAll(async () => {
      // Another site: a page at http://localhost:<its port>/, which to the browser is a different
      // site from 127.0.0.1. It posts a form to the server's /logout as soon as it loads.
      attacker = await listenForTests(
        http.createServer((_req, res) => {
          res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
          res.end(`<!doctype html><form method="post" action="${target}/logout"></form><script>document.forms[0].submit()</script>`);
        }),
      );
    });
    afterAll(async () => {
      await attacker?.stop();
    });

    test('that posts to /logout does not end the session: SameSite keeps the cookie at home', async () => {
      target = origin;
      const name = random.word();
      await page.goto(`${origin}/`);
      await page.fill('#name', name);
      await Promise.all([page.waitForURL(`${origin}/`, { waitUntil: 'load' }), page.click('button:text-is("Sign in")')]);
      const cookie = await sessionCookie();
      if (!cookie) fail('after signing in, the browser holds no "session" cookie.', "Send the new session's cookie with the 303 of POST /login.");

      // The visitor opens the other site's page; its form goes off to /logout by itself.
      await Promise.all([page.waitForURL(`${origin}/`, { waitUntil: 'load' }), page.goto(`http://localhost:${attacker.address.port}/`)]);
      const me = await server.get('/me', { headers: { cookie: `session=${cookie.value}` } });
      const { name: still } = JSON.parse(me.expectStatus(200).text) as { name?: unknown };
      if (still !== name) {
        fail(
          `a page on another site posted a form to /logout, and the browser sent the session cookie with it: the session of ${JSON.stringify(name)} ended.`,
          'Add "; SameSite=Lax" to the Set-Cookie line. The browser then sends the cookie with a form posted from another site no more: that site cannot act in the visitor\'s name.',
        );
      }
    });
  });
});
