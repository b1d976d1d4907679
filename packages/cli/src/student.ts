/**
 * A student's copy of the exercises (exercises/ in the workbook, or another folder given with
 * --dir) and what the workbook remembers about it in .workbook/progress.json beside it: the hints
 * they have seen, the solutions they unlocked, and which versions of their files passed. git
 * ignores .workbook/, so the file stays theirs.
 *
 * The progress file is a memory, never the judge: whether an exercise passes is decided by running
 * its tests. A pass is remembered with a fingerprint of the files and the tests it was run on, so
 * a changed file or an updated test is run again.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileNames, isMissing, isUntouched, root, testFiles, type Exercise } from '@workbook/course';

export interface Progress {
  /** How many hints of each exercise (by id) have been shown. */
  hintsSeen: Record<string, number>;
  /** Exercises whose reference solution is unlocked, with when. */
  unlocked: Record<string, string>;
  /** The fingerprint of the files and tests of each exercise's last passing run. */
  passed: Record<string, string>;
}

const empty = (): Progress => ({ hintsSeen: {}, unlocked: {}, passed: {} });

export class StudentCopy {
  readonly exercisesDir: string;
  /** .workbook/ beside the exercises folder: progress and backups. */
  readonly stateDir: string;

  /** A relative `exercisesDir` is taken from where the command was typed (pnpm runs us in the workbook's root). */
  constructor(exercisesDir = path.join(root, 'exercises')) {
    this.exercisesDir = path.resolve(process.env.INIT_CWD ?? process.cwd(), exercisesDir);
    this.stateDir = path.join(path.dirname(this.exercisesDir), '.workbook');
  }

  /** Is this the workbook's own exercises/ folder (the one `pnpm test exercises/ex02` tests)? */
  get isWorkbook(): boolean {
    return this.exercisesDir === path.join(root, 'exercises');
  }

  dirOf(exercise: Exercise): string {
    return path.join(this.exercisesDir, exercise.slug);
  }

  /**
   * The starter files of an exercise, absolute, in the order exercise.json lists them: the ones
   * the student edits and the given ones, since a change to either changes what the checks see.
   */
  filesOf(exercise: Exercise): string[] {
    return fileNames(exercise).map((name) => path.join(this.dirOf(exercise), name));
  }

  /** A path to show: relative to where the command was typed. */
  show(file: string): string {
    return path.relative(process.cwd(), file) || '.';
  }

  isStarted(exercise: Exercise): boolean {
    return !isUntouched(exercise, this.dirOf(exercise)) && !isMissing(exercise, this.dirOf(exercise));
  }

  /** What a passing run depended on: the student's files and the official tests, byte for byte. */
  fingerprint(exercise: Exercise): string {
    const hash = createHash('sha256');
    for (const file of [...this.filesOf(exercise), ...testFiles(exercise)]) {
      hash.update(file).update(existsSync(file) ? readFileSync(file) : 'missing');
    }
    return hash.digest('hex');
  }

  get progressFile(): string {
    return path.join(this.stateDir, 'progress.json');
  }

  /** The remembered progress; a missing or damaged file is a fresh start, never an error. */
  progress(): Progress {
    try {
      return { ...empty(), ...(JSON.parse(readFileSync(this.progressFile, 'utf8')) as Partial<Progress>) };
    } catch {
      return empty();
    }
  }

  /** Changes the progress file; written whole to a new file and renamed, so it is never half-written. */
  updateProgress(change: (progress: Progress) => void): Progress {
    const progress = this.progress();
    change(progress);
    mkdirSync(this.stateDir, { recursive: true });
    const temporary = `${this.progressFile}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(progress, null, 2)}\n`);
    renameSync(temporary, this.progressFile);
    return progress;
  }

  /** Remembers the outcome of a real test run of the exercise. */
  recordRun(exercise: Exercise, passed: boolean): void {
    const fingerprint = this.fingerprint(exercise);
    this.updateProgress((progress) => {
      if (passed) {
        progress.passed[exercise.id] = fingerprint;
        progress.unlocked[exercise.id] ??= new Date().toISOString();
      } else {
        delete progress.passed[exercise.id];
      }
    });
  }

  /** True when these very files passed these very tests before. */
  passedBefore(exercise: Exercise): boolean {
    return this.progress().passed[exercise.id] === this.fingerprint(exercise);
  }
}
