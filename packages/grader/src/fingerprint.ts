/**
 * The resume key of a submission: a hash of everything its grade depends on. `--resume` skips a
 * student whose stored result has the same key, and grades again one whose files, whose exercise's
 * official tests, or whose grader (this folder, the test kit, the limits) changed since.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileHash, root, type Exercise } from '@workbook/course';
import { officialFiles, studentFiles } from './isolated-copy.ts';
import type { Limits } from './run-tests.ts';
import type { Submission } from './submissions.ts';

function hashOfFolder(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir)
    .filter((file) => file.endsWith('.ts'))
    .sort()) {
    hash.update(`${name}:${fileHash(path.join(dir, name))}\n`);
  }
  return hash.digest('hex');
}

/** The grader's own code, the kit it grades with, and its settings: changing any may change a grade. */
export function graderFingerprint(settings: { limits: Limits; sandboxed: boolean }): string {
  return createHash('sha256')
    .update(hashOfFolder(path.dirname(fileURLToPath(import.meta.url))))
    .update(hashOfFolder(path.join(root, 'packages', 'testkit', 'src')))
    .update(fileHash(path.join(root, 'vitest.exercises.config.ts')))
    .update(JSON.stringify(settings))
    .digest('hex');
}

/**
 * The official exercises being graded: their files. How their points are split follows from
 * those (exercise.json, the tests' names, the checks their starters pass) and the grader.
 */
export function officialFingerprint(exercises: Exercise[], hiddenTests?: string): string {
  const hash = createHash('sha256');
  for (const exercise of exercises) {
    hash.update(`${exercise.slug}\n`);
    for (const [name, fileHashValue] of [...officialFiles(exercise)].sort()) hash.update(`${name}:${fileHashValue}\n`);
    // The hidden tests and their grading.json weigh in too: a fixed hidden test means a new grade.
    const hidden = hiddenTests && path.join(hiddenTests, exercise.slug);
    const files = hidden && existsSync(hidden) ? readdirSync(hidden, { withFileTypes: true }).filter((entry) => entry.isFile()) : [];
    for (const name of files.map((entry) => entry.name).sort()) hash.update(`hidden/${name}:${fileHash(path.join(hidden as string, name))}\n`);
  }
  return hash.digest('hex');
}

/** What this student handed in for these exercises: their own files and their copies of the tests. */
export function submissionKey(submission: Submission, exercises: Exercise[], grader: string, official: string): string {
  const hash = createHash('sha256').update(`${submission.student}\n${grader}\n${official}\n`);
  for (const exercise of exercises) {
    const folder = submission.exercisesDir && path.join(submission.exercisesDir, exercise.slug);
    const names = [...studentFiles(exercise), ...officialFiles(exercise).keys()].sort();
    for (const name of names) {
      const file = folder && path.join(folder, name);
      const present = file && existsSync(file) && lstatSync(file).isFile();
      hash.update(`${exercise.slug}/${name}:${present ? fileHash(file) : '-'}\n`);
    }
  }
  return hash.digest('hex');
}
