/**
 * `pnpm workbook reset exNN`: puts an exercise's starter back, to begin it again. It asks first
 * (or takes --yes), and keeps the student's files in .workbook/backups/, so a reset never loses
 * work.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { pc } from '@workbook/testkit/color';
import { fileHash, fileNames, findExercise, isUntouched, loadExercises, starterCopy, UsageError, type Exercise } from '@workbook/course';
import { StudentCopy } from '../student.ts';

export const resetHelp = `Usage: pnpm workbook reset <exNN> [--yes] [--dir <folder>]

Puts the starter files of an exercise back, to begin it again. Your own files are kept in
.workbook/backups/<exercise>/<date and time>/ first, so nothing is lost. It asks before it
changes anything.

Options:
  --yes           do not ask (needed when there is no terminal to answer on)
  --dir <folder>  another copy of exercises/ instead of this workbook's`;

async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

/** 2026-11-21T09-02-14: a folder name that sorts by time and is valid on Windows too. */
function stamp(): string {
  return new Date().toISOString().slice(0, 19).replaceAll(':', '-');
}

function checkStarters(exercise: Exercise): void {
  for (const { name, starter: hash } of exercise.files) {
    const copy = starterCopy(exercise, name);
    if (!existsSync(copy) || fileHash(copy) !== hash) {
      throw new Error(`The starter copy ${copy} is missing or changed. A maintainer refreshes it with: pnpm workbook starters --update ${exercise.id}`);
    }
  }
}

export async function resetCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { yes: { type: 'boolean', short: 'y' }, dir: { type: 'string' } } });
  const [name, ...more] = positionals;
  if (!name || more.length) throw new UsageError('Name one exercise to reset, such as: pnpm workbook reset ex02');
  const copy = new StudentCopy(values.dir);
  const exercise = findExercise(name, loadExercises());
  checkStarters(exercise);
  const dir = copy.dirOf(exercise);
  if (isUntouched(exercise, dir)) {
    console.log(`${exercise.id} already holds its starter. Nothing to do.`);
    return 0;
  }

  const files = fileNames(exercise);
  const backup = path.join(copy.stateDir, 'backups', exercise.slug, stamp());
  const yours = files.filter((file) => existsSync(path.join(dir, file)));
  if (!values.yes) {
    if (!process.stdin.isTTY) {
      throw new UsageError(`Resetting replaces your ${files.join(', ')} in ${copy.show(dir)}. To go ahead without a question: pnpm workbook reset ${exercise.id} --yes`);
    }
    const question = `Put the starter back in ${copy.show(dir)} (${files.join(', ')})? Your version is kept in ${copy.show(backup)}.`;
    if (!(await confirm(question))) {
      console.log('Nothing changed.');
      return 0;
    }
  }
  mkdirSync(backup, { recursive: true });
  for (const file of yours) copyFileSync(path.join(dir, file), path.join(backup, file));
  mkdirSync(dir, { recursive: true });
  for (const file of files) copyFileSync(starterCopy(exercise, file), path.join(dir, file));
  console.log(pc.green(`${exercise.id} holds its starter again.`) + (yours.length ? ` Your version: ${copy.show(backup)}` : ''));
  return 0;
}
