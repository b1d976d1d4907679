/**
 * What is wrong with a request, as a value: the status to answer with, a code a program can test,
 * and a sentence for the person who sent it.
 *
 * The parser returns these instead of throwing. Bytes that are not valid HTTP are an everyday
 * event on a network, not a bug in our program, and a return value cannot be forgotten the way an
 * uncaught exception can take the whole server down.
 */
export class ProtocolError {
  readonly status: number;
  readonly code: string;
  readonly explanation: string;

  constructor(status: number, code: `ERR_${string}`, explanation: string) {
    this.status = status;
    this.code = code;
    this.explanation = explanation;
  }
}
