/**
 * The progress board's rows: every exercise, its lesson and how far along it is, worked out by
 * running the tests of every exercise the student has started (an untouched starter fails by
 * design, so it is not run). Printed once by `pnpm start` without a terminal; on a terminal, the
 * same rows become a list to move through.
 */
import { pc } from '@workbook/testkit/color';
import type { StudentCopy } from '../student.ts';
import type { Exercise } from '@workbook/course';
import { allPass, type ExerciseResult } from './exercise-result.ts';
import type { TestSession } from './test-session.ts';

export interface BoardRow {
  exercise: Exercise;
  /** Undefined: not started (the untouched starter). */
  result?: ExerciseResult;
}

export async function boardRows(exercises: Exercise[], copy: StudentCopy, session: TestSession): Promise<BoardRow[]> {
  const started = exercises.filter((exercise) => copy.isStarted(exercise));
  const results = await session.runAll(started);
  return exercises.map((exercise) => ({ exercise, ...(results.has(exercise.id) && { result: results.get(exercise.id) }) }));
}

export const rowPasses = (row: BoardRow): boolean => row.result !== undefined && allPass(row.result);

/** The first exercise that does not pass yet: the one to work on. */
export function currentRow(rows: BoardRow[]): number {
  const index = rows.findIndex((row) => !rowPasses(row));
  return index === -1 ? rows.length - 1 : index;
}

function status(row: BoardRow): string {
  if (!row.result) return pc.dim('not started');
  if (allPass(row.result)) return pc.green(`✓ passed (${row.result.total} checks)`);
  if (row.result.total === 0) return pc.yellow('✗ the tests could not run');
  return pc.yellow(`✗ failing: ${row.result.passed} of ${row.result.total} checks pass`);
}

/** `lesson-02-happy-server` reads as `lesson 2`. */
function lessonLabel(lesson: string): string {
  const number = /^lesson-(\d+)/.exec(lesson)?.[1];
  return number ? `lesson ${Number(number)}` : lesson;
}

/** One line per exercise; `selected` marks the row the arrow keys are on. */
export function renderRows(rows: BoardRow[], selected?: number): string[] {
  const titleWidth = Math.max(...rows.map((row) => row.exercise.title.length));
  return rows.map((row, index) => {
    const { exercise } = row;
    const line = `${pc.bold(exercise.id)}  ${exercise.title.padEnd(titleWidth)}  ${pc.dim(lessonLabel(exercise.lesson).padEnd(9))}  ${status(row)}`;
    return index === selected ? `${pc.cyan('›')} ${pc.inverse(line)}` : `  ${line}`;
  });
}
