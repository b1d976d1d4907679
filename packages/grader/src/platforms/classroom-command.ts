/**
 * `pnpm grade classroom-template <folder>`: a template repository for a GitHub Classroom
 * assignment. The workbook for students, as git sees it, without the instructor's hidden tests
 * (and without the workbook's own .github, whose workflows would run on every student's push);
 * `.github/workflows/classroom.yml`, which grades the student's repository on every push; and
 * INSTRUCTOR.md, the clicks that make it an assignment (classroom-template.ts).
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '@workbook/course';
import { pc } from '@workbook/testkit/color';
import { fromWhereTyped } from '../options.ts';
import { classroomWorkflow, instructorReadme } from './classroom-template.ts';
import { chooseExercises, platformCommand, shownPath } from './platform-options.ts';
import { workbookFiles } from './workbook-files.ts';

export const classroomUsage = `Usage: pnpm grade classroom-template <folder> [options]

Writes a template repository for a GitHub Classroom assignment into <folder> (new, or empty): the
workbook for students (as git sees it, without your hidden tests), .github/workflows/classroom.yml,
which grades a student's repository on every push, in the sandbox, and reports the points to
Classroom, and INSTRUCTOR.md, the clicks that make it an assignment.

Options:
  --exercises <ex01,...>    the exercises the assignment grades (default: all of them)
  --no-solutions            leave out solutions/ (then pnpm workbook solution has nothing to show)
  --help                    this text

More in docs/instructors.md, "On GitHub Classroom".`;

function build(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { exercises: { type: 'string', multiple: true }, 'no-solutions': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(classroomUsage);
    return 0;
  }
  const [folder, ...extra] = positionals;
  if (folder === undefined) throw new UsageError('Where should the template go? Give a folder: pnpm grade classroom-template <folder>', 'ERR_GRADE_USAGE');
  if (extra.length) throw new UsageError(`Give one folder for the template, not ${positionals.length}: ${positionals.join(' ')}`, 'ERR_GRADE_USAGE');
  const out = fromWhereTyped(folder);
  if (existsSync(out) && (!statSync(out).isDirectory() || readdirSync(out).length > 0)) {
    throw new UsageError(`${folder} already exists and is not an empty folder: give a new folder for the template, so nothing of yours is written over.`, 'ERR_GRADE_USAGE');
  }
  const exercises = chooseExercises(values.exercises)?.map((exercise) => exercise.id);
  const solutions = !values['no-solutions'];

  // grading/, the hidden tests' folder, never goes to students.
  const leaveOut = ['grading', '.github', 'INSTRUCTOR.md', ...(solutions ? [] : ['solutions'])];
  const files = workbookFiles(leaveOut, [out]);
  for (const file of files) {
    const target = path.join(out, file.name);
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(file.source, target);
    if (file.executable) chmodSync(target, 0o755);
  }
  mkdirSync(path.join(out, '.github', 'workflows'), { recursive: true });
  writeFileSync(path.join(out, '.github', 'workflows', 'classroom.yml'), classroomWorkflow(exercises));
  writeFileSync(path.join(out, 'INSTRUCTOR.md'), instructorReadme(exercises, solutions));

  console.log(
    `Wrote the template to ${pc.bold(shownPath(out))}: ${files.length} files of the workbook${solutions ? '' : ' (no solutions)'}, .github/workflows/classroom.yml, INSTRUCTOR.md.`,
  );
  console.log(`It grades ${exercises ? exercises.join(', ') : 'every exercise'}. Next: ${path.join(shownPath(out), 'INSTRUCTOR.md')} says how to make it an assignment.`);
  return 0;
}

export const run = platformCommand(build, classroomUsage);
