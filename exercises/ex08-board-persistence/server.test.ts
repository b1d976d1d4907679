import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, test } from 'vitest';
import { programFile, programFolder, random, Reply, request, scratchFolder, startProgram, type Program } from '@workbook/testkit';

// These tests stop your server and start it again, so they start it themselves (startProgram)
// instead of once for the whole file (useProgram). Each test gets a board file of its own, but
// for four checks that only look at what a restart kept: they share one board (see restarted).
const serverFile = programFile(import.meta.url, 'server.ts');
const exerciseDir = programFolder(import.meta.url);

const running: Program[] = [];
const folders: string[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((program) => program.stop()));
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A path for a board file, in a new temporary folder; the file itself does not exist yet. */
function newBoardFile(): string {
  const folder = mkdtempSync(path.join(scratchFolder(), 'workbook-ex08-'));
  folders.push(folder);
  return path.join(folder, 'board.jsonl');
}

async function start(boardFile: string): Promise<Program> {
  const program = await startProgram({ file: serverFile, cwd: exerciseDir, env: { BOARD_FILE: boardFile } });
  running.push(program);
  return program;
}

/** Stops the server as abruptly as a crash would (SIGKILL), and starts it again on the same file. */
async function restart(program: Program, boardFile: string): Promise<Program> {
  await program.stop();
  return start(boardFile);
}

async function post(program: Program, message: string): Promise<void> {
  const body = new URLSearchParams({ message }).toString();
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  new Reply(await request(program, { method: 'POST', path: '/messages', headers, body })).expectStatus(303);
}

async function clear(program: Program): Promise<void> {
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  new Reply(await request(program, { method: 'POST', path: '/clear', headers, body: '' })).expectStatus(303);
}

async function board(program: Program): Promise<Reply> {
  return new Reply(await request(program, { path: '/' })).expectStatus(200);
}

interface Item {
  html: string;
  datetime: string | undefined;
}

/** Every <li> on the page, with the datetime of the <time> inside it, if there is one. */
function itemsOf(page: Reply): Item[] {
  return [...page.text.matchAll(/<li\b[^>]*>([\s\S]*?)<\/li>/g)].map(([, html = '']) => ({
    html,
    datetime: /<time\b[^>]*\bdatetime="([^"]*)"/.exec(html)?.[1],
  }));
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

const SAVE_HINT =
  'Save every change to the file named by process.env.BOARD_FILE, and wait for the save before you answer 303. ' +
  'When the server starts, read that file back (a file that does not exist yet is an empty board).';

/** Fails unless every text is on the page, in this order. */
function expectShown(page: Reply, texts: string[], when: string): void {
  const places = texts.map((text) => page.text.indexOf(escapeHtml(text)));
  const missing = texts.filter((_, index) => places[index] === -1);
  if (missing.length) {
    page.fail(`${when}, the board does not show ${missing.map((text) => JSON.stringify(text)).join(', ')}.`, '', SAVE_HINT);
  }
  if (places.some((place, index) => index > 0 && place < (places[index - 1] ?? -1))) {
    page.fail(
      `${when}, the messages are not in the order they were posted.`,
      `Posted, in this order: ${texts.map((text) => JSON.stringify(text)).join(', ')}`,
      'Append each new message at the end of the file, and read the file from the top.',
    );
  }
}

/** What four checks look at: a board posted to, then stopped as a crash would stop it, and started again. */
interface Restarted {
  /** One message; three more, in the order posted; one that must stay escaped. */
  texts: { one: string; three: string[]; escaped: string; word: string };
  /** The page before the restart, and after it. */
  before: Reply;
  after: Reply;
}

let restartedOnce: Promise<Restarted> | undefined;

/**
 * The board these checks share, made by the first of them that asks: every start is a program
 * the machine has to boot, so one board serves them all. The same random messages each run.
 */
function restarted(): Promise<Restarted> {
  restartedOnce ??= (async () => {
    const word = random.word();
    const texts = { one: random.text(), three: [random.text(), random.text(), random.text()], escaped: `<b>${word}</b> & "quoted" 'too'`, word };
    const boardFile = newBoardFile();
    const first = await start(boardFile);
    for (const text of [texts.one, ...texts.three, texts.escaped]) await post(first, text);
    const before = await board(first);
    const second = await restart(first, boardFile);
    return { texts, before, after: await board(second) };
  })();
  // The messages came from the seed, whichever check made the board.
  random.used = true;
  return restartedOnce;
}

test('a message posted before a restart is still there after it', async () => {
  const { texts, after } = await restarted();
  expectShown(after, [texts.one], 'after a restart');
});

test('after a restart, the messages are in the order they were posted', async () => {
  const { texts, after } = await restarted();
  expectShown(after, texts.three, 'after a restart');
});

test('each message shows the time it was posted, in <time datetime="...">', async () => {
  const text = random.text();
  const program = await start(newBoardFile());
  // A second either side: a time written without its milliseconds is still right.
  const earliest = Date.now() - 1000;
  await post(program, text);
  const latest = Date.now() + 1000;

  const page = await board(program);
  const item = itemsOf(page).find((candidate) => candidate.html.includes(escapeHtml(text)));
  const example = '<li><time datetime="2026-11-21T09:02:14.120Z">2026-11-21 09:02</time> Hello</li>';
  if (!item) return page.fail(`the message ${JSON.stringify(text)} is not inside an <li> on the board.`, '', `Each message goes in an <li> of its own, like ${example}`);
  const { datetime } = item;
  if (datetime === undefined) {
    return page.fail(
      `the <li> of ${JSON.stringify(text)} has no <time datetime="..."> in it.`,
      `The <li> holds: ${item.html}`,
      `Keep the time with each message (new Date().toISOString()) and show it like ${example}`,
    );
  }
  const time = Date.parse(datetime);
  const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(datetime);
  if (!iso || Number.isNaN(time)) {
    page.fail(`datetime="${datetime}" is not a full ISO 8601 time.`, '', 'Use new Date().toISOString(), which gives 2026-11-21T09:02:14.120Z.');
  }
  if (time < earliest || time > latest) {
    page.fail(
      `datetime="${datetime}" is not the time the message was posted.`,
      `It was posted between ${new Date(earliest + 1000).toISOString()} and ${new Date(latest - 1000).toISOString()}.`,
      'Take the time when the message arrives (new Date().toISOString()), in UTC, and keep it with the message.',
    );
  }
});

test('the times come back unchanged after a restart', async () => {
  const { texts, before: pageBefore, after: page } = await restarted();
  const posted = [texts.one, ...texts.three];
  const timesOf = (board: Reply) => posted.map((text) => itemsOf(board).find((item) => item.html.includes(escapeHtml(text)))?.datetime);
  const before = timesOf(pageBefore);
  expectShown(page, posted, 'after a restart');
  const after = timesOf(page);
  if (before.some((time, index) => time === undefined || time !== after[index])) {
    page.fail(
      'after a restart, the messages do not show the times they showed before.',
      `Before the restart: ${JSON.stringify(before)}\nAfter the restart:  ${JSON.stringify(after)}`,
      'Save the time in the file with the message, and show the saved time. A time taken when the server starts is the wrong one.',
    );
  }
});

test('a Clear is saved too: after a restart the board stays empty, and new posts are kept', async () => {
  const boardFile = newBoardFile();
  const [gone1, gone2, kept] = [random.text(), random.text(), random.text()];
  let program = await start(boardFile);
  await post(program, gone1);
  await post(program, gone2);
  await clear(program);
  program = await restart(program, boardFile);
  const cleared = await board(program);
  const left = [gone1, gone2].filter((text) => cleared.text.includes(escapeHtml(text)));
  if (left.length) {
    cleared.fail(
      `the board was cleared, but after a restart it shows ${left.map((text) => JSON.stringify(text)).join(', ')} again.`,
      '',
      'Clearing is a change too: empty the file as well as the list, before you answer 303.',
    );
  }

  await post(program, kept);
  program = await restart(program, boardFile);
  expectShown(await board(program), [kept], 'after a Clear, a new post and a restart');
});

test('the board lives in the file named by BOARD_FILE', async () => {
  const boardFile = newBoardFile();
  const text = random.text();
  const program = await start(boardFile);
  await post(program, text);
  if (!existsSync(boardFile) || !readFileSync(boardFile, 'utf8').includes(text)) {
    (await board(program)).fail(
      `after a post, the file in BOARD_FILE (${boardFile}) ${existsSync(boardFile) ? 'does not contain the message' : 'does not exist'}.`,
      '',
      'Take the file name from process.env.BOARD_FILE, as the starter does with `boardFile`, and write the messages there.',
    );
  }
  // A board on another file must not see it: the file is chosen by BOARD_FILE, not written into the code.
  const other = await start(newBoardFile());
  const page = await board(other);
  if (page.text.includes(text)) {
    page.fail('a board started with a different BOARD_FILE shows a message from another board file.', '', 'Read and write process.env.BOARD_FILE, not a fixed file name.');
  }
});

test('messages read back from the file are still escaped', async () => {
  const { texts, after: page } = await restarted();
  if (page.text.includes(`<b>${texts.word}`)) {
    page.fail(
      'after a restart, a message with <b> went into the page as HTML.',
      `Expected it escaped: ${escapeHtml(texts.escaped)}`,
      'Escape the text of every message as it goes into the page, also the ones read from the file.',
    );
  }
  expectShown(page, [texts.escaped], 'after a restart');
});
