/**
 * `pnpm workbook run` takes its program down with it, however it goes away. A terminal that is
 * closed sends SIGHUP; `kill` sends SIGTERM; `kill -9`, a crash or the task manager end it
 * without a word (SIGKILL). In every case the program it started must stop too: left running, it
 * keeps its port, and the next `workbook run` fails with EADDRINUSE.
 *
 * The program is a tiny server in a copy of exercises/ (--dir) that prints its process id, so the
 * test can check that very process is gone, not only that the port is free.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@workbook/testkit';
import { describe, expect, onTestFinished, test } from 'vitest';

const bin = fileURLToPath(new URL('../bin/workbook.mjs', import.meta.url));

const SERVER = `import http from 'node:http';
const server = http.createServer((request, response) => response.end('still here'));
server.listen(Number(process.env.PORT), process.env.HOST, () => console.log(\`program pid \${process.pid}\`));
`;

function quietEnv(): NodeJS.ProcessEnv {
  const { WORKBOOK_EXERCISES: _, FORCE_COLOR: __, NO_COLOR: ___, HOST: ____, PORT: _____, ...env } = process.env;
  return env;
}

/** Is a process with this id still running? One that has exited but not been collected yet counts as gone. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
  // On Linux, an orphan that has exited stays in the table (state Z) until the system collects
  // it; in a container nothing may ever do that. It runs no code and holds no port.
  if (process.platform === 'linux') {
    try {
      return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  }
  return true;
}

/** Does anything accept a connection on 127.0.0.1:port? Refused means no. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(5000, () => {
      socket.destroy();
      reject(new Error(`127.0.0.1:${port} neither accepted nor refused in 5 s`));
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' ? resolve(false) : reject(error)));
  });
}

interface Started {
  run: ChildProcess;
  port: number;
  /** The id of the program `workbook run` started. */
  pid: number;
}

/** `workbook run ex02 --port <free port>`, with the tiny server as ex02, once it answers. */
async function startRun(): Promise<Started> {
  const dir = mkdtempSync(path.join(tmpdir(), 'workbook-run-'));
  mkdirSync(path.join(dir, 'exercises', 'ex02-happy-server'), { recursive: true });
  writeFileSync(path.join(dir, 'exercises', 'ex02-happy-server', 'server.ts'), SERVER);
  const port = await freePort();
  const run = spawn(process.execPath, [bin, 'run', 'ex02', '--port', String(port), '--dir', path.join(dir, 'exercises')], {
    env: quietEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  run.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  run.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  let pid: number | undefined;
  // Whatever the test found, nothing it started is left running.
  onTestFinished(() => {
    run.kill('SIGKILL');
    if (pid !== undefined && isRunning(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });
  await expect.poll(() => out, { timeout: 20_000 }).toMatch(/program pid \d+/);
  pid = Number(/program pid (\d+)/.exec(out)?.[1]);
  const answer = await fetch(`http://127.0.0.1:${port}/`);
  expect(await answer.text()).toBe('still here');
  return { run, port, pid };
}

// Windows has no signals to send to a process: there, closing the window or ending workbook run
// in the task manager closes its IPC channel, the same way as SIGKILL does here.
describe.skipIf(process.platform === 'win32')('pnpm workbook run stops its program when it goes away', () => {
  test.each(['SIGHUP', 'SIGTERM', 'SIGKILL'] as const)('%s to workbook run', async (signal) => {
    const { run, port, pid } = await startRun();
    const exited = once(run, 'exit');
    run.kill(signal);
    await exited;
    // Generous: a program asked to stop has 5 seconds to do so before it is killed. The port
    // first: once it is free, another program on this computer may take it.
    await expect.poll(() => accepts(port), { timeout: 10_000, interval: 100 }).toBe(false);
    await expect.poll(() => isRunning(pid), { timeout: 10_000, interval: 100 }).toBe(false);
  });
});
