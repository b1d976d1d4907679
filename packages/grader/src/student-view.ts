/**
 * What of an exercise's results a student may read. Visible tests are shown as they are; the
 * instructor's hidden tests (and after-due ones before the due date) are folded into one line
 * that says only how many failed: never their names, never what they sent or expected. The
 * points still count. The instructor's own outputs (gradebook, results.json) keep everything.
 */
import { fromCents, sumPoints, toCents } from './points.ts';
import type { ExerciseResult, TestResult } from './types.ts';

export interface StudentView {
  tests: TestResult[];
  /** The hidden checks together, as one result; undefined when the exercise has none. */
  hidden: TestResult | undefined;
}

export function hiddenSummary(failed: number, total: number): string {
  const checks = total === 1 ? 'hidden check' : 'hidden checks';
  if (failed === 0) return total === 1 ? 'The hidden check passes.' : `The ${total} hidden checks all pass.`;
  return `${failed} of ${total} ${checks} failed. What they send is not shown; the checks above, and the task, cover what they look at.`;
}

export function studentView(exercise: ExerciseResult): StudentView {
  const shown = exercise.tests.filter((test) => test.visibility === undefined);
  const kept = exercise.tests.filter((test) => test.visibility !== undefined);
  if (kept.length === 0) return { tests: shown, hidden: undefined };
  const failed = kept.filter((test) => test.status !== 'passed').length;
  return {
    tests: shown,
    hidden: {
      name: 'hidden checks',
      status: failed === 0 ? 'passed' : 'failed',
      points: sumPoints(kept.map((test) => test.points)),
      maxPoints: fromCents(kept.reduce((sum, test) => sum + toCents(test.maxPoints), 0)),
      message: hiddenSummary(failed, kept.length),
    },
  };
}

/** The tests a student-facing list shows: the visible ones, then the hidden ones as one. */
export function studentTests(exercise: ExerciseResult): TestResult[] {
  const { tests, hidden } = studentView(exercise);
  return hidden ? [...tests, hidden] : tests;
}
