import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, onTestFinished, test } from 'vitest';
import { startProgram } from '../src/index.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function expectAllGone(pids: number[]): Promise<void> {
  // A killed process takes a moment to disappear from the process table.
  for (let tries = 0; tries < 40 && pids.some(isAlive); tries++) await new Promise((wake) => setTimeout(wake, 50));
  expect(pids.filter(isAlive)).toEqual([]);
}

const readPids = (file: string) => readFileSync(file, 'utf8').trim().split(' ').map(Number);

test('stop() kills the program and the processes it started', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'workbook-pids-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const pidsFile = path.join(dir, 'pids.txt');
  const program = await startProgram({ file: fixture('spawns-child.ts'), env: { PIDS_FILE: pidsFile } });
  const pids = readPids(pidsFile);
  expect(pids).toHaveLength(2);
  expect(pids.every(isAlive)).toBe(true);
  await program.stop();
  await expectAllGone(pids);
});

test('no process is left behind when a test fails or times out', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'workbook-pids-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const vitest = path.join(path.dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
  const { WORKBOOK_EXERCISES: _, ...env } = process.env;
  const run = spawnSync(process.execPath, [vitest, 'run', '--config', fixture('tree/vitest.config.ts')], {
    env: { ...env, PIDS_DIR: dir, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  const output = run.stdout + run.stderr;
  expect(output).toContain('fails on purpose');
  expect(output).toMatch(/Test timed out/);
  expect(run.status).toBe(1);
  const files = readdirSync(dir);
  expect(files.sort()).toEqual(['fails.txt', 'times-out.txt']);
  await expectAllGone(files.flatMap((file) => readPids(path.join(dir, file))));
});
