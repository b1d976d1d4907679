/**
 * A forgiving parser for what a student's server sent back over a raw socket.
 *
 * It never throws: a beginner's response is often almost right, and the most useful thing a
 * tester can do is say exactly which part is off. So it parses what it can and lists the
 * problems it found (LF where CRLF belongs, a missing or wrong Content-Length, ...). Each problem
 * has a code, which hints and docs key on, and a sentence, which is what the student reads.
 */

/** The ways a response's framing can be off. */
export type FramingProblemCode =
  /** A line of the head ends with \n alone, or the head ends with \n\n. */
  | 'bare-lf'
  /** The first line is not `HTTP/1.1 200 OK`-shaped. */
  | 'bad-status-line'
  /** A header line without a `Name:` before its value. */
  | 'bad-header-line'
  /** The answer to a HEAD request carries a body. */
  | 'body-after-head-answer'
  /** Content-Length is not a whole number. */
  | 'content-length-not-a-number'
  /** Content-Length promises more bytes than came before the server closed. */
  | 'content-length-too-long'
  /** More bytes of body came than Content-Length says. */
  | 'content-length-too-short'
  /** Neither Content-Length nor Transfer-Encoding says where the body ends. */
  | 'no-content-length';

export interface FramingProblem {
  code: FramingProblemCode;
  /** What is wrong, in a sentence for the student. */
  message: string;
}

export interface ParsedResponse {
  statusLine: string;
  httpVersion: string;
  status: number;
  reason: string;
  /** Header names in lower case; a repeated header keeps its values joined with ", ". */
  headers: Record<string, string>;
  /** The header lines as sent, for showing back to the student. */
  rawHeaderLines: string[];
  body: Buffer;
  /** True when the body is as long as Content-Length says (or the server closed after it). */
  complete: boolean;
  problems: FramingProblem[];
}

const CRLF = Buffer.from('\r\n\r\n');
const LF = Buffer.from('\n\n');

/** Index of the blank line that ends the head, and how long that separator is. */
function findHeadEnd(bytes: Buffer): { at: number; length: number; bareLf: boolean } | null {
  const crlf = bytes.indexOf(CRLF);
  const lf = bytes.indexOf(LF);
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { at: crlf, length: 4, bareLf: false };
  if (lf !== -1) return { at: lf, length: 2, bareLf: true };
  return null;
}

/**
 * Parses `bytes` as one HTTP response. Returns null when not even a head (status line, headers,
 * blank line) has arrived; `closed` tells whether the server has closed the connection, which is
 * then the end of a body without Content-Length. The answer to a HEAD request has no body, though
 * its Content-Length gives the size a GET would get.
 */
export function parseResponse(bytes: Buffer, closed: boolean, toHead = false): ParsedResponse | null {
  const end = findHeadEnd(bytes);
  if (!end) return null;
  const problems: FramingProblem[] = [];
  const problem = (code: FramingProblemCode, message: string) => {
    problems.push({ code, message });
  };
  const head = bytes.subarray(0, end.at).toString('latin1');
  const lines = head.split('\n');
  const usesCrlf = lines.slice(0, -1).every((line) => line.endsWith('\r')) && !end.bareLf;
  if (!usesCrlf) {
    problem('bare-lf', 'Lines must end with \\r\\n (CRLF); some end with a bare \\n (LF).');
  }
  const [statusLine = '', ...headerLines] = lines.map((line) => line.replace(/\r$/, ''));
  const match = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!match) {
    problem('bad-status-line', `The status line should look like "HTTP/1.1 200 OK", but it is ${JSON.stringify(statusLine)}.`);
  }
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    if (colon <= 0) {
      problem('bad-header-line', `A header line needs "Name: value", but one is ${JSON.stringify(line)}.`);
      continue;
    }
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  const body = bytes.subarray(end.at + end.length);
  let complete = closed;
  const declared = headers['content-length'];
  if (toHead) {
    complete = true;
    if (body.length > 0) problem('body-after-head-answer', `The answer to a HEAD request must have no body, but ${body.length} bytes followed the head.`);
  } else if (declared !== undefined) {
    const length = /^\d+$/.test(declared) ? Number(declared) : NaN;
    if (Number.isNaN(length)) {
      problem('content-length-not-a-number', `Content-Length must be a whole number of bytes, but it is ${JSON.stringify(declared)}.`);
    } else if (body.length < length) {
      complete = false;
      if (closed) {
        problem('content-length-too-long', `Content-Length says ${length} bytes, but only ${body.length} arrived before the connection closed.`);
      }
    } else {
      complete = true;
      if (body.length > length) {
        problem(
          'content-length-too-short',
          `Content-Length says ${length} bytes, but ${body.length} bytes of body arrived. Count bytes, not characters: Buffer.byteLength(text).`,
        );
      }
    }
  } else if (!headers['transfer-encoding']) {
    problem('no-content-length', 'There is no Content-Length header, so the client cannot tell where the body ends.');
  }
  return {
    statusLine,
    httpVersion: match?.[1] ?? '',
    status: match ? Number(match[2]) : 0,
    reason: match?.[3] ?? '',
    headers,
    rawHeaderLines: headerLines,
    body: declared !== undefined && complete && !toHead ? body.subarray(0, Number(declared)) : body,
    complete,
    problems,
  };
}
