/**
 * Step 5 as a real process tree: a primary and its workers. Two workers answer on one port, a
 * killed worker is replaced, and SIGTERM to the primary leaves no process behind.
 *
 * Which worker answered? The server says nothing about it (step 4 is unchanged), so on Linux we
 * ask the system: /proc/net/tcp lists each connection with its socket's number, and
 * /proc/<pid>/fd shows which process holds that socket.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import { describe, expect, test } from 'vitest';
import { request, type Program } from '@workbook/testkit';
import { startMain } from './start-main.ts';

/** The worker pids the primary announced, in the order it announced them. */
function workerPids(program: Program): number[] {
  const pids: number[] = [];
  for (const [, list] of program.stdout.text.matchAll(/Worker processes ([\d, ]+) are listening/g)) pids.push(...(list ?? '').split(', ').map(Number));
  for (const [, pid] of program.stdout.text.matchAll(/worker (\d+) takes its place/g)) pids.push(Number(pid));
  return pids;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // A zombie (dead, not yet collected) counts as gone: `1234 (node) Z ...`.
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return process.platform !== 'linux';
  }
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let look = 0; look < 200 && !check(); look++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(check(), what).toBe(true);
}

/** The inode of the server's end of the connection whose client end is `clientPort`. */
function serverSocketInode(serverPort: number, clientPort: number): string | undefined {
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields[1]?.endsWith(`:${hex(serverPort)}`) && fields[2]?.endsWith(`:${hex(clientPort)}`)) return fields[9];
  }
  return undefined;
}

function holderOf(inode: string, pids: number[]): number | undefined {
  return pids.find((pid) => {
    try {
      return readdirSync(`/proc/${pid}/fd`).some((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`) === `socket:[${inode}]`);
    } catch {
      return false;
    }
  });
}

/** Opens a connection, gets one answer on it, and says which worker holds its other end. */
async function whoAnswers(program: Program, pids: number[]): Promise<number | undefined> {
  const socket = net.connect(program.port, '127.0.0.1');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.write('GET /style.css HTTP/1.1\r\nHost: test\r\n\r\n');
      socket.once('data', () => resolve());
    });
    const inode = serverSocketInode(program.port, socket.localPort ?? 0);
    return inode === undefined ? undefined : holderOf(inode, pids);
  } finally {
    socket.destroy();
  }
}

describe('step 5: the cluster', () => {
  test.skipIf(process.platform !== 'linux')('two workers answer on one port', async () => {
    const program = await startMain(['--step', '5', '--workers', '2']);
    try {
      // The port answers as soon as the first worker listens; the primary names them once all do.
      await eventually(() => workerPids(program).length >= 2, 'the primary named both workers');
      const pids = workerPids(program);
      expect(pids).toHaveLength(2);
      const answeredBy = new Set<number | undefined>();
      for (let i = 0; i < 6; i++) answeredBy.add(await whoAnswers(program, pids));
      expect([...answeredBy].sort()).toEqual([...pids].sort());
    } finally {
      await program.stop();
    }
  });

  test('a killed worker is replaced, and SIGTERM to the primary stops them all', async () => {
    const program = await startMain(['--step', '5', '--workers', '2']);
    try {
      // The port answers as soon as the first worker listens; the primary names them once all do.
      await eventually(() => workerPids(program).length >= 2, 'the primary named both workers');
      const [first, second] = workerPids(program);
      expect(first && second && isRunning(first) && isRunning(second)).toBe(true);

      process.kill(first ?? 0, 'SIGKILL');
      await eventually(() => workerPids(program).length === 3, 'a third worker was started');
      const replacement = workerPids(program)[2] ?? 0;
      expect(program.stdout.text).toContain(`Worker ${first} stopped (SIGKILL); worker ${replacement} takes its place.`);
      await eventually(() => isRunning(replacement), 'the replacement runs');
      // Still serving, whichever worker takes the connection.
      for (let i = 0; i < 4; i++) expect((await request(program, { path: '/' })).response?.status).toBe(200);

      process.kill(program.pid ?? 0, 'SIGTERM');
      expect(await program.waitForExit(10_000)).toEqual({ code: 0, signal: null });
      await eventually(() => ![second ?? 0, replacement].some(isRunning), 'no worker is left');
    } finally {
      await program.stop();
    }
  });
});
