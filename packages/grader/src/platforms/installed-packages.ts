/**
 * Lets a copy of the workbook made by the platform commands (the autograder's source, a
 * template repository) run on this workbook's installed packages, without a `pnpm install`:
 * the tests of both commands run the copy's real scripts this way, offline.
 *
 * The copy gets node_modules folders of its own, as pnpm would make them: the same links, with
 * the same relative targets, so that `@workbook/grader` in the copy is the copy's grader, and the
 * package store (node_modules/.pnpm) as hard links to this one's files. Links to the store would
 * not do: Node's permission model lets a graded program read the copy's node_modules only, and
 * it checks the real path of every file it loads.
 */
import { copyFileSync, linkSync, mkdirSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { root } from '@workbook/course';

/** Caches that tools write to while they run: the copy starts without them. */
const caches = new Set(['.vite', '.vite-temp', '.cache']);

function mirror(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (caches.has(entry.name)) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (entry.isDirectory()) mirror(source, target);
    else {
      try {
        linkSync(source, target);
      } catch {
        // Another file system (or no right to link): a copy does as well, only slower.
        copyFileSync(source, target);
      }
    }
  }
}

/** Gives the workbook copied to `copy` this workbook's installed packages. */
export function reuseInstalledPackages(copy: string): void {
  mirror(path.join(root, 'node_modules'), path.join(copy, 'node_modules'));
  const packages = path.join(root, 'packages');
  for (const name of readdirSync(packages)) {
    const installed = path.join(packages, name, 'node_modules');
    try {
      mirror(installed, path.join(copy, 'packages', name, 'node_modules'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
