/**
 * Lets a browser skip downloading a file it already has.
 *
 * With every file we send two labels that describe this version of it:
 *
 *     ETag: W/"1f4-18c2a1b3c40"              a tag: here its size and change time, in hex
 *     Last-Modified: Sat, 21 Nov 2026 06:14:12 GMT
 *
 * The browser keeps the file and the labels. Next time it asks, it sends them back:
 *
 *     If-None-Match: W/"1f4-18c2a1b3c40"     "unless it is still this version"
 *     If-Modified-Since: Sat, 21 Nov 2026 06:14:12 GMT
 *
 * If the file has not changed, we answer `304 Not Modified` with no body at all, and the
 * browser uses its copy. Reload a page with the network panel open to watch it happen.
 *
 * New in lesson 10: one file can now go out in three forms (br, gzip, or as it is), and a tag
 * names one form, not the file. So the coding is part of the tag: `W/"1f4-18c2a1b3c40-br"`.
 * Had all three the same tag, a cache holding the gzip form could ask "still this one?", hear
 * 304, and hand gzip to a client that asked for the file as it is (Apache shipped that bug).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Stats } from 'node:fs';
import type { Coding } from './accept-encoding.ts';

export interface Validators {
  etag: string;
  lastModified: string;
}

export function validatorsFor(stats: Stats, coding: Coding = 'identity'): Validators {
  // Any edit changes the change time, and usually the size. `W/` marks the tag as weak: it
  // says "the same version", without promising the same bytes. We cannot promise that, since we
  // never read the file to make the tag.
  const form = coding === 'identity' ? '' : `-${coding}`;
  const etag = `W/"${stats.size.toString(16)}-${stats.mtime.getTime().toString(16)}${form}"`;
  return { etag, lastModified: stats.mtime.toUTCString() };
}

/** True when the request's own labels show the client already has this version. */
export function isNotModified(headers: IncomingHttpHeaders, current: Validators): boolean {
  const ifNoneMatch = headers['if-none-match'];
  // The tag is the better label (a date is only exact to the second), so when a client sends
  // both, the tag alone decides, and the date is not looked at.
  if (ifNoneMatch !== undefined) return tagsMatch(ifNoneMatch, current.etag);

  const ifModifiedSince = headers['if-modified-since'];
  if (ifModifiedSince === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  // A date we cannot read is treated as no date: send the file.
  if (Number.isNaN(since)) return false;
  // Compare with the date we sent, not with the time on disk: HTTP dates have whole seconds,
  // the disk keeps milliseconds, and a file changed at 06:14:12.500 would always look newer
  // than the "06:14:12" the browser got from us and sent back.
  return Date.parse(current.lastModified) <= since;
}

/** `If-None-Match` holds `*` or a comma-separated list of tags; any one of them may match. */
function tagsMatch(list: string, etag: string): boolean {
  if (list.trim() === '*') return true;
  // For this question a weak tag matches its strong twin: W/"abc" is the same version as "abc".
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return list.split(',').some((tag) => bare(tag) === bare(etag));
}
