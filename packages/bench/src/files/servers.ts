/**
 * The file servers the files benchmark compares, and how to start each one on a given port,
 * serving a given folder, on 127.0.0.1 only. A server that is not installed here says why, and
 * the benchmark goes on without it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findOnPath, packageBin } from '../executables.ts';
import type { ServerLaunch } from '../server-process.ts';
import { root } from '@workbook/course';

export interface FileServer {
  /** The name in the table. */
  name: string;
  /** What it is, for the notes under the table. */
  about: string;
  /** How to start it, or, as a string, why it cannot be started on this machine. */
  launch(dir: string, port: number): ServerLaunch | string;
}

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A TypeScript server of this workbook, run the way its package's `start` script runs it. */
function typescriptServer(file: string, dir: string, port: number): ServerLaunch {
  return {
    command: process.execPath,
    args: ['--import', tsx, file],
    cwd: path.dirname(path.dirname(file)),
    env: { PORT: String(port), SITE_DIR: dir },
  };
}

export const LESSON_PACKAGE = 'lesson-04-file-server';

export function lessonServer(packageDir = path.join(root, 'packages', LESSON_PACKAGE)): FileServer {
  const main = path.join(packageDir, 'src', 'main.ts');
  return {
    name: 'lesson 4',
    about: `the lesson's file server (${path.relative(root, main)})`,
    launch: (dir, port) => (existsSync(main) ? typescriptServer(main, dir, port) : `lesson server not found: there is no ${path.relative(root, main)} yet`),
  };
}

export const minimalServer: FileServer = {
  name: 'node:http minimal',
  about: 'node:http and fs.createReadStream in 20 lines (packages/bench/src/servers/minimal-file-server.ts): the practical limit',
  launch: (dir, port) => typescriptServer(fileURLToPath(new URL('../servers/minimal-file-server.ts', import.meta.url)), dir, port),
};

export const pythonServer: FileServer = {
  name: 'python http.server',
  about: "`python3 -m http.server`, the server of the course's source material (it logs every request to stderr)",
  launch: (dir, port) => {
    const python = pythonExecutable();
    if (!python) return 'python3 is not installed';
    return { command: python, args: ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', dir] };
  },
};

/**
 * The real Python program, asked of Python itself: `python3` on the PATH is often a launcher
 * script (pyenv, asdf) that would otherwise be the process whose memory is measured.
 */
function pythonExecutable(): string | undefined {
  for (const name of ['python3', 'python']) {
    const found = findOnPath(name);
    if (!found) continue;
    const asked = spawnSync(found, ['-c', 'import sys; print(sys.version_info[0], sys.executable)'], { encoding: 'utf8', timeout: 10_000 });
    const [major, executable] = (asked.stdout ?? '').trim().split(/ (.*)/s);
    if (asked.status === 0 && major === '3' && executable) return executable;
  }
  return undefined;
}

/** An npm package's command, run with this Node: `node <its bin file> ...args`. */
function npmServer(
  packageName: string,
  args: (dir: string, port: number) => string[],
  env: Record<string, string> | ((port: number) => Record<string, string>) = {},
  command = packageName,
) {
  return (dir: string, port: number): ServerLaunch | string => {
    try {
      return { command: process.execPath, args: [packageBin(packageName, command), ...args(dir, port)], env: typeof env === 'function' ? env(port) : env };
    } catch (error) {
      return (error as Error).message;
    }
  };
}

export const httpServerPackage: FileServer = {
  name: 'http-server',
  about: 'the npm package http-server, silent (-s), caching headers off (-c-1)',
  launch: npmServer('http-server', (dir, port) => [dir, '-p', String(port), '-a', '127.0.0.1', '-s', '-c-1']),
};

export const servePackage: FileServer = {
  name: 'serve',
  about: 'the npm package serve, request logging off (-L)',
  // NO_UPDATE_CHECK: serve would otherwise ask the npm registry for a newer version at start-up.
  launch: npmServer('serve', (dir, port) => ['-l', `tcp://127.0.0.1:${port}`, '-L', '-n', '--no-port-switching', dir], { NO_UPDATE_CHECK: '1' }),
};

export const sirvPackage: FileServer = {
  name: 'sirv',
  about: 'the npm package sirv-cli in production mode (no --dev: it reads the folder once at start-up), logging off (--quiet)',
  // sirv takes HOST and PORT from the environment over its flags, so both say the same.
  launch: npmServer(
    'sirv-cli',
    (dir, port) => [dir, '--port', String(port), '--host', '127.0.0.1', '--quiet'],
    (port) => ({ HOST: '127.0.0.1', PORT: String(port) }),
    'sirv',
  ),
};

/** Every server, in the order of the table: the lesson's first, as the one the others are compared with. */
export function fileServers(lessonDir?: string): FileServer[] {
  return [lessonServer(lessonDir), pythonServer, httpServerPackage, servePackage, sirvPackage, minimalServer];
}
