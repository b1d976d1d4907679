/**
 * What grading one submission produces. `results/<student>.json` holds one SubmissionResult;
 * every output (gradebook, feedback, JUnit, Gradescope, Classroom) is made from these alone, so
 * `grade merge` can rebuild them from several machines' results folders.
 */

/** How an exercise went, in one word. Every exercise of every submission gets exactly one. */
export type Verdict = 'passed' | 'failed' | 'did-not-start' | 'timed-out' | 'crashed' | 'missing' | 'does-not-compile' | 'over-limit';

export type TestStatus = 'passed' | 'failed' | 'not-run';

export interface TestResult {
  /** The test's full name, as vitest reports it and as exercise.json's `tests` names it. */
  name: string;
  status: TestStatus;
  points: number;
  maxPoints: number;
  /** For a failed test: the message the student sees when running the test themselves. */
  message?: string;
  /** The untouched starter passes this test, so it is worth no points (see points.ts). */
  starterPasses?: true;
}

export interface ExerciseResult {
  id: string;
  slug: string;
  title: string;
  verdict: Verdict;
  /** One line for a table cell: "3 of 5 checks pass", "did not start: never listened". */
  summary: string;
  /** For a verdict that is about the whole exercise (did not start, timed out...): what happened. */
  detail?: string;
  points: number;
  maxPoints: number;
  tests: TestResult[];
  /** The submission's own copies of official files that differ from them (tests edited). */
  editedOfficialFiles: string[];
}

export interface SubmissionResult {
  student: string;
  /** The resume key: a hash of the submission, the official tests and the grader. */
  key: string;
  /** The seed of the random paths and texts, so a student can replay exactly what was sent. */
  seed: number;
  points: number;
  maxPoints: number;
  exercises: ExerciseResult[];
  /** Anything the instructor should look at: edited tests, processes left behind, no sandbox... */
  notes: string[];
}
