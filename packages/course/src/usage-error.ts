/**
 * Something wrong with what was typed: an unknown exercise, a missing argument, an option with a
 * bad value. The message says what is wrong and what would be right; the command exits with 2 and
 * shows the message alone, never a stack trace. The code tells the kinds apart for tests and
 * scripts, such as ERR_UNKNOWN_EXERCISE or ERR_BAD_BENCH_OPTION.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code: string;

  constructor(message: string, code = 'ERR_USAGE') {
    super(message);
    this.code = code;
  }
}
