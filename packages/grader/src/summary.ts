/**
 * The table printed when grading ends: per exercise, how many of those who handed it in passed,
 * how many did not hand it in, and the most common way it went wrong, so an instructor sees at a
 * glance what the class struggled with.
 */
import { pc } from '@workbook/testkit/color';
import { formatPoints } from './points.ts';
import type { SubmissionResult } from './types.ts';

export interface ExerciseSummary {
  id: string;
  title: string;
  passed: number;
  /** Students who handed this exercise in: the pass rate is out of them. */
  handedIn: number;
  missing: number;
  averagePoints: number;
  maxPoints: number;
  /** The failure most students share, and how many do; undefined when nobody failed. */
  commonFailure: { what: string; students: number } | undefined;
}

export function summarize(results: SubmissionResult[]): ExerciseSummary[] {
  const exercises = results[0]?.exercises ?? [];
  return exercises.map((first, index) => {
    const attempts = results.flatMap((result) => result.exercises[index] ?? []);
    // A program that never ran fails as a whole; one that ran fails on particular checks.
    const failures = new Map<string, number>();
    for (const attempt of attempts.filter((a) => a.verdict !== 'passed' && a.verdict !== 'missing')) {
      // A plain failure counts each check that failed; any other verdict counts as itself, such as
      // "did not start: it never listened on PORT" (the summary without its "(0 of 5 checks pass)").
      const whats =
        attempt.verdict === 'failed' ? attempt.tests.filter((test) => test.status === 'failed').map((test) => `“${test.name}”`) : [attempt.summary.replace(/ \(.*\)$/, '')];
      for (const what of whats) failures.set(what, (failures.get(what) ?? 0) + 1);
    }
    const [what, students] = [...failures].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? [];
    return {
      id: first.id,
      title: first.title,
      passed: attempts.filter((a) => a.verdict === 'passed').length,
      handedIn: attempts.filter((a) => a.verdict !== 'missing').length,
      missing: attempts.filter((a) => a.verdict === 'missing').length,
      averagePoints: attempts.reduce((sum, a) => sum + a.points, 0) / Math.max(attempts.length, 1),
      maxPoints: first.maxPoints,
      commonFailure: what === undefined || students === undefined ? undefined : { what, students },
    };
  });
}

export function summaryTable(results: SubmissionResult[]): string {
  const rows = summarize(results).map((s) => {
    const rate = s.handedIn ? Math.round((s.passed / s.handedIn) * 100) : 0;
    const passRate = `${s.passed}/${s.handedIn} passed (${rate}%)`.padEnd(22);
    const missing = (s.missing ? `${s.missing} missing` : '').padEnd(11);
    const average = `avg ${formatPoints(s.averagePoints)}/${formatPoints(s.maxPoints)}`.padEnd(14);
    const failure = s.commonFailure ? `most common failure: ${s.commonFailure.what} (${s.commonFailure.students})` : '';
    return `  ${pc.bold(s.id)}  ${s.handedIn && rate === 100 ? pc.green(passRate) : passRate}  ${missing}  ${average}  ${failure}`.trimEnd();
  });
  return [pc.bold('Per exercise:'), ...rows].join('\n');
}
