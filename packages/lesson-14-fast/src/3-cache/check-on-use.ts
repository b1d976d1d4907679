/**
 * Is the file on disk still the one we cached? Asked on every use of the cache, before a byte of
 * what we remember goes out.
 *
 * We remember five numbers from the file's `stat`: the disk it is on (dev), its number on that
 * disk (ino), its size, and the times its content (mtime) and its entry (ctime) last changed. A
 * synchronous `statSync` of the path gets them again, and takes about a microsecond (0.9 µs
 * measured on the course's Linux machine, where lesson 4's `await realpath` then `await stat`
 * took 15 to 80 µs: each goes through libuv's thread pool and back). Any difference, or no file at all, means "forget it": the caller drops the entry and
 * asks the disk the slow way, with all of lesson 4's checks.
 *
 * Why this is safe against links swapped in after we cached a file: `stat` walks the path again,
 * name by name, following whatever links are there now. Replace `notes.txt` by a link to
 * `/etc/passwd`, or the folder `docs/` by a link to `/home/you`, and the walk now ends at another
 * file, with another inode number (or at no file): the check fails and the slow path, which runs
 * `realpath` and the inside-the-root test again, refuses it. Writing into the file changes its
 * mtime and ctime; renaming another file over it brings another inode; even a new hard link to it
 * changes its ctime.
 *
 * Why a check on every use, and not only fs.watch: a watcher is told about a change some time
 * after the change is on disk, so for a moment it would let us serve the old file. Its events are
 * also missing or late on network drives, in Docker bind mounts, and on some platforms. The check
 * costs a microsecond and is right at the moment it is made. (This step has no watcher: with the
 * check, one could only free memory a little sooner, and the cache is bounded anyway.)
 *
 * One trap remains, the one git calls "racy": a file system stamps times from a clock that ticks
 * coarsely (every few milliseconds on Linux, every 2 seconds on a FAT memory stick). Two saves of
 * the same size within one tick leave all five numbers as they were, and a check would see no
 * change. So a file that changed within the last SETTLE_MS is served but not kept (hasSettled):
 * by the time it is kept, any later change lands on a later tick, and shows.
 */
import { type Stats, statSync } from 'node:fs';

export interface Snapshot {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/** Longer than the coarsest clock a file system stamps changes with (FAT's 2 seconds). */
export const SETTLE_MS = 2_000;

/** True when the file last changed long enough ago that a new change would show in its times. */
export function hasSettled(stats: { ctimeMs: number }, settleMs = SETTLE_MS): boolean {
  // ctime, not mtime: anyone can set mtime to any date (utimes), but ctime is always "now".
  return Date.now() - stats.ctimeMs >= settleMs;
}

export function snapshotOf(stats: Stats): Snapshot {
  return { dev: stats.dev, ino: stats.ino, size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs };
}

/** True when `filePath` still leads to exactly the file of `snapshot`, unchanged. */
export function isUnchanged(filePath: string, snapshot: Snapshot): boolean {
  let now: Stats | undefined;
  try {
    // throwIfNoEntry: a removed file is an everyday answer, not worth building an exception for.
    now = statSync(filePath, { throwIfNoEntry: false });
  } catch {
    // ENOTDIR (a folder on the way became a file), ELOOP, EACCES: whatever it is, not our file.
    return false;
  }
  return (
    now !== undefined &&
    now.ino === snapshot.ino &&
    now.dev === snapshot.dev &&
    now.size === snapshot.size &&
    now.mtimeMs === snapshot.mtimeMs &&
    now.ctimeMs === snapshot.ctimeMs
  );
}
