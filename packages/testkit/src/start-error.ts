/** The ways starting a program under test can fail, each with a message that says what to do. */
export type StartFailure =
  | 'ERR_MISSING_FILE'
  | 'ERR_DOES_NOT_COMPILE'
  | 'ERR_PROGRAM_EXITED'
  | 'ERR_NEVER_LISTENED'
  | 'ERR_STUCK'
  | 'ERR_WRONG_PORT';

/** Starting the program failed; `code` says how, `message` says what to do about it. */
export class StartError extends Error {
  readonly code: StartFailure;
  readonly stderr: string[];

  constructor(code: StartFailure, message: string, stderr: string[]) {
    super(message);
    this.name = 'StartError';
    this.code = code;
    this.stderr = stderr;
  }
}
