/**
 * The progress board (`pnpm start`): every exercise, its lesson, how far along it is, and the one
 * command to run next. The status comes from running the tests, never from a saved file.
 */
import path from 'node:path';
import { pc } from './color.ts';
import { count, runVitest, type TestOutcome } from './run-vitest.ts';
import { filesOf } from './targets.ts';
import { isMissing, isUntouched, loadExercises, testCommand, type Exercise } from './workspace.ts';

type Status =
  | { kind: 'not started' }
  | { kind: 'passed'; total: number }
  | { kind: 'failing'; passed: number; total: number };

function statusOf(exercise: Exercise, touched: boolean, outcomes: TestOutcome[]): Status {
  if (!touched) return { kind: 'not started' };
  const own = outcomes.filter((outcome) => outcome.file.startsWith(exercise.dir));
  const { passed, failed } = count(own);
  return failed === 0 && passed > 0 ? { kind: 'passed', total: passed } : { kind: 'failing', passed, total: own.length };
}

function showStatus(status: Status): string {
  switch (status.kind) {
    case 'not started':
      return pc.dim('not started');
    case 'passed':
      return pc.green(`✓ passed (${status.total} checks)`);
    case 'failing':
      return pc.yellow(`✗ failing: ${status.passed} of ${status.total} checks pass`);
  }
}

/** `lesson-02-happy-server` reads as `lesson 2`. */
function lessonLabel(lesson: string): string {
  const number = /^lesson-(\d+)/.exec(lesson)?.[1];
  return number ? `lesson ${Number(number)}` : lesson;
}

/** `exercisesDir` shows the board for another copy of exercises/, such as a student's submission. */
export async function board(exercisesDir?: string): Promise<number> {
  const exercises = loadExercises();
  const dirOf = (exercise: Exercise) => (exercisesDir ? path.join(exercisesDir, exercise.slug) : exercise.dir);
  const touched = exercises.filter((exercise) => !isUntouched(exercise, dirOf(exercise)) && !isMissing(exercise, dirOf(exercise)));
  if (touched.length && process.stdout.isTTY) {
    console.log(pc.dim(`Running the tests of ${touched.map((e) => e.id).join(', ')} …`));
  }
  const outcomes = touched.length ? await runVitest({ exercisesOnly: true, filters: filesOf(touched), quiet: true, ...(exercisesDir && { exercisesDir }) }) : [];
  const rows = exercises.map((exercise) => ({ exercise, status: statusOf(exercise, touched.includes(exercise), outcomes) }));

  const titleWidth = Math.max(...exercises.map((e) => e.title.length));
  console.log(pc.bold('\nHTTP Workbook: your progress\n'));
  for (const { exercise, status } of rows) {
    console.log(`  ${pc.bold(exercise.id)}  ${exercise.title.padEnd(titleWidth)}  ${pc.dim(lessonLabel(exercise.lesson).padEnd(9))}  ${showStatus(status)}`);
  }
  const done = rows.filter((row) => row.status.kind === 'passed').length;
  console.log(`\n  ${done} of ${rows.length} exercises pass.`);

  const next = rows.find((row) => row.status.kind !== 'passed');
  if (next) {
    const { exercise } = next;
    console.log(`\nNext: ${exercise.id}, ${exercise.title}.`);
    console.log(`  Read   exercises/${exercise.slug}/README.md`);
    console.log(`  Edit   exercises/${exercise.slug}/${Object.keys(exercise.starter).join(', ')}`);
    console.log(`  Check  ${pc.cyan(testCommand(exercise))}`);
  } else {
    console.log(pc.green('\nEvery exercise passes. Well done!'));
  }
  return 0;
}
