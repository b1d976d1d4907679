/**
 * The live view in a real browser: two tabs of headless Chromium on the board. A message posted
 * in one appears in the other without a reload, as text, and clearing empties both.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { chromiumFound, launchChromium, MISSING_IN_CI, SKIP_NOTICE } from '@workbook/testkit/chromium';
import { random } from '@workbook/testkit';
import { clearBoard } from './board-client.ts';
import { startBoard, type RunningBoard } from './start-board.ts';

// On a developer's machine a missing browser only skips these tests, and says so. In CI it is a
// failure: a green run that never opened a browser would be a promise not kept.
if (!chromiumFound && process.env.CI) {
  test('Chromium is installed for the browser tests', () => {
    expect.fail(MISSING_IN_CI);
  });
} else if (!chromiumFound) {
  console.warn(`\nBrowser tests ${SKIP_NOTICE}\n`);
}

describe.skipIf(!chromiumFound)(chromiumFound ? 'the live board in two tabs of Chromium' : SKIP_NOTICE, () => {
  let browser: Browser;
  let board: RunningBoard;
  let writer: Page;
  let reader: Page;
  /** Every alert the pages opened, and every script error: there must never be one. */
  let trouble: string[];

  beforeAll(async () => {
    [browser, board] = await Promise.all([launchChromium(), startBoard()]);
  });
  afterAll(async () => {
    await browser?.close();
    await board?.stop();
  });

  beforeEach(async () => {
    await clearBoard(board);
    trouble = [];
    const context = await browser.newContext();
    [writer, reader] = [await context.newPage(), await context.newPage()];
    for (const page of [writer, reader]) {
      page.on('dialog', async (dialog) => {
        trouble.push(`dialog: ${dialog.message()}`);
        await dialog.dismiss();
      });
      page.on('pageerror', (error) => trouble.push(`script error: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') trouble.push(`console: ${message.text()}`);
      });
      await page.goto(`${board.origin}/`);
    }
    // A mark on the reader's page: a reload would wipe it. (Strings, as this file has no DOM types.)
    // The reader needs no wait for its stream to open: it starts from the id its page carries,
    // so a message posted before the stream is open still reaches it.
    await reader.evaluate('window.notReloaded = true');
  });
  afterEach(async () => {
    await writer.context().close();
  });

  async function post(text: string): Promise<void> {
    await writer.fill('#message', text);
    const navigated = writer.waitForEvent('framenavigated');
    await writer.click('button:text-is("Save")');
    await navigated;
    await writer.waitForLoadState();
  }

  const shown = (page: Page) => page.locator('#messages li p').allTextContents();

  test('a message posted in one tab appears in the other, without a reload', async () => {
    const text = random.text();
    await post(text);
    await expect.poll(() => shown(reader), { timeout: 10_000 }).toEqual([text]);
    expect(await reader.evaluate('window.notReloaded')).toBe(true);
    expect(await reader.locator('.empty').isHidden()).toBe(true);
    expect(await reader.locator('#messages li time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    // The writer's own page came back from the 303 with the message, once.
    expect(await shown(writer)).toEqual([text]);
    expect(trouble).toEqual([]);
  });

  test('several messages arrive in order, and a <script> in one shows as text and never runs', async () => {
    const texts = [random.text(), '<img src=x onerror="alert(1)">', `<script>alert(2)</script> ${random.word()}`];
    for (const text of texts) await post(text);
    await expect.poll(() => shown(reader), { timeout: 10_000 }).toEqual(texts);
    expect(await reader.locator('#messages img, #messages script').count()).toBe(0);
    expect(trouble).toEqual([]);
  });

  test('Clear all messages in one tab empties the other', async () => {
    await post(random.text());
    await expect.poll(() => shown(reader), { timeout: 10_000 }).toHaveLength(1);
    const navigated = writer.waitForEvent('framenavigated');
    await writer.click('button:text-is("Clear all messages")');
    await navigated;
    await expect.poll(() => shown(reader), { timeout: 10_000 }).toEqual([]);
    expect(await reader.locator('.empty').isVisible()).toBe(true);
    expect(await reader.evaluate('window.notReloaded')).toBe(true);
  });
});
