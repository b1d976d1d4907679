/**
 * The workbook's structure: no module imports itself round a circle, in any package. Biome's
 * noImportCycles rule finds the circles (type-only imports too); this runs it on the workbook,
 * and on a made-up circle to show that it would find one.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root } from '@workbook/course';
import { expect, onTestFinished, test } from 'vitest';

const biome = path.join(path.dirname(createRequire(path.join(root, 'package.json')).resolve('@biomejs/biome/package.json')), 'bin', 'biome');

function importCycles(cwd: string, ...args: string[]): { status: number | null; out: string } {
  const run = spawnSync(process.execPath, [biome, 'lint', '--only=suspicious/noImportCycles', '--max-diagnostics=50', ...args], { cwd, encoding: 'utf8' });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

test('no import cycles anywhere in the workbook', () => {
  const { status, out } = importCycles(root, '.');
  expect(out).not.toContain('noImportCycles');
  expect(status, out).toBe(0);
});

test('a circle of imports is found', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'workbook-cycle-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'biome.json'), JSON.stringify({ linter: { rules: { suspicious: { noImportCycles: { level: 'error', options: { ignoreTypes: false } } } } } }));
  writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b.ts';\nexport type A = { b?: B };\n");
  writeFileSync(path.join(dir, 'b.ts'), "import type { A } from './a.ts';\nexport type B = { a?: A };\n");
  const { status, out } = importCycles(dir, '.');
  expect(out).toContain('noImportCycles');
  expect(status).not.toBe(0);
});
