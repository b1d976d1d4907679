/**
 * How the grader starts vitest: as a separate process, on node directly, with the exercises'
 * config. A separate process per submission is what lets the grader stop one that runs too long,
 * and kill everything it started, without touching the others.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { root } from '@workbook/course';

const requireHere = createRequire(import.meta.url);

/** vitest's own command-line entry, run with `node` (no shell, no pnpm in between). */
export const vitestBin = path.join(path.dirname(requireHere.resolve('vitest/package.json')), 'vitest.mjs');

/** The config every exercise test runs under, the same one `pnpm test exercises/ex02` uses. */
export const exercisesConfig = path.join(root, 'vitest.exercises.config.ts');

/** The same, for grading: see vitest.grading.config.ts beside this file. */
export const gradingConfig = fileURLToPath(new URL('./vitest.grading.config.ts', import.meta.url));

/**
 * The grader's own environment, minus what would change how the tests run: WORKBOOK_EXERCISES
 * would point them at another copy, and colour codes would end up in the feedback.
 */
export function vitestEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const { WORKBOOK_EXERCISES: _exercises, WORKBOOK_SEED: _seed, FORCE_COLOR: _color, ...env } = process.env;
  return { ...env, NO_COLOR: '1', ...extra };
}
