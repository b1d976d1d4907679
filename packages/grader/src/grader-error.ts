/**
 * The grader itself cannot run: a broken exercise.json, vitest missing, an unwritable folder, no
 * sandbox to be had (exit code 1). The message says what to do; it is never about a student's
 * work, which never stops the grader. (What was typed wrong is a UsageError, exit code 2.)
 */
export class GraderError extends Error {
  override readonly name = 'GraderError';
  readonly code = 'ERR_GRADER';
}
