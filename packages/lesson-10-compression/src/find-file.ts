/**
 * Asks the disk what is at a path that resolve-path.ts has already accepted.
 *
 * One more way out of the site folder only shows up here: a symbolic link. A link inside the
 * site may point anywhere (`site/docs -> /home/you`), and opening `site/docs/notes.txt` would
 * quietly follow it. So before trusting a path we ask for its real path, with every link
 * followed, and check again that it is inside the real site folder.
 */
import type { Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { isHidden, isInside } from './resolve-path.ts';

export type Found = { kind: 'file'; path: string; stats: Stats } | { kind: 'folder'; path: string } | { kind: 'missing' };

/**
 * The errors that mean "there is nothing here we could serve", whatever the client typed:
 * no such file (ENOENT), a file used as a folder as in `/index.html/more` (ENOTDIR), a name too
 * long for the system (ENAMETOOLONG), a loop of links (ELOOP), no permission (EACCES, EPERM),
 * a name the system cannot have (EINVAL, on Windows). Any other error is a real problem on our
 * side, and is left to become a 500.
 */
const NOTHING_HERE = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'ELOOP', 'EACCES', 'EPERM', 'EINVAL']);

/** `realRoot` is the site folder with its own links already followed (see createServer). */
export async function findFile(realRoot: string, filePath: string): Promise<Found> {
  try {
    const real = await realpath(filePath);
    // The same two checks as resolve-path.ts, now on the real place the links lead to.
    if (!isInside(realRoot, real) || isHidden(path.relative(realRoot, real))) return { kind: 'missing' };

    const stats = await stat(real);
    if (stats.isFile()) return { kind: 'file', path: real, stats };
    if (stats.isDirectory()) return { kind: 'folder', path: real };
    // Devices, sockets and named pipes live in folders too, but they are not pages.
    return { kind: 'missing' };
  } catch (error) {
    if (NOTHING_HERE.has((error as NodeJS.ErrnoException).code ?? '')) return { kind: 'missing' };
    throw error;
  }
}
