/**
 * Everything lesson 4 works out for a file on every request, worked out once: where the file
 * really is, its labels, the headers of its answer and, for a small file, its bytes.
 */
import type { Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { OutgoingHttpHeaders } from 'node:http';
import { type Validators, validatorsFor } from 'lesson-04-file-server/src/conditional.ts';
import { contentTypeFor } from 'lesson-04-file-server/src/content-type.ts';
import { isUnchanged, type Snapshot, snapshotOf } from './check-on-use.ts';

/**
 * Files up to this size are kept in memory. Most pages, stylesheets, scripts and icons are
 * smaller, and for them the fixed cost of a request (open, read, close, three trips through the
 * thread pool) is most of the work. Above it the work is moving the bytes, which a stream does as
 * well from the disk's cache as we would from ours, without holding the file in our memory. And
 * 128 KB keeps 512 files within the cache's 64 MB.
 */
export const SMALL_FILE = 128 * 1024;

export interface CachedFile {
  /** The path as the request names it, links and all: what check-on-use.ts stats. */
  checkPath: string;
  /** Where the file really is, every link followed and checked inside the root: what is read. */
  path: string;
  snapshot: Snapshot;
  validators: Validators;
  /** The headers of a 304: the labels of this version. */
  caching: OutgoingHttpHeaders;
  /** The headers of a 200, exactly as lesson 4's send-file.ts builds them. */
  headers: OutgoingHttpHeaders;
  /** The whole file, when it is at most SMALL_FILE bytes; otherwise it is streamed from disk. */
  bytes: Buffer | undefined;
  /** What the bytes weigh in the cache's budget. */
  memory: number;
}

/** `found` is what lesson 4's findFile said: a file inside the root, with its stat. */
export async function cacheFile(checkPath: string, found: { path: string; stats: Stats }): Promise<CachedFile> {
  const snapshot = snapshotOf(found.stats);
  const validators = validatorsFor(found.stats);
  const caching = {
    ETag: validators.etag,
    'Last-Modified': validators.lastModified,
    'Cache-Control': 'no-cache',
  };
  const headers = {
    'Content-Type': contentTypeFor(found.path),
    'Content-Length': found.stats.size,
    'X-Content-Type-Options': 'nosniff',
    ...caching,
  };
  const bytes = found.stats.size <= SMALL_FILE ? await readUnchanged(found.path, snapshot) : undefined;
  return { checkPath, path: found.path, snapshot, validators, caching, headers, bytes, memory: bytes?.length ?? 0 };
}

/**
 * The file's bytes, if it stayed the same file while we read it. Someone saving the file at that
 * moment would leave us half of each version under the old labels, kept for good: rather than
 * that, we keep no bytes, and the file is streamed as in lesson 4 (the next request's check then
 * sees the new version). A file that vanished or cannot be read is streamed too, and the stream
 * fails the way lesson 4's does.
 */
export async function readUnchanged(filePath: string, snapshot: Snapshot): Promise<Buffer | undefined> {
  try {
    const bytes = await readFile(filePath);
    return bytes.length === snapshot.size && isUnchanged(filePath, snapshot) ? bytes : undefined;
  } catch {
    return undefined;
  }
}
