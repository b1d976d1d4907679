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

// The refusals that more than one part of the parser gives, written once so that the same
// problem always gets the same answer. The others are written where their rule is checked.

export function bareLineFeed(): ProtocolError {
  return new ProtocolError(400, 'ERR_BARE_LF', 'Every line of the request head must end with \\r\\n, not with \\n alone.');
}

export function targetTooLong(limit: number): ProtocolError {
  return new ProtocolError(414, 'ERR_TARGET_TOO_LONG', `The path and query may be at most ${limit} bytes long.`);
}

export function headTooLarge(limit: number): ProtocolError {
  return new ProtocolError(431, 'ERR_HEAD_TOO_LARGE', `The request line and headers together may be at most ${limit} bytes.`);
}

export function bodyTooLarge(limit: number): ProtocolError {
  return new ProtocolError(413, 'ERR_BODY_TOO_LARGE', `The request body may be at most ${limit} bytes.`);
}
