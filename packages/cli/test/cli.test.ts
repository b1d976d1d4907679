/**
 * The workbook command as a student meets it: run as a real process, with no terminal attached
 * (as in CI or when piped), on the workbook as it is.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, onTestFinished, test } from 'vitest';
import { loadExercises } from '@workbook/course';

const bin = fileURLToPath(new URL('../bin/workbook.mjs', import.meta.url));

function workbook(...args: string[]) {
  // No terminal, no colour settings: as when piped or in CI.
  const { WORKBOOK_EXERCISES: _, FORCE_COLOR: __, NO_COLOR: ___, ...env } = process.env;
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

/** Vitest's own report, without its colours. */
function vitestReport(...args: string[]) {
  const { status, out } = workbook(...args);
  return { status, report: stripVTControlCharacters(out) };
}

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('the progress board (pnpm start)', () => {
  test('without a terminal it prints plain text, every exercise, the next command, and exits 0', () => {
    const { status, out } = workbook('board');
    expect(status).toBe(0);
    expect(out).not.toMatch(/\x1b\[/);
    for (const id of ['ex01', 'ex02', 'ex03']) expect(out).toContain(id);
    expect(out).toMatch(/ex01 {2}A web server on a bare socket +lesson 1 +not started/);
    expect(out).toContain('Check  pnpm workbook watch ex01');
  });

  test('a solved exercise is passed, an edited one counts its passing checks, an untouched one is not started', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'workbook-board-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const copy = (from: string, slug: string) => cpSync(path.join(root, from, slug, 'server.ts'), path.join(dir, slug, 'server.ts'));
    copy('exercises', 'ex01-raw-socket');
    copy('solutions', 'ex02-happy-server');
    copy('exercises', 'ex03-welcome');
    appendFileSync(path.join(dir, 'ex03-welcome', 'server.ts'), '// started, not finished\n');

    const { status, out } = workbook('board', '--dir', dir);
    expect(status).toBe(0);
    expect(out).toMatch(/ex01 .* not started/);
    expect(out).toMatch(/ex02 .* ✓ passed \(5 checks\)/);
    expect(out).toMatch(/ex03 .* ✗ failing: 1 of 4 checks pass/);
    expect(out).toContain(`1 of ${loadExercises().length} exercises pass.`);
    expect(out).toContain('Next: ex01');
  });
});

describe('pnpm test <target>', () => {
  test('an unknown exercise lists the ones that exist', () => {
    const { status, err } = workbook('test', 'exercises/ex99');
    expect(status).toBe(2);
    expect(err).toContain('There is no exercise "ex99"');
    expect(err).toContain('ex02-happy-server');
  });

  test('an unknown target says what can be tested', () => {
    const { status, err } = workbook('test', 'nonsense');
    expect(status).toBe(2);
    expect(err).toContain('"nonsense" is not something the workbook can test');
    expect(err).toContain('pnpm test exercises/ex02');
  });

  test('an unknown option is named, with exit code 2', () => {
    const { status, err } = workbook('test', '--wtach');
    expect(status).toBe(2);
    expect(err).toContain("Unknown option '--wtach'");
  });

  test('--watch with nothing to watch says what to give it, without a stack trace', () => {
    const { status, err } = workbook('test', '--watch');
    expect(status).toBe(2);
    expect(err).toContain('--watch needs a target, such as: pnpm test exercises/ex02 --watch');
    expect(err).not.toMatch(/^\s+at /m);
  });

  test('an unknown command shows the usage', () => {
    const { status, err } = workbook('grdae');
    expect(status).toBe(2);
    expect(err).toContain('Unknown command: grdae');
    expect(err).toContain('Usage: pnpm workbook [command]');
  });

  test("solutions/ex02 runs the exercise's tests against the reference solution, and passes", () => {
    const { status, report } = vitestReport('test', 'solutions/ex02-happy-server');
    expect(report).toContain('exercises/ex02-happy-server/server.test.ts');
    expect(report).toMatch(/Tests\s+5 passed/);
    expect(status).toBe(0);
  });

  test('exercises/ex02 runs against the untouched starter, and fails with exit code 1', () => {
    const { status, report } = vitestReport('test', 'exercises/ex02');
    expect(report).toMatch(/Tests\s+5 failed/);
    expect(status).toBe(1);
  });
});
