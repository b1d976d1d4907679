/**
 * Where the body ends: decided once the head is complete, from two headers.
 *
 *     Content-Length: 11            the next 11 bytes are the body
 *     Transfer-Encoding: chunked    the body comes in chunks, each with its size (chunked-body.ts)
 *     neither                       there is no body
 *
 * On a kept-alive connection the end of this body is the start of the next request, so getting
 * this wrong is how requests get smuggled: a proxy in front of us that finds a different end sees
 * a different next request. Every doubt is a 400.
 */
import type { RequestHeaders } from './headers.ts';
import { bodyTooLarge, ProtocolError } from './protocol-error.ts';
import type { HttpVersion } from './request-head.ts';

/** The body's length in bytes (0: no body), or 'chunked'. */
export type BodyFraming = number | 'chunked';

export function bodyFraming(version: HttpVersion, headers: RequestHeaders, maxBodyBytes: number): BodyFraming | ProtocolError {
  const encoding = headers.get('transfer-encoding');
  const length = headers.get('content-length');
  if (encoding !== undefined && length !== undefined) {
    return new ProtocolError(
      400,
      'ERR_LENGTH_AND_ENCODING',
      'A request may give Content-Length or Transfer-Encoding, not both: the two could disagree on where the body ends.',
    );
  }
  if (encoding !== undefined) {
    // HTTP/1.0 has no chunked encoding, so framing like this came from a confused (or hostile) client.
    if (version === 'HTTP/1.0') return new ProtocolError(400, 'ERR_BAD_ENCODING', 'HTTP/1.0 requests cannot use Transfer-Encoding.');
    if (encoding.toLowerCase() !== 'chunked') {
      return new ProtocolError(501, 'ERR_ENCODING_NOT_SUPPORTED', `This server can read chunked bodies only, not "${encoding}".`);
    }
    return 'chunked';
  }
  if (length === undefined) return 0;
  const size = parseContentLength(length);
  if (size === undefined) {
    return new ProtocolError(400, 'ERR_BAD_CONTENT_LENGTH', 'Content-Length must be a number of bytes, written with digits only.');
  }
  // Refused from the header alone, before a single byte of the body is read: no point in
  // receiving 2 GB to find out they are 2 GB.
  if (size > maxBodyBytes) return bodyTooLarge(maxBodyBytes);
  return size;
}

/** `11`, digits only: no sign, no spaces, no list. Too many digits to be a real size is invalid too. */
function parseContentLength(text: string): number | undefined {
  if (text.length === 0 || text.length > 15) return undefined;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return undefined;
  }
  return Number(text);
}
