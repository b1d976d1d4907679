/**
 * `pnpm workbook hint [exNN]`: the next hint of an exercise, from a nudge to nearly the answer.
 * The progress file remembers how many were shown, so the next call goes one further.
 */
import { parseArgs } from 'node:util';
import { pc } from '@workbook/testkit/color';
import { nextHint } from '../hints.ts';
import { findExercise, loadExercises, UsageError } from '@workbook/course';
import { StudentCopy } from '../student.ts';
import { currentExercise } from './current.ts';
import { TestSession } from './test-session.ts';

export const hintHelp = `Usage: pnpm workbook hint [exNN] [--dir <folder>]

Shows the next hint of an exercise: the first call a nudge, the last one nearly the answer.
With no exercise named, the hint is for the first exercise that does not pass yet.

Options:
  --dir <folder>  another copy of exercises/ instead of this workbook's`;

export async function hintCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { dir: { type: 'string' } } });
  if (positionals.length > 1) throw new UsageError(`Ask for the hint of one exercise at a time, not ${positionals.length}.`);
  const copy = new StudentCopy(values.dir);
  const exercises = loadExercises();
  let exercise = positionals[0] ? findExercise(positionals[0], exercises) : undefined;
  if (!exercise) {
    const session = new TestSession(copy);
    exercise = await currentExercise(copy, exercises, session).finally(() => session.close());
    if (!exercise) {
      console.log('Every exercise passes: no hint needed. To read one anyway: pnpm workbook hint ex02');
      return 0;
    }
  }
  const hint = nextHint(copy, exercise);
  if (!hint) {
    console.log(`${exercise.id} has no hints. Its README explains the task: exercises/${exercise.slug}/README.md`);
    return 0;
  }
  const again = hint.again ? pc.dim(' (the last one, again)') : '';
  console.log(`${pc.bold(`${exercise.id} ${exercise.title}: hint ${hint.number} of ${hint.total}`)}${again}\n`);
  console.log(hint.text);
  console.log('');
  if (hint.number < hint.total) console.log(pc.dim(`Still stuck? The next one: pnpm workbook hint ${exercise.id}`));
  else console.log(pc.dim(`That was the last hint. Once ${exercise.id} passes, pnpm workbook solution ${exercise.id} shows the reference solution.`));
  return 0;
}
