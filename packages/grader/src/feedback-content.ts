/**
 * What a student's feedback says, decided once; feedback-markdown.ts and feedback-html.ts only
 * decide how it looks. Per exercise: the verdict, what to do about it, the checks that failed with
 * the kit's own explanation (the request, what was expected, what came back, a hint), and the
 * command that runs the same checks on the student's machine.
 */
import { formatPoints, percentOf } from './points.ts';
import type { ExerciseResult, SubmissionResult, Verdict } from './types.ts';
import { studentTests } from './student-view.ts';
import { verdictHints } from './verdicts.ts';

export interface CheckLine {
  name: string;
  status: 'passed' | 'failed' | 'not-run';
  points: string;
  /** The kit's explanation, for a failed check whose failure is its own (not the whole program's). */
  message?: string;
}

export interface ExerciseSection {
  id: string;
  title: string;
  verdict: Verdict;
  summary: string;
  points: string;
  hint: string;
  /** What happened to the whole program (did not start, does not compile...), told once. */
  detail?: string;
  checks: CheckLine[];
  notes: string[];
  /** Commands to run the same checks: as they are, with the same random values, and so in PowerShell. */
  tryIt: string[];
}

export interface Feedback {
  student: string;
  total: string;
  /** With a due date: the late rule applied, in one sentence. */
  late?: string;
  sections: ExerciseSection[];
  notes: string[];
}

function section(exercise: ExerciseResult, seed: number): ExerciseSection {
  const notes = exercise.editedOfficialFiles.map(
    (file) => `Your copy of ${file} is not the official one. Grading used the official tests; your changes to them made no difference.`,
  );
  return {
    id: exercise.id,
    title: exercise.title,
    verdict: exercise.verdict,
    summary: exercise.summary,
    points: `${formatPoints(exercise.points)} / ${formatPoints(exercise.maxPoints)}`,
    hint: verdictHints[exercise.verdict],
    ...(exercise.detail !== undefined && { detail: exercise.detail }),
    checks: studentTests(exercise).map((test) => ({
      name: test.name,
      status: test.status,
      // A check the untouched starter passes measures nothing the student did (see points.ts).
      points: test.starterPasses ? 'worth no points: the untouched starter passes it too' : `${formatPoints(test.points)} / ${formatPoints(test.maxPoints)}`,
      // When the program never started, every check failed with the same words: the detail says them once.
      ...(test.message !== undefined && test.message !== exercise.detail && { message: test.message }),
    })),
    notes,
    tryIt:
      exercise.verdict === 'passed' || exercise.verdict === 'missing'
        ? []
        : [`pnpm test exercises/${exercise.id}`, `WORKBOOK_SEED=${seed} pnpm test exercises/${exercise.id}`, `$env:WORKBOOK_SEED=${seed}; pnpm test exercises/${exercise.id}`],
  };
}

export function feedbackFor(result: SubmissionResult): Feedback {
  return {
    student: result.student,
    total: `${formatPoints(result.points)} of ${formatPoints(result.maxPoints)} points (${percentOf(result)}%)`,
    ...(result.late && { late: result.late.rule }),
    sections: result.exercises.map((exercise) => section(exercise, result.seed)),
    notes: result.notes,
  };
}
