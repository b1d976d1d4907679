/**
 * A forgiving parser for what a student's server sent back over a raw socket.
 *
 * It never throws: a beginner's response is often almost right, and the most useful thing a
 * tester can do is say exactly which part is off. So it parses what it can and lists the
 * problems it found (LF where CRLF belongs, a missing or wrong Content-Length, a chunk size in
 * decimal, ...). Each problem has a code, which hints and docs key on, and a sentence, which is
 * what the student reads. A chunked body is decoded by chunked-body.ts.
 */
import { decodeChunked } from './chunked-body.ts';

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
  | 'no-content-length'
  /** A chunk's size line is not hexadecimal digits (decimal, "0x10", spaces, empty, no line end). */
  | 'chunked-size-not-hex'
  /** A chunk's data is not followed by \r\n where its size says it ends: more bytes than the size. */
  | 'chunked-too-long'
  /** A line of the chunked framing (size line, end of data, last blank line) ends with \n alone. */
  | 'chunked-bare-lf'
  /** The server closed before the last chunk `0\r\n\r\n` that ends a chunked body. */
  | 'chunked-no-last-chunk'
  /** Bytes came after the zero-size chunk, which ends the body: an empty chunk sent too early. */
  | 'chunked-data-after-last-chunk'
  /** Both Content-Length and Transfer-Encoding: chunked in one response. */
  | 'chunked-and-length'
  /** Transfer-Encoding: chunked in an HTTP/1.0 exchange, which has no chunked encoding. */
  | 'chunked-in-http-1.0';

export interface FramingProblem {
  code: FramingProblemCode;
  /** What is wrong, in a sentence for the student. */
  message: string;
  /** Where in the body (the bytes after the head) the problem is, when it is at one place. */
  at?: number;
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
  /** The body as a client sees it: for a chunked response, the chunks' data joined. */
  body: Buffer;
  /** For a chunked response, the data of each chunk as the server framed it. */
  chunks?: Buffer[];
  /** For a chunked response, every byte after the head as it came, sizes and all (for showing back). */
  framedBody?: Buffer;
  /**
   * True when the body is as long as Content-Length says (or the server closed after it); for a
   * chunked body, once the last chunk and its blank line arrived, or once the framing is broken
   * beyond what more bytes could fix.
   */
  complete: boolean;
  problems: FramingProblem[];
}

/** The last coding of Transfer-Encoding is "chunked": the body is framed in chunks. */
function isChunked(transferEncoding: string | undefined): boolean {
  if (transferEncoding === undefined) return false;
  return transferEncoding.split(',').pop()?.trim().toLowerCase() === 'chunked';
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
 * its Content-Length gives the size a GET would get. `requestVersion` ("HTTP/1.0") is the version
 * of the request it answers, when known: a 1.0 client cannot read a chunked body.
 */
export function parseResponse(bytes: Buffer, closed: boolean, toHead = false, requestVersion?: string): ParsedResponse | null {
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
  const httpVersion = match?.[1] ?? '';
  if (isChunked(headers['transfer-encoding']) && !toHead) {
    if (declared !== undefined) {
      problem(
        'chunked-and-length',
        `The response has both Content-Length (${declared}) and Transfer-Encoding: chunked. They are two ways to say where the body ends: send one, never both.`,
      );
    }
    const oldVersion = httpVersion === 'HTTP/1.0' ? 'the answer says HTTP/1.0' : requestVersion === 'HTTP/1.0' ? 'the request was HTTP/1.0' : '';
    if (oldVersion) {
      problem(
        'chunked-in-http-1.0',
        `The response uses Transfer-Encoding: chunked, but ${oldVersion}, which has no chunked encoding: the client would show the chunk sizes as part of the body.`,
      );
    }
    const decoded = decodeChunked(body, closed);
    problems.push(...decoded.problems);
    return {
      statusLine,
      httpVersion,
      status: match ? Number(match[2]) : 0,
      reason: match?.[3] ?? '',
      headers,
      rawHeaderLines: headerLines,
      body: decoded.body,
      chunks: decoded.chunks,
      framedBody: body,
      complete: decoded.complete || decoded.broken,
      problems,
    };
  }
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
    httpVersion,
    status: match ? Number(match[2]) : 0,
    reason: match?.[3] ?? '',
    headers,
    rawHeaderLines: headerLines,
    body: declared !== undefined && complete && !toHead ? body.subarray(0, Number(declared)) : body,
    complete,
    problems,
  };
}
