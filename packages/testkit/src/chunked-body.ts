/**
 * A decoder for a chunked body (`Transfer-Encoding: chunked`), written by hand, strict in what it
 * accepts and forgiving in how it reports: it is what a student's framing is checked against.
 *
 *     5\r\n            the size of the data, in hexadecimal
 *     hello\r\n        that many bytes, then CRLF
 *     0\r\n            the last chunk: size zero
 *     \r\n             the blank line after the trailers (usually none)
 *
 * It never throws. It decodes what it can, and lists what is off, each problem with the byte offset
 * (counted from the start of the body) and the number of the chunk, so a message can point at it.
 */
import { escapeBytes } from './escape.ts';

/**
 * The problems a chunked body can have. Each is also a FramingProblemCode (response-parser.ts says
 * what each one means); this file does not import that one, which imports this one.
 */
export type ChunkedProblemCode = 'chunked-size-not-hex' | 'chunked-too-long' | 'chunked-bare-lf' | 'chunked-no-last-chunk' | 'chunked-data-after-last-chunk';

export interface ChunkedProblem {
  code: ChunkedProblemCode;
  /** What is wrong, in a sentence for the student. */
  message: string;
  /** The byte of the body the problem is at, counted from the first byte after the head. */
  at: number;
}

export interface DecodedChunks {
  /** The data of each chunk, as the server divided it (the last, empty chunk not counted). */
  chunks: Buffer[];
  /** The chunks' data joined: the body a client sees. */
  body: Buffer;
  /** Trailer fields after the last chunk, names in lower case. */
  trailers: Record<string, string>;
  /** True once the last chunk `0\r\n` and the blank line after it (and any trailers) arrived. */
  complete: boolean;
  /**
   * True when the framing is broken so that no more bytes can fix it: reading on would not help.
   * (The body decoded so far is kept.)
   */
  broken: boolean;
  /** How many bytes the chunked body took, up to where the decoding stopped. */
  length: number;
  problems: ChunkedProblem[];
}

/** A size line this long with no line end is not a size line: give up waiting for its end. */
const LONGEST_SIZE_LINE = 1024;
/** More hex digits than this would be a body bigger than anything a test sends. */
const MOST_HEX_DIGITS = 8;

/** Bytes as the messages show them: quoted, with \r, \n and bytes past ASCII written out. */
const show = (bytes: Buffer | string) => escapeBytes(bytes);

/**
 * Decodes `bytes`, everything after the head of a response. `closed` says the server has closed
 * the connection: only then is a missing last chunk a problem rather than bytes still on the way.
 */
export function decodeChunked(bytes: Buffer, closed: boolean): DecodedChunks {
  const chunks: Buffer[] = [];
  const trailers: Record<string, string> = {};
  const problems: ChunkedProblem[] = [];
  const problem = (code: ChunkedProblemCode, at: number, message: string) => {
    problems.push({ code, message, at });
  };
  let bareLfReported = false;
  const bareLf = (at: number, what: string) => {
    // One report is enough: the same mistake is usually made on every line.
    if (bareLfReported) return;
    bareLfReported = true;
    problem('chunked-bare-lf', at, `${what} ends with a bare \\n (LF) at byte ${at} of the body; every line of the chunked framing ends with \\r\\n (CRLF).`);
  };
  const result = (complete: boolean, broken: boolean, length: number): DecodedChunks => ({
    chunks,
    body: Buffer.concat(chunks),
    trailers,
    complete,
    broken,
    length,
    problems,
  });

  const lastChunk = (start: number, number: number, at: number): DecodedChunks => {
    let cursor = start;
    for (;;) {
      const end = bytes.indexOf(0x0a, cursor);
      if (end === -1) {
        if (closed) noLastChunk(problem, at, chunks, ' The last chunk "0\\r\\n" came, but not the blank line "\\r\\n" after it.');
        return result(false, false, bytes.length);
      }
      const cr = end > cursor && bytes[end - 1] === 0x0d;
      if (!cr) bareLf(end, number === 1 && cursor === start ? 'The blank line after the last chunk' : 'A line after the last chunk');
      const field = bytes.subarray(cursor, cr ? end - 1 : end).toString('latin1');
      cursor = end + 1;
      if (field === '') break;
      const colon = field.indexOf(':');
      if (colon > 0) {
        const name = field.slice(0, colon).trim().toLowerCase();
        trailers[name] = field.slice(colon + 1).trim();
      }
    }
    const rest = bytes.subarray(cursor);
    // A next response on a kept-alive connection starts "HTTP/"; anything else is body that came
    // after the body had ended.
    if (rest.length > 0 && !'HTTP/'.startsWith(rest.subarray(0, 5).toString('latin1'))) {
      problem(
        'chunked-data-after-last-chunk',
        at,
        `Chunk ${number} (at byte ${at} of the body) has size 0, which ends the body, but ${rest.length} more bytes came after it. Never send an empty chunk before the end: skip writes of zero bytes.`,
      );
    }
    return result(true, false, cursor);
  };

  let pos = 0;
  for (let number = 1; ; number++) {
    const where = `Chunk ${number} (at byte ${pos} of the body)`;
    const lineEnd = bytes.indexOf(0x0a, pos);
    if (lineEnd === -1) {
      if (bytes.length - pos > LONGEST_SIZE_LINE) {
        problem('chunked-size-not-hex', pos, `${where} should start with its size in hexadecimal and \\r\\n, but ${bytes.length - pos} bytes came without a line end.`);
        return result(false, true, bytes.length);
      }
      if (closed) noLastChunk(problem, pos, chunks, pos === bytes.length ? '' : ` Its size line ${show(bytes.subarray(pos))} never ended.`);
      return result(false, false, bytes.length);
    }
    const hasCr = lineEnd > pos && bytes[lineEnd - 1] === 0x0d;
    const line = bytes.subarray(pos, hasCr ? lineEnd - 1 : lineEnd).toString('latin1');
    // A chunk extension (`;name=value`) may follow the size; it means nothing to us.
    const sizeText = line.split(';')[0] ?? '';
    const size = sizeOf(sizeText);
    if (typeof size === 'string') {
      const justAfterChunk = number > 1 && sizeText === '';
      const why = justAfterChunk ? ' The line is empty: does the chunk before it have fewer bytes than its size says?' : size;
      problem('chunked-size-not-hex', pos, `${where} should start with its size in hexadecimal, such as "1a" for 26 bytes, but the line is ${show(line)}.${why}`);
      return result(false, true, lineEnd + 1);
    }
    // Only now: a line that is no size line at all has a bigger problem than its line end.
    if (!hasCr) bareLf(lineEnd, `The size line of chunk ${number}`);
    const dataStart = lineEnd + 1;

    if (size === 0) return lastChunk(dataStart, number, pos);

    const dataEnd = dataStart + size;
    if (bytes.length < dataEnd + 2) {
      if (closed) {
        const tooShort = decimalSize(bytes, dataStart, sizeText, where);
        if (tooShort) problem('chunked-size-not-hex', pos, tooShort);
        else {
          const got = Math.max(0, bytes.length - dataStart);
          noLastChunk(problem, pos, chunks, ` Chunk ${number} says ${describeSize(sizeText, size)}, but only ${got} of them came.`);
        }
      }
      return result(false, false, bytes.length);
    }
    const after = bytes.subarray(dataEnd, dataEnd + 2);
    if (after[0] === 0x0d && after[1] === 0x0a) {
      chunks.push(bytes.subarray(dataStart, dataEnd));
      pos = dataEnd + 2;
    } else if (after[0] === 0x0a) {
      bareLf(dataEnd, `The data of chunk ${number}`);
      chunks.push(bytes.subarray(dataStart, dataEnd));
      pos = dataEnd + 1;
    } else {
      const decimal = decimalSize(bytes, dataStart, sizeText, where);
      if (decimal) problem('chunked-size-not-hex', pos, decimal);
      else {
        problem(
          'chunked-too-long',
          dataEnd,
          `${where} says ${describeSize(sizeText, size)}, but after those ${size} bytes come ${show(after)} instead of \\r\\n (at byte ${dataEnd}): the chunk is longer than its size says.`,
        );
      }
      return result(false, true, dataEnd);
    }
  }
}

/** The size a size line gives, or a sentence saying why it gives none. */
function sizeOf(text: string): number | string {
  if (/^[0-9a-fA-F]+$/.test(text)) {
    if (text.length > MOST_HEX_DIGITS) return ` That is more than ${MOST_HEX_DIGITS} hex digits: far more bytes than this body can have.`;
    return Number.parseInt(text, 16);
  }
  if (text === '') return ' The line is empty: the size must come first.';
  if (/^0x/i.test(text)) return ' Write the hex digits alone, without "0x": size.toString(16).';
  if (/\s/.test(text)) return ' Write the size with no spaces around it.';
  return ' Write the size with size.toString(16): digits 0-9 and letters a-f only.';
}

function describeSize(text: string, size: number): string {
  return /^\d$/.test(text) ? `${size} byte${size === 1 ? '' : 's'}` : `${size} bytes (hex ${text})`;
}

/**
 * Whether the size makes sense as a decimal number (the classic mistake: "10" for 10 bytes, which
 * is 16 in hex): the data then ends, with its CRLF, exactly that many bytes in.
 */
function decimalSize(bytes: Buffer, dataStart: number, sizeText: string, where: string): string | null {
  if (!/^\d+$/.test(sizeText)) return null;
  const decimal = Number.parseInt(sizeText, 10);
  const hex = Number.parseInt(sizeText, 16);
  if (decimal === hex) return null;
  const end = dataStart + decimal;
  if (bytes[end] !== 0x0d || bytes[end + 1] !== 0x0a) return null;
  return `${where} has ${decimal} bytes, then \\r\\n, but its size "${sizeText}" is read as hexadecimal: ${hex} bytes. Is it written in decimal? ${decimal} in hex is "${decimal.toString(16)}".`;
}

function noLastChunk(problem: (code: ChunkedProblemCode, at: number, message: string) => void, at: number, chunks: Buffer[], detail: string): void {
  const bytes = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const sofar = `${chunks.length} complete chunk${chunks.length === 1 ? '' : 's'} (${bytes} bytes of body)`;
  problem('chunked-no-last-chunk', at, `The server closed the connection after ${sofar}, without the last chunk "0\\r\\n\\r\\n" that ends a chunked body.${detail}`);
}
