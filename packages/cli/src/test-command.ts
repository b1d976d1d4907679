/**
 * `pnpm test [target] [--watch]`: one exercise against the student's file or the reference
 * solution, a lesson's own tests, or, with no target, the workbook's self-check.
 */
import path from 'node:path';
import { pc } from './color.ts';
import { count, runVitest, type TestOutcome } from './run-vitest.ts';
import { filesOf, resolveTarget, type Target } from './targets.ts';
import { isUntouched, loadExercises, root, type Exercise } from './workspace.ts';

export async function test(target: string | undefined, watch: boolean): Promise<number> {
  const resolved = resolveTarget(target);
  if (resolved.kind === 'self-check') {
    if (watch) throw new Error('--watch needs a target, such as: pnpm test exercises/ex02 --watch');
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

async function checkStarters(exercises: Exercise[]): Promise<TestOutcome[]> {
  console.log(pc.bold('\nEvery untouched starter must fail its own tests:'));
  const untouched = exercises.filter((exercise) => isUntouched(exercise));
  const results = untouched.length ? await runVitest({ exercisesOnly: true, filters: filesOf(untouched), quiet: true }) : [];
  return exercises.map((exercise): TestOutcome => {
    const name = `${exercise.id} starter fails its tests`;
    const file = path.join(exercise.dir, 'exercise.json');
    if (!untouched.includes(exercise)) {
      // On a student's machine an edited starter is their work; in CI it means the recorded hash is stale.
      const message = `exercises/${exercise.slug} has been changed, so its starter cannot be checked.` +
        (process.env.CI ? ' If the starter changed on purpose, run: pnpm workbook starters --update' : '');
      console.log(`  ${process.env.CI ? pc.red('✗') : pc.yellow('-')} ${exercise.id}: ${message}`);
      return { file, name, state: process.env.CI ? 'failed' : 'skipped', message };
    }
    const own = results.filter((outcome) => path.dirname(outcome.file) === exercise.dir);
    const { failed } = count(own);
    if (failed > 0) {
      console.log(`  ${pc.green('✓')} ${exercise.id}: the starter fails ${failed} of ${own.length} checks`);
      return { file, name, state: 'passed' };
    }
    const message = `the untouched starter passes all ${own.length} of its checks, so they cannot tell a solved exercise from an unsolved one`;
    console.log(`  ${pc.red('✗')} ${exercise.id}: ${message}`);
    return { file, name, state: 'failed', message };
  });
}
