/**
 * The processes and threads models start more than one process or thread. Stopping the server
 * must stop all of them: a worker left behind would hold the port, and memory, forever.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { request, type Program } from '@workbook/testkit';
import { startModel } from './start-model.ts';

/** The X-Served-By headers of `count` requests, each on a new connection. */
async function servedBy(server: Program, count: number): Promise<string[]> {
  const answers: string[] = [];
  for (let i = 0; i < count; i++) {
    const { response } = await request(server, { path: '/notes.txt' });
    answers.push(response?.headers['x-served-by'] ?? '');
  }
  return answers;
}

function pidsIn(answers: string[]): number[] {
  return [...new Set(answers.map((answer) => Number(/^process (\d+)/.exec(answer)?.[1])))];
}

/** Is the process still running? A zombie (dead, waiting to be collected) counts as gone. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (process.platform !== 'linux') return true;
  try {
    // The state letter follows the command name in brackets: `1234 (node) Z ...`.
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** A killed process takes a moment to disappear: look again a few times before failing. */
async function expectAllGone(pids: number[]): Promise<void> {
  for (let look = 0; look < 100 && pids.some(isRunning); look++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(pids.filter(isRunning)).toEqual([]);
}

describe('stopping the processes model', () => {
  test('its answers come from worker processes, and stopping it leaves none behind', async () => {
    const server = await startModel('processes');
    const workers = pidsIn(await servedBy(server, 6));
    // The primary only hands connections out: every answer comes from a worker process.
    expect(workers.length).toBeGreaterThan(0);
    expect(workers).not.toContain(server.pid);
    expect(workers.every(isRunning)).toBe(true);

    await server.stop();
    await expectAllGone([server.pid!, ...workers]);
  });
});

describe('stopping the threads model', () => {
  test('its answers come from worker threads of one process, which stops with them', async () => {
    const server = await startModel('threads');
    const answers = await servedBy(server, 4);
    expect(pidsIn(answers)).toEqual([server.pid]);
    // Two threads take the jobs in turn; thread 0 is the main thread, which only does the I/O.
    const threads = new Set(answers.map((answer) => /thread (\d+)$/.exec(answer)?.[1]));
    expect(threads.size).toBe(2);
    expect(threads.has('0')).toBe(false);

    await server.stop();
    await expectAllGone([server.pid!]);
  });
});
