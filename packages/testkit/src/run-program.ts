/**
 * Runs a program that does its job and exits, such as a client or a command-line tool, and
 * collects what it printed and how it ended. (A server runs until it is stopped: startProgram is
 * for those.)
 *
 *   const run = await runProgram({ file, args: ['http://127.0.0.1:4321/'], timeoutMs: 10_000 });
 *   run.code     // 0, 1, ... or null when it had to be killed
 *   run.stdout   // a Buffer: exactly the bytes it wrote, so a body can be compared byte for byte
 *
 * While a grader runs the tests, a program stopped at one of its limits (memory, processes...)
 * rejects with a LimitError that says which, instead of resolving with what it left behind.
 */
import { existsSync } from 'node:fs';
import { OutputTail } from './output-tail.ts';
import { StartError } from './start-error.ts';
import { shownPath } from './sandbox.ts';
import { spawnProgram, type Exit } from './spawn-program.ts';
import { track } from './children.ts';
import { killTree } from './tree-kill.ts';

export interface RunOptions {
  /** The program to run: a .ts or .js file. */
  file: string;
  /** Its command-line arguments: process.argv[2] onwards. */
  args?: string[];
  cwd?: string;
  env?: Record<string, string>;
  /** Kill the program, and everything it started, after this many milliseconds (default 10 000). */
  timeoutMs?: number;
}

export interface RunResult {
  /** The exit code, or null when the program was killed. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The bytes it wrote to stdout, unchanged (up to the first 4 MiB). */
  stdout: Buffer;
  /** What it printed to stderr, as text (the last 16 KiB). */
  stderr: string;
  /** The program was still running when the time was up, so it was killed. */
  timedOut: boolean;
}

/** Enough for any answer a test expects; a program printing in an endless loop stops here. */
const MAX_STDOUT_BYTES = 4 * 1024 * 1024;

export async function runProgram(options: RunOptions): Promise<RunResult> {
  const { file, args = [], timeoutMs = 10_000 } = options;
  if (!existsSync(file)) {
    throw new StartError('ERR_MISSING_FILE', `There is no file ${shownPath(file)}. Did you rename or delete it?`, []);
  }
  const spawned = await spawnProgram({
    file,
    args,
    cwd: options.cwd ?? process.cwd(),
    env: { ...options.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    preload: false,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { child } = spawned;
  track(child);

  const stdout: Buffer[] = [];
  let stdoutBytes = 0;
  const stderr = new OutputTail();
  child.stdout?.on('data', (chunk: Buffer) => {
    if (stdoutBytes >= MAX_STDOUT_BYTES) return;
    stdout.push(chunk.subarray(0, MAX_STDOUT_BYTES - stdoutBytes));
    stdoutBytes += chunk.length;
  });
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));

  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killTree(child);
  }, timeoutMs);

  // 'close' comes after 'exit' once stdout and stderr are drained, so nothing printed is lost.
  const { code, signal } = await new Promise<Exit>((resolve) => {
    child.once('close', (exitCode, exitSignal) => resolve(spawned.exitOf(exitCode, exitSignal)));
    child.once('error', () => resolve({ code: null, signal: null }));
  });
  clearTimeout(timer);
  spawned.cleanUp();
  // Stopped at one of a grader's limits: that is the whole story, whatever it printed before.
  const overLimit = spawned.overLimit(stderr.text);
  if (overLimit) throw overLimit;
  return { code, signal, stdout: Buffer.concat(stdout), stderr: stderr.text, timedOut };
}
