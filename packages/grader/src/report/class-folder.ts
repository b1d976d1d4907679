/**
 * What the report reads from an output folder of `pnpm grade`: results.json (the whole class,
 * see results-json.ts) and the list of feedback pages in feedback/. Both are read again for every
 * page, so a reload after a regrade shows the new results.
 *
 * results.json is checked for the shape the page needs before anything is served: a folder that
 * is not a grading's output gets a usage error that says so, not a page that breaks halfway.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '@workbook/course';
import type { SubmissionResult, TestResult } from '../types.ts';

/** Where the grader shows a test, once it says (types.ts may not have the field yet): shown as a label. */
export type Visibility = 'visible' | 'hidden' | 'after-due';

/** A test as the report reads it: `visibility` is optional, and absent in results from before it existed. */
export type ReportedTest = TestResult & { visibility?: Visibility };

export interface ClassExercise {
  id: string;
  slug: string;
  title: string;
  maxPoints: number;
  tests: Array<{ name: string; maxPoints: number; visibility?: Visibility }>;
}

export interface ClassResults {
  exercises: ClassExercise[];
  students: SubmissionResult[];
}

export const resultsFile = (out: string) => path.join(out, 'results.json');

/** What is wrong with `value` as a results.json, or undefined when nothing is. */
function problemWith(value: unknown): string | undefined {
  const data = value as Partial<ClassResults> | null;
  if (typeof data !== 'object' || data === null || !Array.isArray(data.exercises) || !Array.isArray(data.students)) {
    return 'it has no "exercises" and "students" lists';
  }
  for (const exercise of data.exercises) {
    if (typeof exercise?.id !== 'string' || typeof exercise.title !== 'string' || !Array.isArray(exercise.tests)) return 'an exercise has no id, title or tests';
  }
  for (const student of data.students) {
    if (typeof student?.student !== 'string' || typeof student.points !== 'number' || !Array.isArray(student.exercises) || !Array.isArray(student.notes)) {
      return 'a student has no name, points, exercises or notes';
    }
    for (const exercise of student.exercises) {
      if (typeof exercise?.id !== 'string' || typeof exercise.points !== 'number' || !Array.isArray(exercise.tests)) {
        return `an exercise of ${JSON.stringify(student.student)} has no id, points or tests`;
      }
    }
  }
  return undefined;
}

/** The class graded into `out`; a UsageError when there is none, or it is not a grading's results.json. */
export function readClass(out: string): ClassResults {
  const file = resultsFile(out);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`There is no results.json in ${out}. Grade the class into it first: pnpm grade <submissions> --out ${out}`, 'ERR_GRADE_USAGE');
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON (${(error as Error).message}). Grade the class again, or run pnpm grade merge.`, 'ERR_GRADE_USAGE');
  }
  const problem = problemWith(data);
  if (problem) throw new UsageError(`${file} is not the results.json pnpm grade writes: ${problem}.`, 'ERR_GRADE_USAGE');
  return data as ClassResults;
}

export const feedbackFolder = (out: string) => path.join(out, 'feedback');

/**
 * The names of the feedback pages in feedback/, exactly as they are on disk: the only files the
 * report ever serves besides its own. Plain files only, so a link placed there leads nowhere else.
 */
export function feedbackPages(out: string): Set<string> {
  try {
    const entries = readdirSync(feedbackFolder(out), { withFileTypes: true });
    return new Set(entries.filter((entry) => entry.isFile() && entry.name.endsWith('.html')).map((entry) => entry.name));
  } catch {
    return new Set();
  }
}
