/**
 * The instructor's hidden tests: tests students never get, run only by `pnpm grade`, after the
 * public ones. They sit in a folder of their own, `grading/` beside the workbook or the one
 * --hidden names, with the layout of exercises/:
 *
 *   grading/ex02-happy-server/edge-cases.test.ts    tests, written with the same kit
 *   grading/ex02-happy-server/grading.json          optional: { "visibility": {...}, "tests": {...} }
 *
 * They are never copied into a submission's copy, and a student's program cannot read them: the
 * kit's sandbox hides the folder, and Node's permission model lets a program read only its copy.
 *
 * Every test has a visibility. A public test is visible unless its exercise.json says otherwise;
 * a hidden test is hidden unless grading.json says otherwise. Either file may name a test file
 * (`edge-cases.test.ts`) or a test's full name.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { root, type Exercise, type Visibility } from '@workbook/course';
import { GraderError } from './grader-error.ts';

/** The variable that tells the kit where hidden tests are, so it runs their programs from the copy. */
export const hiddenTestsVariable = 'WORKBOOK_HIDDEN_TESTS';

/** `grading/` beside the workbook, when there is one. */
export const defaultHiddenFolder = path.join(root, 'grading');

interface GradingJson {
  visibility?: Record<string, Visibility>;
  tests?: Record<string, number>;
}

const visibilities: readonly Visibility[] = ['visible', 'hidden', 'after-due'];

/** The hidden test files of an exercise, absolute; none without a folder. */
export function hiddenTestFiles(folder: string | undefined, exercise: Exercise): string[] {
  const dir = folder && path.join(folder, exercise.slug);
  if (!dir || !existsSync(dir) || !statSync(dir).isDirectory()) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => path.join(dir, name));
}

/** grading.json of an exercise's hidden tests, checked; an empty one when there is none. */
export function gradingJson(folder: string | undefined, exercise: Exercise): Required<GradingJson> {
  const file = folder && path.join(folder, exercise.slug, 'grading.json');
  if (!file || !existsSync(file)) return { visibility: {}, tests: {} };
  let data: GradingJson;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as GradingJson;
  } catch (error) {
    throw new GraderError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  for (const [name, visibility] of Object.entries(data.visibility ?? {})) {
    if (!visibilities.includes(visibility)) {
      throw new GraderError(`${file}: the visibility of "${name}" is "${visibility}"; it must be one of ${visibilities.map((v) => `"${v}"`).join(', ')}.`);
    }
  }
  for (const [name, points] of Object.entries(data.tests ?? {})) {
    if (typeof points !== 'number' || !(points >= 0))
      throw new GraderError(`${file}: the points of "${name}" are ${JSON.stringify(points)}; they must be a number, 0 or more.`);
  }
  return { visibility: data.visibility ?? {}, tests: data.tests ?? {} };
}

/** A test's visibility: by its full name first, then by its file, then by where the file is. */
export function visibilityOf(exercise: Exercise, hidden: Required<GradingJson>, test: { name: string; file: string }, isHiddenFile: boolean): Visibility {
  const declared = isHiddenFile ? hidden.visibility : exercise.visibility;
  return declared[test.name] ?? declared[path.basename(test.file)] ?? (isHiddenFile ? 'hidden' : 'visible');
}

/** True for a test file inside the hidden tests' folder. */
export function isHiddenFile(folder: string | undefined, file: string): boolean {
  return folder !== undefined && path.resolve(file).startsWith(path.resolve(folder) + path.sep);
}
