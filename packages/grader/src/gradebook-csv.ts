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

/** With a due date, the columns that show how the total came about: before the penalty, the penalty, and when. */
const lateColumns = ['before late penalty', 'late penalty %', 'handed in', 'time from'];

function lateCells(result: SubmissionResult): string[] {
  const { late } = result;
  if (!late) return ['', '', '', ''];
  return [formatPoints(late.rawPoints), String(late.penaltyPercent), late.submittedAt ?? '', late.source];
}

function notesOf(result: SubmissionResult): string {
  const regrades = (result.regrades ?? []).map((regrade) => `regraded ${regrade.at.slice(0, 16).replace('T', ' ')} UTC: ${regrade.reason}`);
  return [...result.notes, ...regrades].join('; ');
}

export function gradebookCsv(results: SubmissionResult[]): string {
  const exercises = results[0]?.exercises.map((exercise) => exercise.id) ?? [];
  const withLate = results.some((result) => result.late);
  const rows = [['student', ...exercises, ...(withLate ? lateColumns : []), 'total', 'max', 'percent', 'status', 'notes']];
  for (const result of results) {
    rows.push([
      result.student,
      ...result.exercises.map((exercise) => formatPoints(exercise.points)),
      ...(withLate ? lateCells(result) : []),
      formatPoints(result.points),
      formatPoints(result.maxPoints),
      String(percentOf(result)),
      statusOf(result),
      notesOf(result),
    ]);
  }
  return `${rows.map((row) => row.map(cell).join(',')).join('\n')}\n`;
}
