/**
 * The fresh copy a submission is graded in:
 *
 *   <workbook>/.workbook/grading/<run>/<student>/exercises/<slug>/
 *
 * holding the instructor's official folder (pages, images, but not the tests, which run from the
 * official folder itself) with only the starter's files (those listed in exercise.json's `files`)
 * taken from the submission, and a temporary folder `.tmp`. A `given` file the student did not
 * hand in is the official starter's: it comes ready, so leaving it out is no mistake. The copy sits inside the
 * workbook so that the packages a student imports resolve through its node_modules. The student's
 * programs run in it, and it is the only place they may write.
 */
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileHash, fileNames, root, starterCopy, type Exercise } from '@workbook/course';
import type { Submission } from './submissions.ts';

export interface IsolatedCopy {
  /** The copy's root: the exercises are in `exercises/`. */
  dir: string;
  /** The programs' temporary folder, inside the copy. */
  tmp: string;
  /** Exercises with at least one of the student's files: these are run. */
  present: Exercise[];
  /** Exercises the student handed in none of the files of. */
  missing: Exercise[];
}

const gradingRoot = path.join(root, '.workbook', 'grading');

/** A run's id ends with the grader's pid, so a folder left by a grader that was killed can be told apart. */
export function newRunId(): string {
  return `${Date.now().toString(36)}-${process.pid}`;
}

export function gradingFolder(runId: string): string {
  return path.join(gradingRoot, runId);
}

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the copies that graders which were killed outright could not remove themselves. */
export function removeAbandonedRuns(): void {
  if (!existsSync(gradingRoot)) return;
  for (const runId of readdirSync(gradingRoot)) {
    const pid = Number(runId.split('-').pop());
    if (Number.isInteger(pid) && pid > 0 && !isRunning(pid)) rmSync(gradingFolder(runId), { recursive: true, force: true });
  }
}

/** A file a student handed in; a link could point anywhere (even at the solution), so only real files count. */
function isOwnFile(file: string): boolean {
  return existsSync(file) && lstatSync(file).isFile();
}

export function studentFiles(exercise: Exercise): string[] {
  return fileNames(exercise);
}

export function prepareCopy(runId: string, submission: Submission, exercises: Exercise[]): IsolatedCopy {
  const dir = path.join(gradingFolder(runId), submission.student);
  rmSync(dir, { recursive: true, force: true });
  const present: Exercise[] = [];
  const missing: Exercise[] = [];
  for (const exercise of exercises) {
    const from = submission.exercisesDir && path.join(submission.exercisesDir, exercise.slug);
    const handedIn = from ? studentFiles(exercise).filter((name) => isOwnFile(path.join(from, name))) : [];
    if (!from || !handedIn.some((name) => fileNames(exercise, 'edit').includes(name))) {
      missing.push(exercise);
      continue;
    }
    const to = path.join(dir, 'exercises', exercise.slug);
    const own = new Set(studentFiles(exercise).map((name) => path.join(exercise.dir, name)));
    const left = (source: string) => own.has(source) || source.endsWith('.test.ts') || path.basename(source) === '.starter';
    // The official folder, less the tests and the starter files: a file to edit the student did not hand in stays missing.
    cpSync(exercise.dir, to, { recursive: true, filter: (source) => !left(source) });
    for (const name of handedIn) {
      mkdirSync(path.dirname(path.join(to, name)), { recursive: true });
      cpSync(path.join(from, name), path.join(to, name));
    }
    for (const name of fileNames(exercise, 'given').filter((given) => !handedIn.includes(given))) {
      mkdirSync(path.dirname(path.join(to, name)), { recursive: true });
      cpSync(starterCopy(exercise, name), path.join(to, name));
    }
    present.push(exercise);
  }
  const tmp = path.join(dir, '.tmp');
  mkdirSync(tmp, { recursive: true });
  return { dir, tmp, present, missing };
}

/** Every official file of an exercise except the student's, relative to its folder, with its hash. */
export function officialFiles(exercise: Exercise): Map<string, string> {
  const own = new Set(studentFiles(exercise));
  const files = new Map<string, string>();
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(exercise.dir, relative), { withFileTypes: true })) {
      const name = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(name);
      else if (entry.isFile() && !own.has(name.split(path.sep).join('/'))) files.set(name, fileHash(path.join(exercise.dir, name)));
    }
  };
  walk('');
  return files;
}
