/**
 * The board file: what is in it, what comes back after a restart, what happens when many posts
 * arrive at once, and what the board does with a file that a crash or a person has damaged.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { createServer } from '../src/server.ts';
import { BoardFileError } from '../src/store.ts';
import { clearBoard, fileMessages, postMessage, shownMessages } from './board-client.ts';
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

const line = (text: string, postedAt: string) => `${JSON.stringify({ text, postedAt })}\n`;

describe('the file', () => {
  test('holds one JSON line per message, {"text","postedAt"}, oldest first', async () => {
    const file = newBoardFile();
    const board = await boardOn(file);
    await postMessage(board, 'first');
    await postMessage(board, 'second "quoted" <b>');
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(fileMessages(file).map((message) => Object.keys(message))).toEqual([
      ['text', 'postedAt'],
      ['text', 'postedAt'],
    ]);
    expect(fileMessages(file).map((message) => message.text)).toEqual(['first', 'second "quoted" <b>']);
  });

  test('after a restart on the same file, the board shows the same messages with the same times', async () => {
    const file = newBoardFile();
    const first = await boardOn(file);
    for (const text of ['one', 'two', 'three']) await postMessage(first, text);
    const before = await shownMessages(first);
    await first.stop();

    const second = await boardOn(file);
    expect(await shownMessages(second)).toEqual(before);
  });

  test('a clear survives a restart, and leaves no temporary file behind', async () => {
    const file = newBoardFile();
    const first = await boardOn(file);
    await postMessage(first, 'soon gone');
    await clearBoard(first);
    await first.stop();

    const second = await boardOn(file);
    expect(await shownMessages(second)).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('');
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
    const board = await boardOn(file);
    const texts = Array.from({ length: 50 }, (_, index) => `message number ${index}`);
    const answers = await Promise.all(texts.map((text) => postMessage(board, text)));
    expect(answers.map((answer) => answer.response?.status)).toEqual(texts.map(() => 303));

    const shown = await shownMessages(board);
    expect(shown.map((message) => message.text).sort()).toEqual([...texts].sort());
    // The page and the file agree, in the same order: fileMessages fails on any line that is not JSON.
    expect(fileMessages(file)).toEqual(shown);
  });

  test('posts and clears mixed together leave the page and the file in agreement', async () => {
    const file = newBoardFile();
    const board = await boardOn(file);
    await Promise.all([postMessage(board, 'a'), postMessage(board, 'b'), clearBoard(board), postMessage(board, 'c'), clearBoard(board), postMessage(board, 'd')]);
    expect(fileMessages(file)).toEqual(await shownMessages(board));
  });
});

describe('a damaged file at start', () => {
  test('a torn last line is dropped with a log line, and cut from the file so the next post starts clean', async () => {
    const file = newBoardFile();
    const good = line('kept 1', '2026-01-01T10:00:00.000Z') + line('kept 2', '2026-01-01T10:01:00.000Z');
    writeFileSync(file, `${good}{"text":"half a mess`);
    const lines: string[] = [];
    const board = await boardOn(file, (logged) => lines.push(stripVTControlCharacters(logged)));

    expect((await shownMessages(board)).map((message) => message.text)).toEqual(['kept 1', 'kept 2']);
    expect(lines.some((logged) => logged.includes('dropped line 3') && logged.includes('half a mess'))).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(good);
    await postMessage(board, 'after the repair');
    expect(fileMessages(file).map((message) => message.text)).toEqual(['kept 1', 'kept 2', 'after the repair']);
  });

  test('a whole last line that lost only its line break is kept, and the next post goes on a new line', async () => {
    const file = newBoardFile();
    writeFileSync(file, line('one', '2026-01-01T10:00:00.000Z') + line('two', '2026-01-01T10:01:00.000Z').trimEnd());
    const board = await boardOn(file);
    await postMessage(board, 'three');
    expect(fileMessages(file).map((message) => message.text)).toEqual(['one', 'two', 'three']);
  });

  test('a bad line in the middle stops the start, names the line, and changes nothing', () => {
    const file = newBoardFile();
    const content = line('one', '2026-01-01T10:00:00.000Z') + 'not json at all\n' + line('three', '2026-01-01T10:02:00.000Z');
    writeFileSync(file, content);
    expect(() => createServer({ file, log: false })).toThrow(BoardFileError);
    expect(() => createServer({ file, log: false })).toThrow(/line 2 of .* is not a message/);
    expect(readFileSync(file, 'utf8')).toBe(content);
  });

  test('a line that is JSON but not a message counts as damage too', () => {
    const file = newBoardFile();
    writeFileSync(file, `{"text":42}\n${line('two', '2026-01-01T10:00:00.000Z')}`);
    expect(() => createServer({ file, log: false })).toThrow(/line 1 of/);
  });

  test('a folder where the file should be stops the start with a message that says what to do', () => {
    const folder = newBoardFile();
    mkdirSync(folder);
    expect(() => createServer({ file: folder, log: false })).toThrow(/that is a folder, not a file\.\nSet BOARD_FILE to/);
  });
});
