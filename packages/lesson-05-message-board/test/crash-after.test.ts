/**
 * The README's "crash it" experiment, as a learner runs it: the board started with
 * `--crash-after 3` as a real process, three posts, and the board gone without warning right after
 * the third answer. Started again on the same file, it shows all three.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { freePort, startProgram } from '@workbook/testkit';
import { fileMessages, postMessage, shownMessages } from './board-client.ts';
import { tempBoardFile } from './start-server.ts';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The board as `pnpm --filter lesson-05-message-board start -- <args>` starts it. */
async function startWithArguments(file: string, args: string[]) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', main, ...args], {
    cwd: packageDir,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', BOARD_FILE: file, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { address: { host: '127.0.0.1', port }, out: () => out, exited };
}

test('--crash-after 3: the third post is answered, then the board dies at once; started again, it has all three', async () => {
  const temp = tempBoardFile();
  cleanups.push(temp.remove);
  const board = await startWithArguments(temp.file, ['--crash-after', '3']);
  await expect.poll(board.out, { timeout: 20_000 }).toContain('Listening on');

  for (const text of ['one', 'two', 'three']) {
    const { response } = await postMessage(board, text);
    expect(response?.status, `the answer to "${text}"`).toBe(303);
  }
  const [code, signal] = await Promise.race([
    board.exited,
    new Promise<never>((_, fail) => setTimeout(() => fail(new Error('still running 10 s after the third post')), 10_000)),
  ]);
  // Killed, not exited: no clean-up code ran. (Windows reports a kill as exit code 1.)
  if (process.platform === 'win32') expect(code).toBe(1);
  else expect(signal).toBe('SIGKILL');
  expect(board.out()).toContain('crash: message 3 is saved and answered');
  expect(board.out()).not.toContain('Stopped.');

  expect(fileMessages(temp.file).map((message) => message.text)).toEqual(['one', 'two', 'three']);
  const restarted = await startProgram({ file: main, cwd: packageDir, env: { BOARD_FILE: temp.file } });
  cleanups.push(() => restarted.stop());
  expect((await shownMessages({ address: restarted })).map((message) => message.text)).toEqual(['one', 'two', 'three']);
});

test('an option the board does not know, or a --crash-after that is no number of posts, stops it with one line that says why', async () => {
  const temp = tempBoardFile();
  cleanups.push(temp.remove);
  for (const [args, said] of [
    [['--crash-after', 'three'], '--crash-after needs a number of posts, such as --crash-after 3, not "three".'],
    [['--crash'], "Unknown option '--crash'"],
  ] as const) {
    const board = await startWithArguments(temp.file, [...args]);
    const [code] = await board.exited;
    expect(code).toBe(1);
    expect(board.out()).toContain(said);
    expect(board.out()).not.toMatch(/\n\s+at /);
  }
});
