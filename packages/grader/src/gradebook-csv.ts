/**
 * gradebook.csv: one row per student, a column of points per exercise, then the total, the
 * maximum, the percentage, a status and notes. It opens in any spreadsheet.
 */
import { formatPoints, percentOf } from './points.ts';
import type { SubmissionResult } from './types.ts';

/** passed: every exercise passed; missing: nothing handed in; failed: handed in, no points; partial: between. */
export function statusOf(result: SubmissionResult): 'passed' | 'partial' | 'failed' | 'missing' {
  if (result.exercises.every((exercise) => exercise.verdict === 'passed')) return 'passed';
  if (result.exercises.every((exercise) => exercise.verdict === 'missing')) return 'missing';
  return result.points > 0 ? 'partial' : 'failed';
}

function cell(value: string): string {
  // A spreadsheet runs a cell that starts with = + - or @ as a formula; a folder name must not.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function gradebookCsv(results: SubmissionResult[]): string {
  const exercises = results[0]?.exercises.map((exercise) => exercise.id) ?? [];
  const rows = [['student', ...exercises, 'total', 'max', 'percent', 'status', 'notes']];
  for (const result of results) {
    rows.push([
      result.student,
      ...result.exercises.map((exercise) => formatPoints(exercise.points)),
      formatPoints(result.points),
      formatPoints(result.maxPoints),
      String(percentOf(result)),
      statusOf(result),
      result.notes.join('; '),
    ]);
  }
  return `${rows.map((row) => row.map(cell).join(',')).join('\n')}\n`;
}
