/**
 * Grades one submission from start to end: a fresh copy, the official tests on it, a verdict per
 * exercise, and the notes an instructor should see. The copy is removed afterwards.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Exercise, Need } from '@workbook/course';
import type { Cgroups } from './cgroup.ts';
import { prepareCopy } from './isolated-copy.ts';
import { sumPoints, type PointsPlan } from './points.ts';
import { runTests, type Limits } from './run-tests.ts';
import type { Submission } from './submissions.ts';
import { editedTests } from './tampering.ts';
import type { SubmissionResult } from './types.ts';
import { judgeExercise } from './verdicts.ts';

export interface GradeSettings {
  runId: string;
  /** How each exercise's points are split; known once the starters are graded (starter-baseline.ts). */
  plans: Promise<PointsPlan[]>;
  limits: Limits;
  /** bubblewrap's path; undefined with --no-sandbox. */
  bwrap: string | undefined;
  cgroups: Cgroups | undefined;
  /** Folders no run may see: the submissions, the results. */
  hidden: string[];
  /** The instructor's hidden tests' folder, if there is one (hidden-tests.ts). */
  hiddenTests: string | undefined;
  /** Notes every result carries, such as grading without a sandbox. */
  notes: string[];
}

/** What each exercise's programs may start (exercise.json's `needs`), by folder name. */
export function allowances(exercises: Exercise[]): Record<string, Need[]> {
  return Object.fromEntries(exercises.map((exercise) => [exercise.slug, exercise.needs]));
}

/** A student's seed for the tests' random values: the same in every run, different from classmates'. */
export function seedOf(student: string): number {
  return Number.parseInt(createHash('sha256').update(student).digest('hex').slice(0, 8), 16) & 0x7fffffff;
}

export async function gradeSubmission(submission: Submission, key: string, settings: GradeSettings, exercises: Exercise[]): Promise<SubmissionResult> {
  const copy = prepareCopy(settings.runId, submission, exercises);
  const seed = seedOf(submission.student);
  try {
    const run = await runTests(copy, {
      tag: `${settings.runId}/${submission.student}`,
      seed,
      limits: settings.limits,
      eventsDir: `${copy.dir}.events`,
      bwrap: settings.bwrap,
      cgroups: settings.cgroups,
      hidden: settings.hidden,
      hiddenTests: settings.hiddenTests,
      allow: allowances(exercises),
    });
    const plans = await settings.plans;
    const results = plans.map((plan) =>
      judgeExercise(plan, run.exercises.get(plan.exercise.slug), {
        copyDir: copy.dir,
        exerciseTimeoutMs: settings.limits.exerciseTimeoutMs,
        editedOfficialFiles: editedTests(submission, plan.exercise),
      }),
    );

    const notes = [...settings.notes];
    const edited = results.flatMap((result) => result.editedOfficialFiles);
    if (edited.length) notes.push(`tests edited in the submission (the official ones were used): ${edited.join(', ')}`);
    if (run.leftBehind) notes.push(`left ${run.leftBehind} process${run.leftBehind === 1 ? '' : 'es'} running after its tests ended (killed)`);
    if (run.retriedAfter) notes.push(`the test runner stopped before any check had finished, and ran again: ${run.retriedAfter}`);
    if (run.runnerOutput) notes.push(`the test runner stopped early: ${run.runnerOutput}`);

    return {
      student: submission.student,
      key,
      seed,
      points: sumPoints(results.map((r) => r.points)),
      maxPoints: sumPoints(results.map((r) => r.maxPoints)),
      exercises: results,
      notes,
    };
  } finally {
    for (const folder of [copy.dir, `${copy.dir}.events`, `${copy.dir}.source`]) rmSync(folder, { recursive: true, force: true });
  }
}
