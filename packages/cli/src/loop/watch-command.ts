/** `pnpm workbook watch [exNN]`: see watch.ts. */
import { parseArgs } from 'node:util';
import { pc } from '@workbook/testkit/color';
import { findExercise, loadExercises, UsageError } from '@workbook/course';
import { StudentCopy } from '../student.ts';
import { currentExercise } from './current.ts';
import { Screen } from './screen.ts';
import { TestSession } from './test-session.ts';
import { watchExercise } from './watch.ts';

export const watchHelp = `Usage: pnpm workbook watch [exNN] [--poll] [--dir <folder>]

Runs an exercise's checks every time you save one of its files, and shows how many pass and
the first one that fails, with what was sent, expected and received.
With no exercise named, it watches the first one that does not pass yet.

Keys:  h  the next hint          n  the next exercise, once every check passes
       r  run the checks again   l  the list of exercises (pick one with the arrows and Enter)
       q  quit

Options:
  --poll          look for saves every half second instead of waiting for the file system to
                  say so: for folders where saving does not re-run the checks (some network
                  drives, containers and virtual machines)
  --dir <folder>  watch another copy of exercises/ instead of this workbook's`;

export async function watchCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { poll: { type: 'boolean' }, dir: { type: 'string' } } });
  if (positionals.length > 1) throw new UsageError(`Watch one exercise at a time, not ${positionals.length}: ${positionals.join(' ')}`);
  const copy = new StudentCopy(values.dir);
  const exercises = loadExercises();
  const session = new TestSession(copy);
  try {
    const named = positionals[0];
    const exercise = named ? findExercise(named, exercises) : await currentExercise(copy, exercises, session);
    if (!exercise) {
      console.log(pc.green('Every exercise passes. Well done!') + `\nTo watch one anyway: pnpm workbook watch ex01`);
      return 0;
    }
    return await watchExercise({ copy, exercises, session, screen: new Screen(), exercise, pollOnly: values.poll ?? false });
  } finally {
    await session.close();
  }
}
