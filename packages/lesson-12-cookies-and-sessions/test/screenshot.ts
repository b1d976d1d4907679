/**
 * Not a test: makes docs/images/cookies-and-sessions.png, the picture in the lesson.
 *
 *     pnpm --filter lesson-12-cookies-and-sessions screenshot
 *
 * The board is started on a prepared file with fixed accounts, messages and times, so the picture only
 * changes when the page does. Uses the same headless Chromium as the browser test.
 */
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from '../src/server.ts';
import { CHROMIUM_PATH, chromiumFound, launchChromium } from '@workbook/testkit/chromium';
import { hashPassword } from '../src/passwords.ts';
import { PASSWORD } from './board-client.ts';
import { tempBoardFile } from './start-server.ts';

const output = fileURLToPath(new URL('../../../docs/images/cookies-and-sessions.png', import.meta.url));

const messages = [
  { author: 'alice', text: 'Hello, board! Now every message says who wrote it.', postedAt: '2026-11-21T09:02:14.120Z' },
  { author: 'bob', text: 'Only I see a Delete button here, because I wrote this one.', postedAt: '2026-11-21T09:05:40.881Z' },
  { author: 'alice', text: 'And only the admin gets a Clear button.', postedAt: '2026-11-21T09:07:03.402Z' },
];

if (!chromiumFound) {
  console.error(`No Chromium at ${CHROMIUM_PATH}. Install it (Debian/Ubuntu: sudo apt-get install chromium), or set CHROMIUM_PATH.`);
  process.exit(1);
}

const temp = tempBoardFile();
const accounts = await Promise.all(
  ['alice', 'bob'].map(async (name) => ({ type: 'account', name, password: await hashPassword(PASSWORD), createdAt: '2026-11-21T09:00:00.000Z' })),
);
const lines = [...accounts, ...messages.map((message, index) => ({ type: 'message', id: `message-${index}`, ...message }))];
writeFileSync(temp.file, lines.map((line) => `${JSON.stringify(line)}\n`).join(''));
const server = createServer({ file: temp.file, log: false });
server.listen(0, '127.0.0.1');
await once(server, 'listening');
const { port } = server.address() as AddressInfo;

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 720, height: 520 } });
  await page.goto(`http://127.0.0.1:${port}/sign-in`);
  await page.fill('#name', 'bob');
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`http://127.0.0.1:${port}/`), page.click('button:text-is("Sign in")')]);
  await page.fill('#message', 'Typing a new one…');
  mkdirSync(path.dirname(output), { recursive: true });
  await page.screenshot({ path: output, fullPage: true });
  console.log(`Saved ${output}`);
} finally {
  await browser.close();
  server.close();
  temp.remove();
}
