/**
 * `pnpm test [target] [--watch]`: one exercise against the student's file or the reference
 * solution, a lesson's own tests, or, with no target, the workbook's self-check.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pc } from '@workbook/testkit/color';
import { count, runVitest, type TestOutcome } from './run-vitest.ts';
import { filesOf, resolveTarget, type Target } from './targets.ts';
import { fileHash, isUntouched, loadExercises, root, starterCopy, UsageError, type Exercise } from '@workbook/course';

export async function test(target: string | undefined, watch: boolean): Promise<number> {
  const resolved = resolveTarget(target);
  if (resolved.kind === 'self-check') {
    if (watch) throw new UsageError('--watch needs a target, such as: pnpm test exercises/ex02 --watch', 'ERR_WATCH_NEEDS_TARGET');
    return selfCheck();
  }
  const outcomes = await runVitest({ ...runOptions(resolved), watch });
  return count(outcomes).failed > 0 ? 1 : 0;
}

function runOptions(target: Exclude<Target, { kind: 'self-check' }>) {
  if (target.kind === 'package') return { projects: [target.name] };
  return {
    exercisesOnly: true,
    filters: filesOf(target.exercises),
    ...(target.against === 'solutions' && { exercisesDir: path.join(root, 'solutions') }),
  };
}

/**
 * Everything the workbook promises, checked in one go: every package's own tests, every
 * exercise's tests against its reference solution, and every untouched starter failing its tests
 * (a test that cannot fail proves nothing).
 */
async function selfCheck(): Promise<number> {
  const main = await runVitest({ exercisesDir: path.join(root, 'solutions') });
  const starters = await checkStarters(loadExercises());
  const all = [...main, ...starters];
  const { passed, failed, skipped } = count(all);
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed > 0 ? 1 : 0;
}

/**
 * Runs each exercise's tests against its starter, the copy kept in .starter/ (checked against the
 * hash in exercise.json), so the proof holds even after a student has started editing. In CI the
 * exercise files themselves must also still be the starters: a clone ships them untouched.
 */
async function checkStarters(exercises: Exercise[]): Promise<TestOutcome[]> {
  console.log(pc.bold('\nEvery exercise starter must fail its own tests:'));
  const layout = mkdtempSync(path.join(tmpdir(), 'workbook-starters-'));
  try {
    const problems = new Map<Exercise, string>();
    for (const exercise of exercises) {
      for (const { name, starter: hash } of exercise.files) {
        const copy = starterCopy(exercise, name);
        if (!existsSync(copy) || fileHash(copy) !== hash) {
          problems.set(
            exercise,
            `${path.relative(root, copy)} is missing, or is not the starter exercise.json records. If the starter changed on purpose, run: pnpm workbook starters --update ${exercise.id}`,
          );
        } else {
          mkdirSync(path.join(layout, exercise.slug), { recursive: true });
          copyFileSync(copy, path.join(layout, exercise.slug, name));
        }
      }
      if (process.env.CI && !problems.has(exercise) && !isUntouched(exercise)) {
        problems.set(
          exercise,
          `exercises/${exercise.slug} is not its starter: a clone must ship the starters. If the starter changed on purpose, run: pnpm workbook starters --update ${exercise.id}`,
        );
      }
    }
    const checked = exercises.filter((exercise) => !problems.has(exercise));
    const results = checked.length ? await runVitest({ exercisesOnly: true, filters: filesOf(checked), quiet: true, exercisesDir: layout }) : [];
    return exercises.map((exercise) => starterOutcome(exercise, problems.get(exercise), results));
  } finally {
    rmSync(layout, { recursive: true, force: true });
  }
}

function starterOutcome(exercise: Exercise, problem: string | undefined, results: TestOutcome[]): TestOutcome {
  const name = `${exercise.id} starter fails its tests`;
  const file = path.join(exercise.dir, 'exercise.json');
  if (problem) {
    console.log(`  ${pc.red('✗')} ${exercise.id}: ${problem}`);
    return { file, name, state: 'failed', message: problem };
  }
  const own = results.filter((outcome) => path.dirname(outcome.file) === exercise.dir);
  const { failed } = count(own);
  if (failed > 0) {
    console.log(`  ${pc.green('✓')} ${exercise.id}: the starter fails ${failed} of ${own.length} checks`);
    return { file, name, state: 'passed' };
  }
  const message = `the starter passes all ${own.length} of its checks, so they cannot tell a solved exercise from an unsolved one`;
  console.log(`  ${pc.red('✗')} ${exercise.id}: ${message}`);
  return { file, name, state: 'failed', message };
}
