/**
 * Precompressed siblings: `style.css.br` and `style.css.gz` next to `style.css`.
 *
 * Lesson 10 compresses each answer as it goes out, which costs CPU on every request. A site whose
 * files do not change can be compressed once, at build time, at the highest level, and the server
 * only picks the right file (nginx's `gzip_static` does this). Lesson 10's accept-encoding.ts
 * reads the client's Accept-Encoding, as there; we offer only the codings that have a sibling.
 *
 * A sibling is a file like any other: lesson 4's findFile checks that its real place is inside the
 * site and not hidden, so `style.css.br -> /etc/passwd` is refused, and the plain file is sent.
 * Each use of a sibling is checked on disk, as its file is (check-on-use.ts).
 *
 * One thing the cache does not notice at once: a sibling added after its file was cached. Until
 * the file's entry is rebuilt (the file changes, or the cache lets it go) the plain file is sent,
 * which every client can read, so the answer is slower than it could be but never wrong.
 */
import type { Stats } from 'node:fs';
import { contentTypeFor } from 'lesson-04-file-server/src/content-type.ts';
import { findFile } from 'lesson-04-file-server/src/find-file.ts';
import { CODINGS, chooseCoding } from 'lesson-10-compression/src/accept-encoding.ts';
import { isUnchanged } from '../3-cache/check-on-use.ts';
import { type CachedFile, cacheFile, type SiblingCoding } from './cached-file.ts';

/** The name each coding's sibling has: the file's name and this ending. */
const SUFFIXES: Record<SiblingCoding, string> = { br: '.br', gzip: '.gz' };

/** The file `found`, and every sibling it has, ready for the cache. */
export async function cacheWithSiblings(root: string, checkPath: string, found: { path: string; stats: Stats }): Promise<CachedFile> {
  const siblings: Array<[SiblingCoding, string, { path: string; stats: Stats }]> = [];
  for (const coding of ['br', 'gzip'] as const) {
    // Next to the real file, so a link `home.html -> index.html` finds index.html's siblings.
    const siblingPath = found.path + SUFFIXES[coding];
    const sibling = await findFile(root, siblingPath);
    if (sibling.kind === 'file') siblings.push([coding, siblingPath, sibling]);
  }

  const contentType = contentTypeFor(found.path);
  const file = await cacheFile(checkPath, found, { contentType, vary: siblings.length > 0 });
  for (const [coding, siblingPath, sibling] of siblings) {
    const cached = await cacheFile(siblingPath, sibling, { contentType, encoding: coding, vary: true });
    file.siblings[coding] = cached;
    file.memory += cached.memory;
  }
  return file;
}

/**
 * What to send for this Accept-Encoding: the file or one of its siblings. undefined when the
 * sibling we would send has changed on disk since: the caller drops the entry and looks again.
 */
export function chooseVersion(file: CachedFile, acceptEncoding: string | undefined): CachedFile | undefined {
  // A file with no siblings has nothing to choose (most files, and every picture).
  if (file.siblings.br === undefined && file.siblings.gzip === undefined) return file;
  const available = CODINGS.filter((coding) => coding === 'identity' || file.siblings[coding] !== undefined);
  // null: the client refuses even the plain file. Lesson 4 never says 406, so neither do we.
  const coding = chooseCoding(acceptEncoding, available) ?? 'identity';
  if (coding === 'identity') return file;
  const sibling = file.siblings[coding];
  if (sibling === undefined) return file;
  return isUnchanged(sibling.checkPath, sibling.snapshot) ? sibling : undefined;
}
