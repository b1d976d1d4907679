/**
 * Something wrong with what was typed: an unknown exercise, a missing argument, an option with a
 * bad value. The message says what is wrong and what would be right; the command exits with 2.
 */
export class UsageError extends Error {
  readonly code: string = 'ERR_USAGE';
}
