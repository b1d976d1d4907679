/**
 * The workbook as the platforms' packages take it: every file git tracks or would track (nothing
 * it ignores, so no node_modules, no .workbook with a student's progress, no grades), read from
 * the working tree as it is now, so a new exercise not yet committed goes with it. Each package
 * leaves out the top-level folders it has no use for.
 */
import { spawnSync } from 'node:child_process';
import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { root } from '@workbook/course';
import { GraderError } from '../grader-error.ts';

export interface WorkbookFile {
  /** The path inside the package, with forward slashes: `exercises/ex02-happy-server/server.ts`. */
  name: string;
  /** Where it is on disk. */
  source: string;
  executable: boolean;
}

const posix = (relative: string) => relative.split(path.sep).join('/');

function fileAt(name: string, source: string): WorkbookFile | undefined {
  try {
    const stat = lstatSync(source);
    // A link could point anywhere on the instructor's machine; only real files go.
    if (!stat.isFile()) return undefined;
    return { name, source, executable: process.platform !== 'win32' && (stat.mode & 0o100) !== 0 };
  } catch {
    // Deleted since git last looked.
    return undefined;
  }
}

/**
 * The workbook's files, sorted, without the top-level folders in `leaveOut` (such as `solutions`)
 * and without anything inside `skip` (the package being written, when it lies in the workbook).
 */
export function workbookFiles(leaveOut: string[], skip: string[] = []): WorkbookFile[] {
  const listed = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (listed.error || listed.status !== 0) {
    const why = listed.error ? listed.error.message : listed.stderr.trim();
    throw new GraderError(
      `cannot list the workbook's files with git (${why}). The platforms' packages are made from a git clone of the workbook, which tells its files from what it ignores.`,
    );
  }
  const skipped = skip.map((dir) => path.resolve(dir));
  const isSkipped = (file: string) => skipped.some((dir) => file === dir || file.startsWith(dir + path.sep));
  return [...new Set(listed.stdout.split('\0').filter(Boolean))]
    .filter((name) => !leaveOut.includes(name.split('/')[0] ?? ''))
    .map((name) => fileAt(name, path.join(root, name)))
    .filter((file): file is WorkbookFile => file !== undefined && !isSkipped(file.source))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Every file in `dir`, recursively, named `<under>/<path inside dir>`; node_modules and dot-folders left out. */
export function folderFiles(dir: string, under: string): WorkbookFile[] {
  const found: WorkbookFile[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const inside = path.join(relative, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) walk(inside);
      } else {
        const file = fileAt(`${under}/${posix(inside)}`, path.join(dir, inside));
        if (file) found.push(file);
      }
    }
  };
  walk('');
  return found.sort((a, b) => (a.name < b.name ? -1 : 1));
}
