/**
 * The request log as shipped, written a batch at a time (src/log-writer.ts), checked on real
 * processes whose output goes to a file or a pipe: no line may be lost, however the process ends,
 * and a line must not wait long.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, test } from 'vitest';
import { freePort } from '@workbook/testkit';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const logAndEnd = fileURLToPath(new URL('./fixtures/log-and-end.ts', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

interface Started {
  child: ChildProcess;
  /** Everything the process has written to its stdout so far, without colours. */
  output(): string;
  /** Resolves once the process has ended and its output is all in. */
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs a TypeScript file as its own process, its stdout going to a file or to a pipe we read. */
function run(file: string, args: string[], to: 'file' | 'pipe', env: Record<string, string> = {}): Started {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'log-writer-'));
  cleanups.push(() => fs.rmSync(folder, { recursive: true, force: true }));
  const outFile = path.join(folder, 'stdout.txt');
  const fd = fs.openSync(outFile, 'w');
  const child = spawn(process.execPath, ['--import', tsx, file, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', to === 'file' ? fd : 'pipe', 'inherit'],
  });
  fs.closeSync(fd);
  cleanups.push(() => child.kill('SIGKILL'));
  let piped = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    piped += chunk;
  });
  const output = () => stripVTControlCharacters(to === 'file' ? fs.readFileSync(outFile, 'utf8') : piped);
  // 'close' comes after 'exit', once the pipe has given us everything.
  const ended = once(child, 'close').then(([code, signal]) => ({ code, signal }));
  return { child, output, ended };
}

async function startHappyServer(to: 'file' | 'pipe'): Promise<Started & { port: number }> {
  const port = await freePort();
  const server = run(main, [], to, { PORT: String(port), HOST: '127.0.0.1' });
  await expect.poll(server.output, { timeout: 15_000 }).toContain('Listening on');
  return { ...server, port };
}

/** Sends `count` GET requests to /r/0, /r/1, ... over a few kept-alive connections. */
async function sendRequests(port: number, count: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: `/r/${i}`, agent }, (response) => {
          response.resume();
          response.on('end', resolve);
        })
        .on('error', reject);
    });
  try {
    await Promise.all(Array.from({ length: count }, (_, i) => one(i)));
  } finally {
    agent.destroy();
  }
}

const requestLines = (output: string) => new Set(output.split('\n').filter((line) => line.startsWith('GET /r/')));

// Windows has no SIGTERM to send: process.kill() there ends a program outright, nothing runs.
describe.skipIf(process.platform === 'win32')('the happy server, as shipped, killed with SIGTERM', () => {
  for (const to of ['file', 'pipe'] as const) {
    test(`after 10,000 requests every request line is in the output (stdout to a ${to})`, async () => {
      const server = await startHappyServer(to);
      await sendRequests(server.port, 10_000);
      server.child.kill('SIGTERM');
      const exit = await server.ended;
      // Nobody else listens for SIGTERM in the happy server, so it still dies by the signal.
      expect(exit).toEqual({ code: null, signal: 'SIGTERM' });
      const lines = requestLines(server.output());
      const missing = Array.from({ length: 10_000 }, (_, i) => `GET /r/${i} HTTP/1.1`).filter((line) => !lines.has(line));
      expect(missing.length, `lost lines, such as ${missing.slice(0, 3).join(', ')}`).toBe(0);
    }, 60_000);
  }
});

describe('a line is written without waiting for the end', () => {
  test('a request line shows up while the server keeps running', async () => {
    const server = await startHappyServer('pipe');
    await sendRequests(server.port, 1);
    // Polled, not timed: the batch goes out 100 ms after its first line, so this takes a moment.
    await expect.poll(server.output, { timeout: 5_000 }).toContain('GET /r/0 HTTP/1.1');
    expect(server.child.exitCode).toBe(null);
  });
});

describe('a reader that goes away (as `| head` does)', () => {
  test('the server keeps serving; its lines have nowhere to go and are dropped, as console.log drops them', async () => {
    const server = await startHappyServer('pipe');
    // Close our end of the pipe: the server's next write fails with EPIPE.
    server.child.stdout?.destroy();
    // 4,000 lines of about 20 bytes: more than the 64 KB that make the writer write at once.
    await sendRequests(server.port, 4_000);
    await sendRequests(server.port, 100);
    expect(server.child.exitCode).toBe(null);
  });
});

describe('lines still waiting when the process ends are written, even to a pipe read slowly', () => {
  // 20,000 lines of about 50 bytes: a megabyte, many times what a pipe holds, so the writer has to
  // wait for its reader, who starts reading only half a second later.
  const count = 20_000;
  const expected = Array.from({ length: count }, (_, i) => `line ${i} ${'.'.repeat(40)}`).join('\n');

  for (const how of ['exit', 'natural'] as const) {
    test(`ended by ${how === 'exit' ? 'process.exit' : 'itself'}`, async () => {
      const program = run(logAndEnd, [how, String(count)], 'pipe');
      program.child.stdout?.pause();
      setTimeout(() => program.child.stdout?.resume(), 500);
      const exit = await program.ended;
      expect(exit).toEqual({ code: how === 'exit' ? 3 : 0, signal: null });
      expect(program.output()).toBe(`${expected}\n`);
    }, 30_000);
  }
});

describe.skipIf(process.platform === 'win32')('a program with its own plan for SIGTERM (as lesson 5 has)', () => {
  test('keeps its plan: the writer does not kill it, and what it logs while stopping is written', async () => {
    const program = run(logAndEnd, ['own-stop', '10'], 'pipe');
    await expect.poll(program.output, { timeout: 15_000 }).toContain('ready');
    program.child.kill('SIGTERM');
    const exit = await program.ended;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(program.output()).toContain('line 9 ');
    expect(program.output()).toContain('SIGTERM: stopping by my own plan\nStopped.\n');
  }, 30_000);
});
