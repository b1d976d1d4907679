/**
 * The two ways `pnpm grade` stops before grading anyone. Both messages say what to do; neither is
 * about a student's work, which never stops the grader.
 */

/** Something wrong with what was typed (exit code 2). */
export class GradeUsageError extends Error {
  readonly code = 'ERR_GRADE_USAGE';
}

/** The grader itself cannot run: a broken exercise.json, vitest missing, an unwritable folder (exit code 1). */
export class GraderError extends Error {
  readonly code = 'ERR_GRADER';
}
