/**
 * Answers "send me only these bytes": how a video player jumps to minute 40 without downloading
 * the first 39, and how a download that broke at 80% goes on from there (`curl -C -`).
 *
 * Every file we send says we can do it:
 *
 *     Accept-Ranges: bytes
 *
 * and a client then asks for a part with one of three forms (RFC 9110, section 14):
 *
 *     Range: bytes=0-99       the first 100 bytes (both ends included)
 *     Range: bytes=500-       from byte 500 to the end
 *     Range: bytes=-200       the last 200 bytes
 *
 * The answer is `206 Partial Content` with those bytes only, and a header that says which they are
 * and how big the whole file is:
 *
 *     Content-Range: bytes 0-99/5120
 *     Content-Length: 100
 *
 * A range that starts past the end cannot be given: `416 Range Not Satisfiable`, with
 * `Content-Range: bytes *\/5120` (without the backslash, which is here only because a star and a
 * slash would end this comment) so the client learns the real size. Anything else we do not
 * understand (another unit, a broken number, an end before the start) is ignored, and the whole
 * file goes out with 200, as RFC 9110 asks: a client that sent nonsense still gets the file.
 *
 * Several ranges at once (`bytes=0-9,20-29`) would need a multipart body with a boundary between
 * the parts. Browsers and curl never need it, and it is the classic way to make a server do a lot
 * of work for a short request (thousands of tiny or overlapping ranges). The RFC lets a server
 * ignore a Range header, so a list of ranges gets the whole file, with 200.
 */
import type { IncomingMessage } from 'node:http';
import type { Validators } from './conditional.ts';

/** Byte positions in the file, both included: 0-99 is 100 bytes. */
export interface ByteRange {
  start: number;
  end: number;
}

export type RangeAnswer = { kind: 'whole' } | { kind: 'part'; range: ByteRange } | { kind: 'unsatisfiable' };

const WHOLE: RangeAnswer = { kind: 'whole' };

export function rangeFor(request: IncomingMessage, size: number, current: Validators): RangeAnswer {
  const header = request.headers.range;
  // Ranges are defined for GET only; a HEAD gets the head of the whole file.
  if (header === undefined || request.method !== 'GET') return WHOLE;

  // "Only if it is still this version." A client resuming a download sends the tag or the date
  // of the copy it has half of. If the file has changed since, the other half of the new file
  // would not fit the first half of the old: the whole new file is the only right answer.
  const ifRange = request.headers['if-range'];
  if (ifRange !== undefined && (typeof ifRange !== 'string' || !ifRangeHolds(ifRange, current))) return WHOLE;

  // The unit is case-insensitive; spaces are allowed around the range itself.
  const match = /^bytes=[ \t]*(\d*)-(\d*)[ \t]*$/i.exec(header);
  // Not one range in bytes (a list, another unit, garbage): ignored.
  if (!match) return WHOLE;
  const [, first = '', last = ''] = match;

  if (first === '') {
    // bytes=-200: the last 200 bytes. bytes=- means nothing; bytes=-0 asks for no bytes at all.
    if (last === '') return WHOLE;
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'part', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }

  const start = Number(first);
  const end = last === '' ? Infinity : Number(last);
  // bytes=9-5 is not a range at all: ignored, like any other broken header.
  if (end < start) return WHOLE;
  if (start >= size) return { kind: 'unsatisfiable' };
  // Asking past the end is fine: you get what there is (bytes=0-999999 of a 5 KB file is all of it).
  return { kind: 'part', range: { start, end: Math.min(end, size - 1) } };
}

/** `bytes 0-99/5120`: the Content-Range of a 206. */
export function contentRange({ start, end }: ByteRange, size: number): string {
  return `bytes ${start}-${end}/${size}`;
}

/** `bytes *\/5120`: the Content-Range of a 416, which only says how big the file is. */
export function unsatisfiedRange(size: number): string {
  return `bytes */${size}`;
}

/**
 * If-Range holds a tag or a date. A tag must be the same, character for character, and strong
 * (a weak `W/` tag never matches here: "the same version" is not "the same bytes", and bytes are
 * what a range is about). A date must be exactly the Last-Modified we send.
 */
function ifRangeHolds(value: string, current: Validators): boolean {
  const validator = value.trim();
  if (validator.startsWith('W/')) return false;
  if (validator.startsWith('"')) return validator === current.etag;
  const date = Date.parse(validator);
  return !Number.isNaN(date) && date === Date.parse(current.lastModified);
}
