/**
 * The board in a real browser: headless Chromium types into the form and presses the buttons,
 * exactly as a person would. This is where post/redirect/get and escaping meet the browser they
 * were made for.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { clearBoard, fileMessages } from './board-client.ts';
import { chromiumFound, launchChromium, MISSING_IN_CI, SKIP_NOTICE } from '@workbook/testkit/chromium';
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

describe.skipIf(!chromiumFound)(chromiumFound ? 'the board in Chromium' : SKIP_NOTICE, () => {
  let browser: Browser;
  let board: RunningBoard;
  let page: Page;
  /** The text of every alert, confirm or prompt the page opened: there must never be one. */
  let dialogs: string[];

  beforeAll(async () => {
    [browser, board] = await Promise.all([launchChromium(), startBoard()]);
  });
  afterAll(async () => {
    await browser?.close();
    await board?.stop();
  });

  beforeEach(async () => {
    await clearBoard(board);
    page = await browser.newPage();
    dialogs = [];
    page.on('dialog', async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await page.goto(`${board.origin}/`);
  });
  afterEach(() => page.close());

  /** Presses a button and waits until the page it leads to (after any redirect) has loaded. */
  async function press(label: string): Promise<void> {
    const navigated = page.waitForEvent('framenavigated');
    await page.click(`button:text-is("${label}")`);
    await navigated;
    await page.waitForLoadState();
  }

  async function post(text: string): Promise<void> {
    await page.fill('#message', text);
    await press('Save');
  }

  const shownTexts = () => page.locator('#messages li p').allTextContents();

  test('type a message, press Save, and see it on the board, with its time', async () => {
    await post('Hello from a real browser');
    expect(await shownTexts()).toEqual(['Hello from a real browser']);
    expect(await page.locator('#messages li time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('after Save the address is / again, and a reload shows the message once', async () => {
    await post('posted once');
    // After post/redirect/get, the page on screen came from a GET: reloading repeats only that.
    expect(page.url()).toBe(`${board.origin}/`);
    await page.reload();
    await page.reload();
    expect(await shownTexts()).toEqual(['posted once']);
    expect(fileMessages(board.file).map((message) => message.text)).toEqual(['posted once']);
  });

  test('a message with <script> shows as text, and no script runs', async () => {
    const attacks = ['<script>alert(1)</script>', '<img src=x onerror="alert(2)">'];
    for (const attack of attacks) await post(attack);
    await page.reload();
    expect(await shownTexts()).toEqual(attacks);
    expect(await page.locator('#messages script, #messages img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  test('a message of only spaces is refused, with the reason on the page', async () => {
    await post('     ');
    // No redirect this time: the answer to the POST is the page itself, with the reason on it.
    expect(page.url()).toBe(`${board.origin}/messages`);
    expect(await page.locator('.error').textContent()).toContain('Your message was empty');
    expect(await shownTexts()).toEqual([]);
  });

  test('Clear all messages empties the list', async () => {
    await post('first');
    await post('second');
    expect(await shownTexts()).toEqual(['first', 'second']);
    await press('Clear all messages');
    expect(page.url()).toBe(`${board.origin}/`);
    expect(await shownTexts()).toEqual([]);
    expect(await page.locator('.empty').textContent()).toContain('No messages yet');
  });
});
