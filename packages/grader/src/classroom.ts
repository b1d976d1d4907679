/**
 * `--format classroom`: results for GitHub Classroom's autograding reporter. The reporter reads,
 * for each runner id in its `runners` input, a base64-encoded JSON in the environment variable
 * `<ID>_RESULTS`. This writes `classroom/<student>.env` (lines `EX01_RESULTS=...`, ready to append
 * to $GITHUB_ENV) and `classroom/<student>.runners` (the ids, comma-separated).
 *
 * The reporter adds the tests' scores up for the grade, but its summary table counts a runner as
 * (tests passed / tests) x max_score. The two agree only when every test of a runner is worth the
 * same, so an exercise whose tests carry different points is reported one test per runner.
 */
import type { ExerciseResult, SubmissionResult, TestResult } from './types.ts';
import { studentTests } from './student-view.ts';
import { notRunMessage } from './verdicts.ts';

interface Runner {
  id: string;
  results: {
    version: 1;
    status: 'pass' | 'fail';
    max_score: number;
    tests: Array<{ name: string; status: 'pass' | 'fail'; score: number; message: string; test_code: string; filename: string; line_no: number; duration: number }>;
  };
}

function runner(id: string, exercise: ExerciseResult, tests: TestResult[], maxScore: number): Runner {
  return {
    id,
    results: {
      version: 1,
      status: tests.every((test) => test.status === 'passed') ? 'pass' : 'fail',
      max_score: maxScore,
      tests: tests.map((test) => ({
        name: `${exercise.id} ${test.name}`,
        status: test.status === 'passed' ? 'pass' : 'fail',
        score: test.points,
        message: test.message ?? (test.status === 'not-run' ? notRunMessage(exercise) : ''),
        test_code: `pnpm test exercises/${exercise.id}`,
        filename: `exercises/${exercise.slug}`,
        line_no: 0,
        duration: 0,
      })),
    },
  };
}

export function classroomRunners(result: SubmissionResult): Runner[] {
  return result.exercises.flatMap((exercise) => {
    const tests = studentTests(exercise);
    const equal = tests.every((test) => test.maxPoints === tests[0]?.maxPoints);
    if (equal) return [runner(exercise.id, exercise, tests, exercise.maxPoints)];
    return tests.map((test, i) => runner(`${exercise.id}_t${i + 1}`, exercise, [test], test.maxPoints));
  });
}

export function classroomEnv(result: SubmissionResult): { env: string; runners: string } {
  const runners = classroomRunners(result);
  const env = runners.map((r) => `${r.id.toUpperCase()}_RESULTS=${Buffer.from(JSON.stringify(r.results)).toString('base64')}`);
  return { env: `${env.join('\n')}\n`, runners: `${runners.map((r) => r.id).join(',')}\n` };
}
