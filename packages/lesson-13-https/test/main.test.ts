/**
 * src/main.ts as a real process, the way `pnpm workbook run lesson-13 -- --demo <name>` starts
 * it: each demo listens on 127.0.0.1 on both ports, says so, and answers; without certificates it
 * makes them and says where; a demo that does not exist is a usage error with exit code 2.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readCertificates } from '@workbook/cert';
import { freePort, killTree, request, track, treeSpawnOptions } from '@workbook/testkit';
import { Agent, request as undiciRequest } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeTestCertificates, type TestCertificates } from './certificates.ts';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const folder = mkdtempSync(path.join(os.tmpdir(), 'lesson-13-main-'));
let certs: TestCertificates;
beforeAll(async () => {
  certs = await makeTestCertificates();
});
afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
  certs.remove();
});

interface Started {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

function run(args: string[], env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', tsx, main, ...args], {
    env: { ...process.env, ...env, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...treeSpawnOptions,
  });
  track(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (piece: Buffer) => (stdout += piece));
  child.stderr?.on('data', (piece: Buffer) => (stderr += piece));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

describe.each([
  ['files', '/index.html'],
  ['board', '/'],
])('--demo %s', (demo, target) => {
  test(`listens on both ports of 127.0.0.1, says so, and answers ${target} over HTTPS`, async () => {
    const [port, httpsPort] = [await freePort(), await freePort()];
    const started = run(['--demo', demo], { PORT: String(port), HTTPS_PORT: String(httpsPort), CERT_DIR: certs.dir, BOARD_FILE: path.join(folder, 'board.jsonl') });
    const client = new Agent({ connect: { ca: certs.certificates.ca } });
    try {
      await expect.poll(started.stdout, { timeout: 20_000 }).toContain(`Listening on https://localhost:${httpsPort}/ and on http://127.0.0.1:${port}/`);
      expect(started.stdout()).toContain(`${demo}:`);
      const answer = await undiciRequest(`https://127.0.0.1:${httpsPort}${target}`, { dispatcher: client });
      await answer.body.dump();
      expect(answer.statusCode).toBe(200);
      const { response } = await request({ host: '127.0.0.1', port }, { path: target, headers: { host: `localhost:${port}` } });
      expect(response?.status).toBe(308);
      expect(response?.headers.location).toBe(`https://localhost:${httpsPort}${target}`);
    } finally {
      await client.close();
      killTree(started.child);
      await started.exited;
    }
  });
});

test('--demo wire prints the request in the clear and the same one as noise, then listens', async () => {
  const [port, httpsPort] = [await freePort(), await freePort()];
  const started = run(['--demo', 'wire'], { PORT: String(port), HTTPS_PORT: String(httpsPort), CERT_DIR: certs.dir });
  try {
    await expect.poll(started.stdout, { timeout: 20_000 }).toContain(`Listening on http://127.0.0.1:${port}/ and https://127.0.0.1:${httpsPort}/`);
    const [clear = '', overTls = ''] = started.stdout().split('2. The same request over TLS');
    expect(clear).toContain('GET /guide/?search=my+secret+question HTTP/1.1');
    expect(overTls).toContain('localhost');
    expect(overTls).not.toContain('search=my');
  } finally {
    killTree(started.child);
    await started.exited;
  }
});

test('without certificates it makes them, says where, and serves with them', async () => {
  const empty = path.join(mkdtempSync(path.join(folder, 'no-certs-')), 'certs');
  const [port, httpsPort] = [await freePort(), await freePort()];
  const started = run([], { PORT: String(port), HTTPS_PORT: String(httpsPort), CERT_DIR: empty });
  try {
    await expect.poll(started.stdout, { timeout: 20_000 }).toContain(`Listening on https://localhost:${httpsPort}/`);
    expect(started.stdout()).toContain(`Made a local authority and a certificate for localhost in ${empty} (there were none).`);
    const made = readCertificates(empty);
    expect(made).toBeDefined();
    const client = new Agent({ connect: { ca: made?.ca } });
    try {
      const answer = await undiciRequest(`https://127.0.0.1:${httpsPort}/`, { dispatcher: client });
      await answer.body.dump();
      expect(answer.statusCode).toBe(200);
    } finally {
      await client.close();
    }
  } finally {
    killTree(started.child);
    await started.exited;
  }
});

test.each([
  [['--demo', 'nope'], 'There is no demo "nope". Choose one of: files, board, wire.'],
  [['--fast'], "Unknown option '--fast'"],
])('%j is a usage error: exit code 2 and a sentence saying what would do', async (args, message) => {
  const started = run(args, { PORT: String(await freePort()), CERT_DIR: certs.dir });
  expect(await started.exited).toBe(2);
  expect(started.stderr()).toContain(message);
  expect(started.stderr()).not.toContain('    at ');
});
