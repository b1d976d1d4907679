/**
 * results.json: the whole class in one file, every test of every exercise of every student, for
 * scripts and for anyone who wants more than the gradebook shows.
 */
import type { SubmissionResult } from './types.ts';

export function resultsJson(results: SubmissionResult[]): string {
  const exercises = (results[0]?.exercises ?? []).map(({ id, slug, title, maxPoints, tests }) => ({
    id,
    slug,
    title,
    maxPoints,
    tests: tests.map(({ name, maxPoints: max }) => ({ name, maxPoints: max })),
  }));
  return `${JSON.stringify({ exercises, students: results }, null, 2)}\n`;
}
