/**
 * Finds the submissions in what the instructor points at. A submission is a folder that is a copy
 * of the workbook (it has `exercises/`) or just the contents of `exercises/` (it has `ex01-...`
 * folders). The path is one submission, or a class: a folder with one such folder per student, as
 * a classroom tool or a zip export lays them out.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '@workbook/course';

export interface Submission {
  /** The folder's name: how the gradebook and the feedback files name the student. */
  student: string;
  dir: string;
  /** The folder holding the student's `exNN-slug` folders; undefined when they handed in none. */
  exercisesDir: string | undefined;
}

const isExerciseFolder = (name: string) => /^ex\d\d-/.test(name);

function subfolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .map((entry) => entry.name)
    .sort();
}

/** Where a folder keeps its exercises, if it is a submission at all. */
function exercisesDirOf(dir: string): string | undefined {
  const inside = path.join(dir, 'exercises');
  if (existsSync(inside) && statSync(inside).isDirectory()) return inside;
  return subfolders(dir).some(isExerciseFolder) ? dir : undefined;
}

/**
 * A student's folder from a zip export often wraps the workbook in one more folder
 * (`alice/http-workbook-main/exercises/`); look one level down for it.
 */
function studentExercisesDir(dir: string): string | undefined {
  const own = exercisesDirOf(dir);
  if (own) return own;
  const inner = subfolders(dir);
  return inner.length === 1 && inner[0] ? exercisesDirOf(path.join(dir, inner[0])) : undefined;
}

export function findSubmissions(input: string): Submission[] {
  const dir = path.resolve(input);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`"${input}" is not a folder. Give the folder of one submission, or a folder with one submission folder per student.`, 'ERR_GRADE_USAGE');
  }
  const single = exercisesDirOf(dir);
  if (single) return [{ student: path.basename(dir), dir, exercisesDir: single }];

  const students = subfolders(dir);
  if (students.length === 0) {
    throw new UsageError(
      `"${input}" holds no submissions. Expected a copy of the workbook (with exercises/), the contents of ` +
        `exercises/ (ex01-... folders), or a folder with one such folder per student.`,
      'ERR_GRADE_USAGE',
    );
  }
  // Every student folder counts, even an empty one: handing in nothing is graded as missing.
  return students.map((student) => {
    const studentDir = path.join(dir, student);
    return { student, dir: studentDir, exercisesDir: studentExercisesDir(studentDir) };
  });
}
