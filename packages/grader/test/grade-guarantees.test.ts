/**
 * What `pnpm grade` promises besides the verdicts: it fails closed where it cannot make its
 * sandbox, it says so everywhere when asked to grade without one, work nobody did is worth no
 * points on any exercise, and a change to the official files stops grading.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { exerciseSlugs, fileNames, loadExercise } from '@workbook/course';
import { readResults, root, runGrader, tempFolder } from './grading.ts';

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** A student whose every file of every exercise is `text`. */
function everyFile(dir: string, text: (slug: string, name: string) => string): void {
  for (const slug of exerciseSlugs()) {
    for (const name of fileNames(loadExercise(slug))) write(path.join(dir, 'exercises', slug, name), text(slug, name));
  }
}

test('where the sandbox cannot be made, nobody is graded: exit 1, what is missing, how to install it', () => {
  const out = tempFolder('no-bwrap');
  // A PATH without bubblewrap on it, as on a machine that never installed it.
  const { status, err } = runGrader([path.join(root, 'packages', 'grader', 'sample-class', 'full-marks'), '--exercises', 'ex02', '--out', out], {
    PATH: tempFolder('empty-path'),
  });
  expect(status).toBe(1);
  const expected = process.platform === 'linux' ? 'needs bubblewrap (bwrap), and it is not installed' : 'needs Linux (bubblewrap)';
  expect(err).toContain(expected);
  expect(err).toContain('--no-sandbox');
  expect(existsSync(path.join(out, 'results'))).toBe(false);
});

describe('untouched starters, and programs that only crash or only exit, on every exercise', () => {
  const classDir = tempFolder('nobody-worked');
  const out = tempFolder('nobody-worked-out');
  everyFile(path.join(classDir, 'leaves-the-starters'), (slug, name) => readFileSync(path.join(root, 'exercises', slug, '.starter', name), 'utf8'));
  everyFile(path.join(classDir, 'only-crashes'), () => "throw new Error('this program only crashes');\n");
  everyFile(path.join(classDir, 'only-exits'), () => 'process.exit(0);\n');
  // Graded without the sandbox, so that this proof holds on every system; the gradebook says so.
  const run = runGrader([classDir, '--no-sandbox', '--out', out]);

  test('score 0 on every exercise, and grading says which checks the starters pass for free', () => {
    expect(run.status).toBe(0);
    expect(run.out).toMatch(/The untouched starters pass \d+ checks: those are worth no points/);
    const { students } = readResults(out);
    expect(students.map((s) => s.student)).toEqual(['leaves-the-starters', 'only-crashes', 'only-exits']);
    for (const student of students) {
      expect(student.exercises).toHaveLength(exerciseSlugs().length);
      expect(student.exercises.filter((e) => e.points > 0).map((e) => `${student.student} ${e.id}: ${e.points}`)).toEqual([]);
    }
  });

  test('a check the starter passes is worth nothing, and its points go to the others', () => {
    const ex06 = readResults(out).students[0]?.exercises.find((e) => e.id === 'ex06');
    const free = ex06?.tests.filter((t) => t.starterPasses) ?? [];
    expect(free.length).toBeGreaterThan(0);
    expect(free.every((t) => t.status === 'passed' && t.maxPoints === 0)).toBe(true);
    expect(ex06?.tests.reduce((sum, t) => sum + t.maxPoints, 0)).toBeCloseTo(10);
    const feedback = readFileSync(path.join(out, 'feedback', 'leaves-the-starters.md'), 'utf8');
    expect(feedback).toContain('worth no points: the untouched starter passes it too');
  });

  test('without the sandbox, the gradebook and every feedback file say so', () => {
    const rows = readFileSync(path.join(out, 'gradebook.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows.every((row) => row.endsWith('graded without a sandbox (--no-sandbox)'))).toBe(true);
    for (const file of readdirSync(path.join(out, 'feedback'))) {
      expect(readFileSync(path.join(out, 'feedback', file), 'utf8'), file).toContain('graded without a sandbox (--no-sandbox)');
    }
  });
});

test.skipIf(!['/usr/bin/bwrap', '/bin/bwrap'].some((file) => existsSync(file)))(
  'grading the official exercises/ itself, as the guide suggests for a new exercise, runs their tests in the sandbox',
  () => {
    const out = tempFolder('official-exercises');
    const { status } = runGrader([path.join(root, 'exercises'), '--exercises', 'ex02', '--out', out]);
    expect(status).toBe(0);
    // The untouched starter fails its checks; it is not a run that found no tests.
    expect(readResults(out).students[0]?.exercises[0]).toMatchObject({ verdict: 'failed', points: 0 });
  },
);

test('an official file that changes while a class is graded stops grading: exit 1, nothing more written', () => {
  // A workbook of its own (its node_modules shared), so that the change touches no other test's tests.
  const workbook = tempFolder('workbook');
  for (const item of ['exercises', 'packages', 'package.json', 'pnpm-workspace.yaml', 'tsconfig.json', 'vitest.config.ts', 'vitest.exercises.config.ts']) {
    cpSync(path.join(root, item), path.join(workbook, item), {
      recursive: true,
      verbatimSymlinks: true,
      filter: (source) => !source.includes(`${path.sep}node_modules${path.sep}.`),
    });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(workbook, 'node_modules'));
  const target = path.join(workbook, 'exercises', 'ex10-concurrent-server', 'README.md');

  // Without the sandbox, a program whose exercise lets it start processes can start one that
  // Node's permission model does not confine. The hashes catch what it does.
  const classDir = tempFolder('tampered-class');
  const tamperer = `import { spawnSync } from 'node:child_process';\nspawnSync(process.execPath, ['-e', ${JSON.stringify(`require('node:fs').appendFileSync(${JSON.stringify(target)}, 'all tests pass')`)}]);\n`;
  write(path.join(classDir, 'b-changes-an-official-file', 'exercises', 'ex10-concurrent-server', 'server.ts'), tamperer);
  for (const student of ['a-honest', 'c-honest'])
    cpSync(path.join(root, 'solutions', 'ex10-concurrent-server'), path.join(classDir, student, 'exercises', 'ex10-concurrent-server'), { recursive: true });

  const out = tempFolder('tampered-out');
  const bin = path.join(workbook, 'packages', 'cli', 'bin', 'workbook.mjs');
  const run = runGrader([classDir, '--exercises', 'ex10', '--no-sandbox', '--jobs', '1', '--out', out], {}, bin);
  expect(run.status).toBe(1);
  expect(run.err).toContain('official files changed while grading b-changes-an-official-file: exercises/ex10-concurrent-server/README.md');
  expect(run.err).toContain('nothing was written for the submissions being graded then or after');
  expect(readdirSync(path.join(out, 'results'))).toEqual(['a-honest.json']);
  expect(existsSync(path.join(out, 'gradebook.csv'))).toBe(false);
}, 120_000);
