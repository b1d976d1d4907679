/**
 * The workbook's layout, as the CLI sees it: where the root is, which exercises exist (from each
 * exercise's own exercise.json), and whether a student has touched a starter yet.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The workbook's root folder: this file is packages/cli/src/workspace.ts. */
export const root = path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));

export interface ExerciseMeta {
  title: string;
  /** The lesson package this exercise belongs to, e.g. `lesson-02-happy-server`. */
  lesson: string;
  points: number;
  /** The files a student edits, each with the sha256 of its untouched starter. */
  starter: Record<string, string>;
  /**
   * What the exercise's programs may start besides themselves while they are graded: child
   * processes (child_process, cluster) and worker threads. Without it, neither.
   */
  allow?: Array<'child-processes' | 'workers'>;
  /**
   * Optional, for grading: points for some tests by name; the tests not named share the rest of
   * `points` equally (see grade/points.ts).
   */
  tests?: Record<string, number>;
}

export interface Exercise extends ExerciseMeta {
  /** `ex02` */
  id: string;
  /** `ex02-happy-server`: the folder name in exercises/ and solutions/. */
  slug: string;
  /** exercises/ex02-happy-server, absolute. */
  dir: string;
}

/** The exercise folders' names, such as `ex02-happy-server`, in order. */
export function exerciseSlugs(exercisesDir = path.join(root, 'exercises')): string[] {
  return readdirSync(exercisesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^ex\d\d-/.test(entry.name))
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
}

/** One exercise, from its exercise.json. */
export function loadExercise(slug: string, exercisesDir = path.join(root, 'exercises')): Exercise {
  const dir = path.join(exercisesDir, slug);
  const metaFile = path.join(dir, 'exercise.json');
  if (!existsSync(metaFile)) throw new Error(`exercises/${slug} has no exercise.json (its title, lesson, points and starter files).`);
  const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as ExerciseMeta;
  return { ...meta, id: slug.slice(0, 4), slug, dir };
}

export function loadExercises(exercisesDir = path.join(root, 'exercises')): Exercise[] {
  return exerciseSlugs(exercisesDir).map((slug) => loadExercise(slug, exercisesDir));
}

/** The hash a starter file is recorded with. Line ends are folded so a Windows checkout agrees. */
export function fileHash(file: string): string {
  const text = readFileSync(file, 'utf8').replaceAll('\r\n', '\n');
  return createHash('sha256').update(text).digest('hex');
}

/** True when a file of the exercise is missing from `dir`: nothing handed in, nothing started. */
export function isMissing(exercise: Exercise, dir = exercise.dir): boolean {
  return Object.keys(exercise.starter).some((name) => !existsSync(path.join(dir, name)));
}

/** True when every file of the exercise is exactly its starter. */
export function isUntouched(exercise: Exercise, dir = exercise.dir): boolean {
  return Object.entries(exercise.starter).every(([name, hash]) => {
    const file = path.join(dir, name);
    return existsSync(file) && fileHash(file) === hash;
  });
}

/**
 * The untouched starter of one of an exercise's files: a copy kept in exercises/<slug>/.starter/,
 * which `pnpm workbook reset` puts back and `pnpm workbook starters --update` refreshes.
 */
export function starterCopy(exercise: Exercise, name: string): string {
  return path.join(exercise.dir, '.starter', name);
}

/** The exercise's test files, absolute paths. */
export function testFiles(exercise: Exercise): string[] {
  return readdirSync(exercise.dir)
    .filter((name) => name.endsWith('.test.ts'))
    .map((name) => path.join(exercise.dir, name));
}

/** `pnpm test exercises/ex02`: the command that runs one exercise's tests. */
export function testCommand(exercise: Exercise): string {
  return `pnpm test exercises/${exercise.id}`;
}
