/**
 * Turns what a student types after `pnpm test` into what to run: `exercises/ex02`,
 * `solutions/ex02-happy-server`, `ex02`, `exercises`, a lesson package, or nothing at all.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { findExercise, loadExercises, root, testFiles, UsageError, type Exercise } from '@workbook/course';

export type Target = { kind: 'self-check' } | { kind: 'exercises'; exercises: Exercise[]; against: 'exercises' | 'solutions' } | { kind: 'package'; name: string };

/** Every package with tests of its own: the lessons, and the kit, the course, the CLI, the grader, the bench, the site. */
export function testedPackages(): string[] {
  return readdirSync(path.join(root, 'packages')).sort();
}

export function resolveTarget(input: string | undefined, exercises = loadExercises()): Target {
  if (input === undefined) return { kind: 'self-check' };
  // Accept ./exercises/ex02/, exercises\ex02 (Windows) and absolute paths inside the workbook.
  const relative = path.relative(root, path.resolve(input)).split(path.sep).join('/').replace(/\/+$/, '');
  const [folder = '', name, ...rest] = relative.split('/');

  if ((folder === 'exercises' || folder === 'solutions') && rest.length === 0) {
    if (name === undefined) return { kind: 'exercises', exercises, against: folder };
    return { kind: 'exercises', exercises: [findExercise(name, exercises)], against: folder };
  }
  if (folder === 'packages' && name !== undefined && rest.length === 0 && testedPackages().includes(name)) {
    return { kind: 'package', name };
  }
  if (/^ex\d\d/.test(input)) return { kind: 'exercises', exercises: [findExercise(input, exercises)], against: 'exercises' };
  if (testedPackages().includes(input)) return { kind: 'package', name: input };
  throw new UsageError(
    `"${input}" is not something the workbook can test.\n` +
      `Try one of:\n` +
      `  pnpm test exercises/ex02      your exercise (exercises: ${exercises.map((e) => e.id).join(', ')})\n` +
      `  pnpm test solutions/ex02      the reference solution\n` +
      `  pnpm test packages/<name>     a package's own tests (${testedPackages().join(', ')})\n` +
      `  pnpm test                     the whole workbook's self-check`,
    'ERR_UNKNOWN_TARGET',
  );
}

export function filesOf(exercises: Exercise[]): string[] {
  return exercises.flatMap(testFiles);
}
