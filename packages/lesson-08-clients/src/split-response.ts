/**
 * Cuts the bytes of one response into status line, headers and body.
 *
 * The cut is made in the bytes, before any decoding. The head is plain ASCII by the rules of
 * HTTP, but the body can be anything: UTF-8 text, a picture, a zip file. Decoding everything as
 * UTF-8 first would mangle a binary body, and it would shift positions too, because one character
 * can take several bytes. So: find the blank line in the Buffer, decode the head on its own, and
 * keep the body as bytes for whoever knows what they are.
 */
import { ClientError } from './client-error.ts';

export interface SplitResponse {
  /** `HTTP/1.0 200 OK` */
  statusLine: string;
  /** `1.0` or `1.1` */
  version: string;
  status: number;
  /** `OK`; servers may send any words here, or none. */
  reason: string;
  /** The header lines as the server wrote them, without their line ends. */
  headerLines: string[];
  /** Header names in lower case (HTTP does not care about their case); repeats joined by ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** False when the server closed before sending as many bytes as Content-Length promised. */
  complete: boolean;
  /** Things the server got wrong. The response may still be usable, so these are not errors. */
  problems: string[];
}

const CRLF_CRLF = Buffer.from('\r\n\r\n', 'latin1');
const LF_LF = Buffer.from('\n\n', 'latin1');

/** Where the head ends and the body starts. A bare "\n\n" is tolerated, as browsers do. */
function findBlankLine(bytes: Buffer): { headEnd: number; bodyStart: number } | null {
  const crlf = bytes.indexOf(CRLF_CRLF);
  const lf = bytes.indexOf(LF_LF);
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { headEnd: crlf, bodyStart: crlf + 4 };
  if (lf !== -1) return { headEnd: lf, bodyStart: lf + 2 };
  return null;
}

/**
 * `bytes` is everything the server sent before it closed the connection. Throws a ClientError
 * when there is no head in it at all.
 */
export function splitResponse(bytes: Buffer): SplitResponse {
  const blank = findBlankLine(bytes);
  if (!blank) {
    throw new ClientError(
      'ERR_NO_HEAD',
      `The server closed the connection after ${bytes.length} bytes, before the blank line that ends the head.` +
        (bytes.length ? ` It sent: ${JSON.stringify(bytes.subarray(0, 200).toString('latin1'))}` : ''),
    );
  }
  const problems: string[] = [];

  // latin1 maps each byte to one character, so nothing is lost even if a server breaks the rules.
  const head = bytes.subarray(0, blank.headEnd).toString('latin1');
  const lines = head.split('\n');
  if (blank.bodyStart - blank.headEnd === 2 || lines.slice(0, -1).some((line) => !line.endsWith('\r'))) {
    problems.push('Some lines end with a bare \\n instead of \\r\\n. This client copes; strict clients such as undici refuse the response.');
  }
  const [statusLine = '', ...headerLines] = lines.map((line) => line.replace(/\r$/, ''));

  const match = /^HTTP\/(\d\.\d) (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!match) {
    throw new ClientError('ERR_NOT_HTTP', `The first line should look like "HTTP/1.0 200 OK", but it is ${JSON.stringify(statusLine)}. Is this an HTTP server?`);
  }
  const [, version = '', status = '', reason = ''] = match;

  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon <= 0) {
      problems.push(`A header line has no "Name: value" shape, so it was skipped: ${JSON.stringify(line)}`);
      continue;
    }
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }

  const { body, complete } = frameBody(bytes.subarray(blank.bodyStart), headers, problems);
  return { statusLine, version, status: Number(status), reason, headerLines, headers, body, complete, problems };
}

/**
 * Where the body ends. We read until the server closed, so we hold all it sent; Content-Length
 * tells us whether that was everything it meant to send.
 */
function frameBody(rest: Buffer, headers: Record<string, string>, problems: string[]): { body: Buffer; complete: boolean } {
  if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
    problems.push('The body is chunked (Transfer-Encoding: chunked), which a server must not send to an HTTP/1.0 request. It is shown as it came, chunk sizes and all.');
    return { body: rest, complete: true };
  }
  const declared = headers['content-length'];
  // No Content-Length: the HTTP/1.0 way. The body is whatever came before the server hung up.
  if (declared === undefined) return { body: rest, complete: true };

  if (!/^\d+$/.test(declared)) {
    problems.push(`Content-Length should be a number of bytes, but it is ${JSON.stringify(declared)}. The body was read until the connection closed.`);
    return { body: rest, complete: true };
  }
  const length = Number(declared);
  if (rest.length < length) {
    problems.push(`Content-Length promised ${length} bytes, but only ${rest.length} arrived before the server closed the connection. The body is cut short.`);
    return { body: rest, complete: false };
  }
  if (rest.length > length) {
    problems.push(`${rest.length - length} bytes came after the ${length} that Content-Length announced. They are not part of this body and were left out.`);
  }
  return { body: rest.subarray(0, length), complete: true };
}
