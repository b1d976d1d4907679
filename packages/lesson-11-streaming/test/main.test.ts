/**
 * src/main.ts as a real process, the way `pnpm workbook run lesson-11 -- --demo <name>` starts
 * it: each demo listens on 127.0.0.1, says so truthfully, and answers; a demo that does not exist,
 * or --naive without the backpressure demo, is a usage error with exit code 2.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { freePort, killTree, random, request, track, treeSpawnOptions } from '@workbook/testkit';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const folder = mkdtempSync(path.join(os.tmpdir(), 'lesson-11-main-'));
const bigFile = path.join(folder, 'big.bin');
writeFileSync(bigFile, random.text(50));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

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
  ['chunked', [], '/countdown?from=1'],
  ['backpressure', ['--naive'], '/download'],
  ['files', [], '/index.html'],
  ['board', [], '/'],
])('--demo %s', (demo, extra, target) => {
  test(`listens on 127.0.0.1, says so, and answers ${target}`, async () => {
    const port = await freePort();
    const started = run(['--demo', demo, ...extra], { PORT: String(port), BIG_FILE: bigFile, BOARD_FILE: path.join(folder, 'board.jsonl') });
    try {
      await expect.poll(started.stdout, { timeout: 20_000 }).toContain(`Listening on http://127.0.0.1:${port}/`);
      expect(started.stdout()).toContain(`${demo}:`);
      const { response } = await request({ host: '127.0.0.1', port }, { path: target });
      expect(response?.status).toBe(200);
    } finally {
      killTree(started.child);
      await started.exited;
    }
  });
});

test.each([
  [['--demo', 'nope'], 'There is no demo "nope". Choose one of: chunked, backpressure, files, board.'],
  [['--naive'], '--naive goes with --demo backpressure only.'],
  [['--fast'], "Unknown option '--fast'"],
])('%j is a usage error: exit code 2 and a sentence saying what would do', async (args, message) => {
  const started = run(args, { PORT: String(await freePort()) });
  expect(await started.exited).toBe(2);
  expect(started.stderr()).toContain(message);
  expect(started.stderr()).not.toContain('    at ');
});
