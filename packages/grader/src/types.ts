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
  /** Who sees its name and result; visible when absent. A student never reads a hidden one (see hidden-tests.ts). */
  visibility?: 'hidden' | 'after-due';
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

/** The late rule applied to a submission (late.ts); only in the outputs, never in results/<student>.json. */
export interface LateResult {
  /** ISO times. */
  due: string;
  submittedAt?: string;
  /** Where the time of handing in came from: --times, the last git commit, the newest file, or nowhere. */
  source: 'times' | 'git' | 'files' | 'none';
  lateMs: number;
  policy: string;
  penaltyPercent: number;
  /** The points before the penalty. */
  rawPoints: number;
  /** The rule applied, in one sentence, for the feedback. */
  rule: string;
}

/** A regrade of a student (--regrade), kept with their result. */
export interface Regrade {
  at: string;
  reason: string;
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
  /** With --due: the late rule applied; `points` are then after the penalty. */
  late?: LateResult;
  /** Each time this student was graded again with --regrade, and why. */
  regrades?: Regrade[];
}
