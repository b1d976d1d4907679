/**
 * The board as a real process, the way you run it: started with src/main.ts, killed without
 * warning (SIGKILL: no clean-up code runs, as in a crash or a power cut of the program), and started
 * again on the same file.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { startProgram, StartError, type Program } from '@workbook/testkit';
import { postMessage, shownMessages } from './board-client.ts';
import { tempBoardFile } from './start-server.ts';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function newBoardFile(): string {
  const temp = tempBoardFile();
  cleanups.push(temp.remove);
  return temp.file;
}

async function startBoardProcess(file: string): Promise<Program> {
  const program = await startProgram({ file: main, cwd: packageDir, env: { BOARD_FILE: file } });
  cleanups.push(() => program.stop());
  return program;
}

async function textsShownBy(program: Program): Promise<string[]> {
  return (await shownMessages({ address: program })).map((message) => message.text);
}

test('every message that got its 303 is still there after a SIGKILL in the middle of a stream of posts', async () => {
  const file = newBoardFile();
  const board = await startBoardProcess(file);
  const sent: string[] = [];
  const acknowledged: string[] = [];
  const killAfter = 100;
  let killed = false;

  // Sixteen clients post one message after another, each on a fresh connection, so there are
  // always posts on their way. The moment the 100th "saved" answer arrives, the board is killed.
  async function keepPosting(): Promise<void> {
    while (!killed) {
      const text = `post ${sent.length} ${randomUUID().slice(0, 8)}`;
      sent.push(text);
      const { response } = await postMessage({ address: board }, text);
      if (response?.status !== 303) return;
      acknowledged.push(text);
      if (acknowledged.length === killAfter && board.pid !== undefined) {
        killed = true;
        process.kill(board.pid, 'SIGKILL');
      }
    }
  }
  await Promise.all(Array.from({ length: 16 }, keepPosting));
  expect((await board.waitForExit(10_000))?.signal).toBe('SIGKILL');
  // Fifteen posts were on their way at that moment. Some were answered before the board died, the
  // others failed; how many of each depends on the machine, so only the total is certain.
  expect(acknowledged.length).toBeGreaterThanOrEqual(killAfter);

  const restarted = await startBoardProcess(file);
  const shown = await textsShownBy(restarted);
  // Nothing that was confirmed is lost...
  expect(acknowledged.filter((text) => !shown.includes(text))).toEqual([]);
  // ...nothing is there twice...
  expect(new Set(shown).size).toBe(shown.length);
  // ...and nothing is garbled: every message is one that was sent, whole.
  expect(shown.filter((text) => !sent.includes(text))).toEqual([]);
});

test('a torn last line: the board starts, keeps every message before it, says so, and repairs the file', async () => {
  const file = newBoardFile();
  const whole = ['first', 'second', 'third'].map((text, index) => JSON.stringify({ text, postedAt: `2026-01-01T10:0${index}:00.000Z` }));
  // What a crash in the middle of writing the fourth line leaves behind.
  writeFileSync(file, `${whole.join('\n')}\n{"text":"fourth, cut off in the mid`);

  const board = await startBoardProcess(file);
  expect(await textsShownBy(board)).toEqual(['first', 'second', 'third']);
  await expect.poll(() => board.stdout.text).toContain('dropped line 4');

  await postMessage({ address: board }, 'fourth, again');
  await board.stop();
  const restarted = await startBoardProcess(file);
  expect(await textsShownBy(restarted)).toEqual(['first', 'second', 'third', 'fourth, again']);
});

test.each([
  {
    what: 'a folder where the file should be',
    prepare: (file: string) => mkdirSync(file),
    says: 'that is a folder, not a file',
  },
  {
    what: 'a damaged line in the middle of the file',
    prepare: (file: string) => writeFileSync(file, '{"text":"ok","postedAt":"2026-01-01T10:00:00.000Z"}\ngarbage\n{"text":"ok","postedAt":"2026-01-01T10:00:00.000Z"}\n'),
    says: 'line 2 of',
  },
])('$what: the process stops at once with a message that says what to do', async ({ prepare, says }) => {
  const file = newBoardFile();
  prepare(file);
  const failure = await startBoardProcess(file).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(StartError);
  expect((failure as StartError).code).toBe('ERR_PROGRAM_EXITED');
  const printed = (failure as StartError).stderr.join('\n');
  expect(printed).toContain(says);
  expect(printed).toMatch(/Set BOARD_FILE|Fix or delete that line/);
});
