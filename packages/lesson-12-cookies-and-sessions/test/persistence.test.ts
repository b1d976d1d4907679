/**
 * The board file: what is in it, what comes back after a restart, what happens when many posts
 * arrive at once, and what the board does with a file that a crash or a person has damaged. As in
 * lesson 5, with accounts in the file too, and posts made by someone signed in.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createServer } from '../src/server.ts';
import { BoardFileError } from '../src/store.ts';
import { clearBoard, cookieFrom, fileLines, fileMessages, postMessage, shownMessages, signedUp, signInForm, type Person } from './board-client.ts';
import { startBoard, tempBoardFile, type RunningBoard } from './start-server.ts';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  vi.unstubAllEnvs();
});

/** A board file in a temporary folder that is deleted after the test. */
function newBoardFile(): string {
  const temp = tempBoardFile();
  cleanups.push(temp.remove);
  return temp.file;
}

async function boardOn(file: string, log: ((line: string) => void) | false = false): Promise<RunningBoard> {
  const board = await startBoard({ file, log });
  cleanups.push(board.stop);
  return board;
}

/** The board on `file`, with its admin signed up and signed in: the one who posts and clears. */
async function boardWithAdmin(file: string, log: ((line: string) => void) | false = false): Promise<{ board: RunningBoard; admin: Person }> {
  const board = await boardOn(file, log);
  return { board, admin: await signedUp(board, board.admin ?? 'admin') };
}

const line = (text: string, postedAt: string, author = 'admin') => `${JSON.stringify({ type: 'message', id: `id-${text}`, author, text, postedAt })}\n`;
const texts = (messages: Array<{ text: string }>) => messages.map((message) => message.text);

describe('the file', () => {
  test('holds one JSON line per account and per message: {"type":"account",…} and {"type":"message",…}', async () => {
    const file = newBoardFile();
    const { admin } = await boardWithAdmin(file);
    await postMessage(admin, 'first');
    await postMessage(admin, 'second "quoted" <b>');
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    expect(fileLines(file).map((entry) => Object.keys(entry))).toEqual([
      ['type', 'name', 'password', 'createdAt'],
      ['type', 'id', 'author', 'text', 'postedAt'],
      ['type', 'id', 'author', 'text', 'postedAt'],
    ]);
    expect(fileMessages(file).map((message) => [message.author, message.text])).toEqual([
      ['admin', 'first'],
      ['admin', 'second "quoted" <b>'],
    ]);
  });

  test('after a restart on the same file, the board shows the same messages, authors and times', async () => {
    const file = newBoardFile();
    const { board: first, admin } = await boardWithAdmin(file);
    for (const text of ['one', 'two', 'three']) await postMessage(admin, text);
    const before = await shownMessages(first);
    await first.stop();

    const second = await boardOn(file);
    expect(await shownMessages(second)).toEqual(before);
  });

  test('after a restart, the accounts are still there (sign in with the same password), but every session has ended', async () => {
    const file = newBoardFile();
    const { board: first, admin } = await boardWithAdmin(file);
    await first.stop();

    const second = await boardOn(file);
    // The old cookie names a session that lived in the memory of the first board.
    expect((await postMessage({ ...admin, address: second.address }, 'with an old cookie')).response?.status).toBe(403);
    const signIn = await signInForm(second, admin.name);
    expect(signIn.response?.status).toBe(303);
    expect((await postMessage({ address: second.address, cookie: cookieFrom(signIn) }, 'signed in again')).response?.status).toBe(303);
  });

  test('a clear survives a restart, keeps the accounts, and leaves no temporary file behind', async () => {
    const file = newBoardFile();
    const { board: first, admin } = await boardWithAdmin(file);
    await postMessage(admin, 'soon gone');
    await clearBoard(admin);
    await first.stop();

    const second = await boardOn(file);
    expect(await shownMessages(second)).toEqual([]);
    expect(fileLines(file).map((entry) => [entry.type, entry.name])).toEqual([['account', 'admin']]);
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });

  test('a missing file, in a folder that does not exist yet, is created empty', async () => {
    const file = path.join(path.dirname(newBoardFile()), 'new', 'folder', 'board.jsonl');
    const board = await boardOn(file);
    expect(await shownMessages(board)).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  test('BOARD_FILE in the environment chooses the file when no option does', async () => {
    const file = newBoardFile();
    vi.stubEnv('BOARD_FILE', file);
    createServer({ log: false });
    expect(existsSync(file)).toBe(true);
  });
});

describe('many posts at once', () => {
  test('fifty concurrent posts are all saved, each exactly once, each on a whole line', async () => {
    const file = newBoardFile();
    const { board, admin } = await boardWithAdmin(file);
    const sent = Array.from({ length: 50 }, (_, index) => `message number ${index}`);
    const answers = await Promise.all(sent.map((text) => postMessage(admin, text)));
    expect(answers.map((answer) => answer.response?.status)).toEqual(sent.map(() => 303));

    const shown = await shownMessages(board);
    expect(texts(shown).sort()).toEqual([...sent].sort());
    // The page and the file agree, in the same order: fileLines fails on any line that is not JSON.
    expect(fileMessages(file)).toEqual(shown);
  });

  test('posts and clears mixed together leave the page and the file in agreement', async () => {
    const file = newBoardFile();
    const { board, admin } = await boardWithAdmin(file);
    await Promise.all([postMessage(admin, 'a'), postMessage(admin, 'b'), clearBoard(admin), postMessage(admin, 'c'), clearBoard(admin), postMessage(admin, 'd')]);
    expect(fileMessages(file)).toEqual(await shownMessages(board));
  });

  test('ten sign-ups for one name at the same moment: one account, nine refusals', async () => {
    const file = newBoardFile();
    const board = await boardOn(file);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        signedUp(board, 'same-name').then(
          () => 'made',
          () => 'refused',
        ),
      ),
    );
    expect(answers.filter((answer) => answer === 'made')).toHaveLength(1);
    expect(fileLines(file).filter((entry) => entry.name === 'same-name')).toHaveLength(1);
  });
});

describe('a damaged file at start', () => {
  test('a torn last line is dropped with a log line, and cut from the file so the next post starts clean', async () => {
    const file = newBoardFile();
    const good = line('kept 1', '2026-01-01T10:00:00.000Z') + line('kept 2', '2026-01-01T10:01:00.000Z');
    writeFileSync(file, `${good}{"type":"message","text":"half a mess`);
    const lines: string[] = [];
    const { board, admin } = await boardWithAdmin(file, (logged) => lines.push(stripVTControlCharacters(logged)));

    expect(texts(await shownMessages(board))).toEqual(['kept 1', 'kept 2']);
    expect(lines.some((logged) => logged.includes('dropped line 3') && logged.includes('half a mess'))).toBe(true);
    expect(readFileSync(file, 'utf8').startsWith(good)).toBe(true);
    await postMessage(admin, 'after the repair');
    expect(texts(fileMessages(file))).toEqual(['kept 1', 'kept 2', 'after the repair']);
  });

  test('a whole last line that lost only its line break is kept, and the next line goes on a line of its own', async () => {
    const file = newBoardFile();
    writeFileSync(file, line('one', '2026-01-01T10:00:00.000Z') + line('two', '2026-01-01T10:01:00.000Z').trimEnd());
    const { admin } = await boardWithAdmin(file);
    await postMessage(admin, 'three');
    expect(texts(fileMessages(file))).toEqual(['one', 'two', 'three']);
  });

  test('a bad line in the middle stops the start, names the line, and changes nothing', () => {
    const file = newBoardFile();
    const content = line('one', '2026-01-01T10:00:00.000Z') + 'not json at all\n' + line('three', '2026-01-01T10:02:00.000Z');
    writeFileSync(file, content);
    expect(() => createServer({ file, log: false })).toThrow(BoardFileError);
    expect(() => createServer({ file, log: false })).toThrow(/line 2 of .* is not an account or a message/);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  test.each([
    ['JSON but not a message', '{"text":42}'],
    ["a line of lesson 5's board, without a type or an author", '{"text":"old","postedAt":"2026-01-01T10:00:00.000Z"}'],
    ['an account without a password', '{"type":"account","name":"eve","createdAt":"2026-01-01T10:00:00.000Z"}'],
  ])('%s counts as damage too', (_what, bad) => {
    const file = newBoardFile();
    writeFileSync(file, `${bad}\n${line('two', '2026-01-01T10:00:00.000Z')}`);
    expect(() => createServer({ file, log: false })).toThrow(/line 1 of/);
  });

  test('a folder where the file should be stops the start with a message that says what to do', () => {
    const folder = newBoardFile();
    mkdirSync(folder);
    expect(() => createServer({ file: folder, log: false })).toThrow(/that is a folder, not a file\.\nSet BOARD_FILE to/);
  });
});
