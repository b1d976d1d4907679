/**
 * The sample class: a few submissions that do what real ones do (full marks, nothing handed in,
 * a program that never starts, hangs, crashes or floods its output). Instructors try the grader on
 * it (`pnpm grade packages/grader/sample-class`), its tests grade it, and `pnpm bench grade`
 * grades copies of it. Its README lists the students.
 */
export const sampleClass = new URL('../sample-class', import.meta.url);
