/**
 * `pnpm workbook solution exNN`: the reference solution, and how the student's files differ from
 * it. It unlocks once the exercise passes (a real run of its tests; a pass is remembered), so the
 * solution is something to compare with, not a shortcut. `--force` shows it anyway.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { structuredPatch } from 'diff';
import { pc } from '@workbook/testkit/color';
import { fileNames, findExercise, loadExercises, root, UsageError, type Exercise } from '@workbook/course';
import { StudentCopy } from '../student.ts';
import { allPass, checksLine } from './exercise-result.ts';
import { TestSession } from './test-session.ts';

export const solutionHelp = `Usage: pnpm workbook solution <exNN> [--force] [--dir <folder>]

Shows the reference solution of an exercise and the differences between your files and it.
It unlocks when your exercise passes its checks. Before that it says how many pass.

Options:
  --force         show it even though your exercise does not pass yet
  --dir <folder>  another copy of exercises/ instead of this workbook's`;

const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').replaceAll('\r\n', '\n') : '');

/** A unified diff of one file, coloured: what to take out of the student's file in red, what to put in in green. */
function showDiff(yours: string, solution: string, yourName: string, solutionName: string): string {
  const patch = structuredPatch(yourName, solutionName, read(yours), read(solution), '', '', { context: 2 });
  if (patch.hunks.length === 0) return pc.green('  Your file is the same as the solution.');
  const lines = [pc.dim(`--- ${yourName} (yours)`), pc.dim(`+++ ${solutionName} (solution)`)];
  for (const hunk of patch.hunks) {
    lines.push(pc.cyan(`@@ your line ${hunk.oldStart}, solution line ${hunk.newStart} @@`));
    for (const line of hunk.lines) {
      if (line.startsWith('-')) lines.push(pc.red(line));
      else if (line.startsWith('+')) lines.push(pc.green(line));
      else if (!line.startsWith('\\')) lines.push(line);
    }
  }
  return lines.join('\n');
}

function show(copy: StudentCopy, exercise: Exercise): void {
  for (const name of fileNames(exercise, 'edit')) {
    const solution = path.join(root, 'solutions', exercise.slug, name);
    const yours = path.join(copy.dirOf(exercise), name);
    console.log(pc.bold(`\nThe reference solution: ${copy.show(solution)}\n`));
    console.log(read(solution).trimEnd());
    console.log(pc.bold(`\nYour ${name} against it:\n`));
    console.log(showDiff(yours, solution, copy.show(yours), copy.show(solution)));
  }
}

export async function solutionCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' }, dir: { type: 'string' } } });
  const [name, ...more] = positionals;
  if (!name || more.length) throw new UsageError('Name one exercise, such as: pnpm workbook solution ex02');
  const copy = new StudentCopy(values.dir);
  const exercise = findExercise(name, loadExercises());

  if (values.force || copy.progress().unlocked[exercise.id]) {
    show(copy, exercise);
    return 0;
  }
  const session = new TestSession(copy);
  const result = await session.run(exercise).finally(() => session.close());
  if (allPass(result)) {
    console.log(pc.green(`${exercise.id} passes (${checksLine(result)}): its solution is unlocked.`));
    show(copy, exercise);
    return 0;
  }
  console.log(
    [
      `${pc.bold(`The solution of ${exercise.id} is locked`)} until your exercise passes: now ${checksLine(result)}.`,
      '',
      `  Keep going:     ${pc.cyan(`pnpm workbook watch ${exercise.id}`)}`,
      `  A nudge:        ${pc.cyan(`pnpm workbook hint ${exercise.id}`)}`,
      `  See it anyway:  ${pc.cyan(`pnpm workbook solution ${exercise.id} --force`)}`,
    ].join('\n'),
  );
  return 1;
}
