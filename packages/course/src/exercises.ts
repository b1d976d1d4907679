/**
 * The exercises, in order: one folder each in exercises/, named exNN-slug, described by its
 * exercise.json (checked against the schema), with its reference solution in solutions/exNN-slug.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ExerciseJsonError, readExerciseJson, type ExerciseJson, type Need, type Role, type Visibility } from './exercise-json.ts';
import { loadLessons } from './lessons.ts';
import { root } from './root.ts';

export interface StarterFile {
  /** `server.ts`, relative to the exercise's folder. */
  name: string;
  /** `edit`: the student changes it; `given`: it comes ready, and the student may leave it alone. */
  role: Role;
  /** The sha256 of the untouched starter (see fileHash). */
  starter: string;
}

export interface Exercise {
  /** `ex02` */
  id: string;
  /** `ex02-happy-server`: the folder name in exercises/ and solutions/. */
  slug: string;
  /** exercises/ex02-happy-server, absolute. */
  dir: string;
  title: string;
  /** The lesson package it belongs to, e.g. `lesson-02-happy-server`. */
  lesson: string;
  points: number;
  /** What its programs may start while graded: child processes, workers, or nothing. */
  needs: Need[];
  /** The starter's files, in the order exercise.json lists them. */
  files: StarterFile[];
  /** Points for some tests by name (see the grader's points.ts). */
  tests: Record<string, number>;
  /** Who sees a test's result, by test file or full name; visible unless named here. */
  visibility: Record<string, Visibility>;
}

const exerciseFolder = /^ex\d\d-[a-z0-9-]+$/;

/** The exercise folders' names, such as `ex02-happy-server`, in order. */
export function exerciseSlugs(exercisesDir = path.join(root, 'exercises')): string[] {
  return readdirSync(exercisesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && exerciseFolder.test(entry.name))
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b));
}

/** One exercise, from its exercise.json; a file that does not fit the schema is refused, naming the field. */
export function loadExercise(slug: string, exercisesDir = path.join(root, 'exercises')): Exercise {
  const dir = path.join(exercisesDir, slug);
  const shown = `exercises/${slug}/exercise.json`;
  const json: ExerciseJson = readExerciseJson(path.join(dir, 'exercise.json'), shown);
  const lessons = loadLessons().map((lesson) => lesson.packageName);
  if (!lessons.includes(json.lesson)) {
    throw new ExerciseJsonError(`${shown}: "lesson" is "${json.lesson}", which is no lesson package. The lessons are: ${lessons.join(', ')}.`);
  }
  return {
    id: slug.slice(0, 4),
    slug,
    dir,
    title: json.title,
    lesson: json.lesson,
    points: json.points,
    needs: json.needs ?? [],
    files: Object.entries(json.files).map(([name, file]) => ({ name, ...file })),
    tests: json.tests ?? {},
    visibility: json.visibility ?? {},
  };
}

export function loadExercises(exercisesDir = path.join(root, 'exercises')): Exercise[] {
  return exerciseSlugs(exercisesDir).map((slug) => loadExercise(slug, exercisesDir));
}

/** The names of the files the student changes: `edit` only, or every starter file with `'all'`. */
export function fileNames(exercise: Exercise, which: Role | 'all' = 'all'): string[] {
  return exercise.files.filter((file) => which === 'all' || file.role === which).map((file) => file.name);
}

/** The hash a starter file is recorded with. Line ends are folded so a Windows checkout agrees. */
export function fileHash(file: string): string {
  const text = readFileSync(file, 'utf8').replaceAll('\r\n', '\n');
  return createHash('sha256').update(text).digest('hex');
}

/** True when a file the student edits is missing from `dir`: nothing handed in, nothing started. */
export function isMissing(exercise: Exercise, dir = exercise.dir): boolean {
  return fileNames(exercise, 'edit').some((name) => !existsSync(path.join(dir, name)));
}

/** True when every starter file is in `dir`, exactly as its starter. */
export function isUntouched(exercise: Exercise, dir = exercise.dir): boolean {
  return exercise.files.every(({ name, starter }) => {
    const file = path.join(dir, name);
    return existsSync(file) && fileHash(file) === starter;
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

/** solutions/ex02-happy-server, absolute, or undefined when the exercise has none yet. */
export function solutionDir(exercise: Exercise, workbook = root): string | undefined {
  const dir = path.join(workbook, 'solutions', exercise.slug);
  return existsSync(dir) ? dir : undefined;
}
