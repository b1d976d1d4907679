/** The ways starting a program under test can fail, each with a message that says what to do. */
export type StartFailure =
  | 'ERR_MISSING_FILE'
  | 'ERR_DOES_NOT_COMPILE'
  | 'ERR_PROGRAM_EXITED'
  | 'ERR_NEVER_LISTENED'
  | 'ERR_STUCK'
  | 'ERR_WRONG_PORT'
  /** While graded, it imports child_process, cluster or worker_threads, which its exercise does not allow. */
  | 'ERR_NOT_ALLOWED';

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
