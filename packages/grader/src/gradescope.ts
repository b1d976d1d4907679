/**
 * `--format gradescope`: `gradescope/<student>.json` in the shape of Gradescope's autograder
 * results.json. Gradescope shows one row per test; `score` at the top is the sum of the tests'
 * scores, so the total is the same whichever of the two Gradescope reads.
 */
import { sumPoints } from './points.ts';
import type { SubmissionResult } from './types.ts';
import { notRunMessage } from './verdicts.ts';

export function gradescopeJson(result: SubmissionResult): string {
  const tests = result.exercises.flatMap((exercise) =>
    exercise.tests.map((test) => ({
      name: `${exercise.id} ${test.name}`,
      score: test.points,
      max_score: test.maxPoints,
      status: test.status === 'passed' ? 'passed' : 'failed',
      output: test.message ?? (test.status === 'not-run' ? notRunMessage(exercise) : ''),
      output_format: 'text',
      // Gradescope itself keeps hidden tests from the student, and shows after-due ones after the due date.
      visibility: test.visibility === 'hidden' ? 'hidden' : test.visibility === 'after-due' ? 'after_due_date' : 'visible',
    })),
  );
  const report = {
    // With a due date, the late rule's total; else the tests' sum.
    score: result.late ? result.points : sumPoints(tests.map((test) => test.score)),
    output: result.exercises.map((exercise) => `${exercise.id} ${exercise.title}: ${exercise.summary}`).join('\n'),
    visibility: 'visible',
    tests,
    // Gradescope keeps extra_data as it is; the maximum and verdicts are there for scripts.
    extra_data: {
      max_score: result.maxPoints,
      verdicts: Object.fromEntries(result.exercises.map((exercise) => [exercise.id, exercise.verdict])),
    },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
