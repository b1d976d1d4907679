/**
 * `Expect: 100-continue`: "may I send the body?"
 *
 *     client: POST /files/big.iso HTTP/1.1 ... Expect: 100-continue   (the head, and no body yet)
 *     server: HTTP/1.1 100 Continue                                   yes: the checks passed
 *     client: (2 GB of body)
 *     server: HTTP/1.1 201 Created
 *
 * or, when a check fails, a final answer instead of the 100 (413, 415...), and the client never
 * sends the 2 GB. curl asks this way for large uploads, and waits a second for the answer before
 * sending the body anyway.
 *
 * The `100 Continue` is sent when the handler first reads the body (request-body.ts calls back):
 * by then the library's checks (framing, size) and the handler's own (name, type) have passed.
 * A handler that refuses never reads, and the client gets the refusal instead.
 */
import type { RequestHeaders } from './headers.ts';
import { ProtocolError } from './protocol-error.ts';
import type { HttpVersion } from './request-head.ts';

/** An interim response: a status line and a blank line, before the real one. */
export const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';

/** True when the client waits for `100 Continue`; a ProtocolError for an expectation we cannot meet. */
export function expectsContinue(version: HttpVersion, headers: RequestHeaders): boolean | ProtocolError {
  const expect = headers.get('expect');
  // HTTP/1.0 has no 100 Continue: a 1.0 client cannot be waiting for one, so its Expect is ignored.
  if (expect === undefined || version === 'HTTP/1.0') return false;
  if (expect.toLowerCase() === '100-continue') return true;
  return new ProtocolError(417, 'ERR_EXPECTATION_FAILED', `This server can meet only "Expect: 100-continue", not "${expect}".`);
}
