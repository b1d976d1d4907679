/**
 * What the two platform commands share: which exercises an assignment grades, where the hidden
 * tests are, and a wrong argument answered with the command's own usage (exit code 2).
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { exerciseSlugs, loadExercise, root, UsageError, type Exercise } from '@workbook/course';
import { pc } from '@workbook/testkit/color';
import { fromWhereTyped } from '../options.ts';

/** `--exercises ex02,ex03` (or the folder names); undefined, meaning all of them, when not given. */
export function chooseExercises(values: string[] | undefined): Exercise[] | undefined {
  const names = values
    ?.flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter(Boolean);
  if (!names?.length) return undefined;
  const slugs = exerciseSlugs();
  return names.map((name) => {
    const slug = slugs.find((candidate) => candidate === name || candidate.slice(0, 4) === name);
    if (!slug) throw new UsageError(`There is no exercise "${name}". The exercises are: ${slugs.map((s) => s.slice(0, 4)).join(', ')}.`, 'ERR_GRADE_USAGE');
    return loadExercise(slug);
  });
}

/** The instructor's hidden tests: --hidden <folder>, or grading/ beside the workbook (where `pnpm grade` looks) when there is one. */
export function hiddenTestsFolder(value: string | undefined): string | undefined {
  const fallback = path.join(root, 'grading');
  if (value === undefined) return existsSync(fallback) && statSync(fallback).isDirectory() ? fallback : undefined;
  const folder = fromWhereTyped(value);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new UsageError(
      `--hidden takes the folder of your hidden tests (one folder per exercise, such as ex02-happy-server/), but "${value}" is not a folder.`,
      'ERR_GRADE_USAGE',
    );
  }
  return realpathSync(folder);
}

/** A path as the instructor typed it: relative to where they are, unless that climbs out. */
export function shownPath(file: string): string {
  const relative = path.relative(process.env.INIT_CWD ?? process.cwd(), file);
  return relative === '' || relative.startsWith('..') ? file : relative;
}

/** A command that answers a wrong argument with its message and its own usage, exit code 2, and no stack trace. */
export function platformCommand(command: (args: string[]) => number, usage: string): (args: string[]) => number {
  return (args) => {
    try {
      return command(args);
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      if (error instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
        console.error(`${pc.red('Error:')} ${message}\n\n${usage}`);
        return 2;
      }
      throw error;
    }
  };
}
