/**
 * Every server the workbook starts, the way `pnpm workbook run` starts it: each lesson's server,
 * each exercise's untouched starter and each solution. Unless asked, each must listen on 127.0.0.1
 * only, so that nobody else on a café's Wi-Fi can reach a half-written server; with --host 0.0.0.0
 * it must really open up, and say at which addresses.
 *
 * How to tell without sending anything beyond this computer: 127.0.0.2 is loopback too (on Linux
 * all of 127.0.0.0/8 is), yet a server on 127.0.0.1 does not listen there, and one on 0.0.0.0
 * does. So connecting to 127.0.0.2 tells the two apart. macOS and Windows only answer on
 * 127.0.0.1 itself, so there the test relies on what the program reported instead, and says so.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCertificates } from '@workbook/cert';
import { fileNames, loadExercises, loadLessons, type Exercise } from '@workbook/course';
import { freePort } from '@workbook/testkit';
import { afterAll, beforeAll, describe, expect, onTestFinished, test } from 'vitest';
import { addressesOthersCanUse, EXPOSED_NOTE } from '../src/loop/network-addresses.ts';

const bin = fileURLToPath(new URL('../bin/workbook.mjs', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
const onLinux = process.platform === 'linux';

/** Lessons whose main.ts is a client, not a server: it fetches a URL and exits. */
const CLIENTS = new Set(['lesson-08']);

// The HTTPS servers (lesson 13, ex17) get certificates of the test's own, never the learner's.
const certDir = mkdtempSync(path.join(tmpdir(), 'workbook-host-certs-'));
afterAll(() => rmSync(certDir, { recursive: true, force: true }));

beforeAll(async () => {
  await ensureCertificates(certDir);
  if (!onLinux) console.warn(`NOTICE: not on Linux (${process.platform}): the 127.0.0.2 check is skipped; only what each program reported is checked.`);
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A copy of exercises/ holding this exercise's files from `from` (its .starter/ or its solution). */
function copyOf(exercise: Exercise, from: string): string {
  const exercises = path.join(tempDir('workbook-host-'), 'exercises');
  mkdirSync(path.join(exercises, exercise.slug), { recursive: true });
  for (const name of fileNames(exercise)) copyFileSync(path.join(from, name), path.join(exercises, exercise.slug, name));
  return exercises;
}

/** Does anything accept a connection at this loopback address? Refused means no. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(10_000, () => reject(new Error(`${host}:${port} neither accepted nor refused in 10 s`)));
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNREFUSED' ? resolve(false) : reject(error)));
  });
}

interface Run {
  port: number;
  /** The HTTPS port, for the servers that have one. */
  httpsPort: number;
  out(): string;
  stop(): Promise<void>;
}

/** `pnpm workbook run <name> --port <free port> [extra]`, with its files and uploads kept in a temporary folder. */
async function run(name: string, extra: string[]): Promise<Run> {
  const port = await freePort();
  const httpsPort = await freePort();
  const scratch = tempDir('workbook-host-data-');
  const { HOST: _, FORCE_COLOR: __, ...env } = process.env;
  const child = spawn(process.execPath, [bin, 'run', name, '--port', String(port), ...extra], {
    env: { ...env, NO_COLOR: '1', BOARD_FILE: path.join(scratch, 'board.jsonl'), FILES_DIR: scratch, CERT_DIR: certDir, HTTPS_PORT: String(httpsPort) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A failed test still stops the program run started: Ctrl+C first, which run passes on to it
  // (SIGKILL would stop run alone and leave the server holding its port).
  onTestFinished(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGINT');
    await Promise.race([exited, new Promise((wake) => setTimeout(wake, 8000))]);
    child.kill('SIGKILL');
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return {
    port,
    httpsPort,
    out: () => out,
    async stop() {
      const exited = once(child, 'exit');
      child.kill('SIGINT');
      await exited;
    },
  };
}

interface Target {
  label: string;
  name: string;
  /** --dir for an exercise: a copy holding its starter or its solution. */
  dir?: () => string;
}

const targets: Target[] = [
  ...loadLessons()
    .filter((lesson) => !CLIENTS.has(lesson.id))
    .map((lesson) => ({ label: lesson.id, name: lesson.id })),
  ...loadExercises()
    .filter((exercise) => fileNames(exercise).includes('server.ts'))
    .flatMap((exercise) => [
      { label: `${exercise.id} starter`, name: exercise.id, dir: () => copyOf(exercise, path.join(exercise.dir, '.starter')) },
      { label: `${exercise.id} solution`, name: exercise.id, dir: () => copyOf(exercise, path.join(root, 'solutions', exercise.slug)) },
    ]),
];

describe('every server listens on 127.0.0.1 only, unless asked', () => {
  test.each(targets)('$label', async (target) => {
    const server = await run(target.name, target.dir ? ['--dir', target.dir()] : []);
    // http:// or https://: a lesson says its own scheme, so only the address is looked for.
    const own = `127.0.0.1:${server.port}/`;
    await expect.poll(server.out, { timeout: 30_000 }).toContain(own);
    expect(await accepts('127.0.0.1', server.port)).toBe(true);
    if (onLinux) {
      expect(await accepts('127.0.0.2', server.port), 'it answers on 127.0.0.2 as well: it listens on more than 127.0.0.1').toBe(false);
      expect(await accepts('127.0.0.2', server.httpsPort), 'its HTTPS port answers on 127.0.0.2: it listens on more than 127.0.0.1').toBe(false);
    }
    expect(server.out()).not.toContain('Open to the network');
    await server.stop();
  });
});

describe('--host 0.0.0.0 opens it to the network, and says so', () => {
  test.each(targets)('$label', async (target) => {
    const server = await run(target.name, ['--host', '0.0.0.0', ...(target.dir ? ['--dir', target.dir()] : [])]);
    await expect.poll(server.out, { timeout: 30_000 }).toContain(EXPOSED_NOTE);
    // The addresses of this computer on its networks, as the test sees them: printed, not visited.
    const others = addressesOthersCanUse('0.0.0.0', server.port);
    for (const url of others) expect(server.out()).toContain(url);
    if (others.length === 0) expect(server.out()).toContain('this computer is on no network right now');
    expect(await accepts('127.0.0.1', server.port)).toBe(true);
    if (onLinux) expect(await accepts('127.0.0.2', server.port), 'it does not answer on 127.0.0.2: it did not open up').toBe(true);
    await server.stop();
  });
});
