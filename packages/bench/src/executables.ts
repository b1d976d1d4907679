/**
 * Finding the programs a benchmark runs: tools on the PATH (wrk, taskset, python3) and the
 * command-line tools of npm packages (serve, http-server, autocannon). Nothing goes through a
 * shell, so a name or folder with spaces in it means nothing special.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The full path of `name` on the PATH, or undefined when it is not installed. */
export function findOnPath(name: string): string | undefined {
  const folders = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  // Windows finds `wrk` as wrk.exe or wrk.cmd; everywhere else the name is the file.
  const endings = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD').split(';') : [''];
  for (const folder of folders) {
    for (const ending of endings) {
      const file = path.join(folder, name + ending);
      if (isExecutableFile(file)) return file;
    }
  }
  return undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

const requireHere = createRequire(import.meta.url);

/**
 * The JavaScript file behind an npm package's command, found through its package.json `bin`
 * field, so it can be run as `node <file>`: no shell, no .cmd wrapper on Windows, and the same
 * Node that runs the workbook. The package.json is looked up folder by folder rather than through
 * require.resolve, which a package's `exports` field may refuse.
 */
export function packageBin(packageName: string, command = packageName): string {
  for (const folder of requireHere.resolve.paths(packageName) ?? []) {
    const manifest = path.join(folder, packageName, 'package.json');
    let bin: string | Record<string, string> | undefined;
    try {
      bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> }).bin;
    } catch {
      continue;
    }
    const file = typeof bin === 'string' ? bin : bin?.[command];
    if (file === undefined) throw new Error(`${packageName} has no "${command}" command in its package.json`);
    return path.resolve(path.dirname(manifest), file);
  }
  throw new Error(`${packageName} is not installed; run: pnpm install`);
}
