/**
 * How the programs under test are confined while a grader runs the tests. `pnpm grade` describes
 * the confinement in WORKBOOK_SANDBOX; without it (a student running their own tests) programs run
 * as they are, with the student's own rights.
 *
 * Two layers, each of which holds without the other:
 *
 * - Node's permission model, on every system: the program may read its copy of the submission and
 *   the installed packages, may write only its copy, and may start child processes or worker
 *   threads only if its exercise allows them (exercise.json's `allow`).
 * - On Linux, bubblewrap around each program: process and IPC namespaces of its own, so it sees
 *   and signals only its own processes; a read-only view of the machine (/tmp too) in which its
 *   copy is the only writable folder; the folders the grader hides (results) not there at all.
 *   It shares the network namespace of the tests, which the grader has cut off from every network
 *   but loopback, so the tests can reach it and it can reach nothing else.
 */
import path from 'node:path';

/** What a program may start besides itself. */
export type Allowance = 'child-processes' | 'workers';

/** Limits for the programs under test; see limits.ts. */
export interface ProgramLimits {
  /** Memory of a program and everything it started, heap and Buffers together. */
  memoryMb: number;
  /** Processes a program may run at once, itself included. */
  processes: number;
  /** CPU time all the programs of the test run may use together, their children's included. */
  cpuSeconds: number;
  /** What all the programs of the test run may write to stdout and stderr together. */
  outputMb: number;
  /** The size of the copy's file system (the grader makes it; named here for the message). */
  diskMb: number;
}

export interface Sandbox {
  /** The submission's copy: the only folder its programs may write to. */
  copy: string;
  /** Its temporary folder, inside the copy: TMPDIR for the programs, and scratch files for the tests. */
  tmp: string;
  /** What the programs may read besides their copy: the installed packages, the kit's builds. */
  readable: string[];
  /** Folders the tests use that the programs must not see: where the results go. */
  hidden: string[];
  /** bubblewrap's path on Linux; absent when the grader runs with --no-sandbox. */
  bwrap?: string;
  /** By exercise folder name (ex10-concurrent-server), what its programs may start. */
  allow: Record<string, Allowance[]>;
  limits: ProgramLimits;
  /** A cgroup file with an `oom_kill N` line, when the grader caps the submission's memory with a cgroup. */
  oomEvents?: string;
  /** Variables to give every program, besides the few every program needs (PATH, PORT...). */
  env: Record<string, string>;
}

export const SANDBOX_VARIABLE = 'WORKBOOK_SANDBOX';

/**
 * A file's path as the student knows it: from their workbook's root. While grading, that root is
 * the submission's copy; otherwise it is where the tests run.
 */
export function shownPath(file: string): string {
  return path.relative(gradingSandbox()?.copy ?? process.cwd(), file);
}

let parsed: { text: string; sandbox: Sandbox } | undefined;

/** The grader's sandbox, or undefined when the tests run on a student's own machine. */
export function gradingSandbox(): Sandbox | undefined {
  const text = process.env[SANDBOX_VARIABLE];
  if (!text) return undefined;
  if (parsed?.text !== text) parsed = { text, sandbox: JSON.parse(text) as Sandbox };
  return parsed.sandbox;
}

/**
 * The environment a confined program gets: not the grader's (which may hold a CI token), only
 * what a program needs to run, its temporary folder, and what the test gives it.
 */
const passedOn = ['PATH', 'Path', 'PATHEXT', 'SystemRoot', 'windir', 'ComSpec', 'LANG', 'LC_ALL', 'TZ'];

export function sandboxEnv(sandbox: Sandbox, own: Record<string, string | undefined>): Record<string, string | undefined> {
  const kept = Object.fromEntries(passedOn.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]]));
  const { tmp } = sandbox;
  return { ...kept, TMPDIR: tmp, TEMP: tmp, TMP: tmp, HOME: tmp, USERPROFILE: tmp, ...sandbox.env, ...own };
}

/** Node 22.13 and newer call it --permission; Node 20 calls it --experimental-permission. */
const permissionFlag = process.allowedNodeEnvironmentFlags.has('--permission') ? '--permission' : '--experimental-permission';

/**
 * Node's permission model, for a program in the folder `programDir` of the copy. `readOnly` are
 * folders of the tests it must read too (the kit's builds of it). A program run through tsx
 * needs both allowances for tsx itself (a loader thread, and esbuild as a child process).
 */
export function permissionArgs(sandbox: Sandbox, programDir: string, readOnly: string[], viaTsx: boolean): string[] {
  const allowed = allowancesOf(sandbox, programDir);
  const processes = allowed.includes('child-processes') || viaTsx;
  const workers = allowed.includes('workers') || viaTsx;
  return [
    permissionFlag,
    ...[sandbox.copy, ...sandbox.readable, ...readOnly].map((dir) => `--allow-fs-read=${dir}`),
    `--allow-fs-write=${sandbox.copy}`,
    ...(processes ? ['--allow-child-process'] : []),
    ...(workers ? ['--allow-worker'] : []),
    // The model's own warnings would end up in every failure message that quotes stderr.
    '--disable-warning=ExperimentalWarning',
    '--disable-warning=SecurityWarning',
  ];
}

/** What the exercise of the program in `programDir` lets it start. */
export function allowancesOf(sandbox: Sandbox, programDir: string): Allowance[] {
  return sandbox.allow[path.basename(programDir)] ?? [];
}

/** bubblewrap's arguments, up to the `--` after which the node command comes. */
export function bwrapArgs(sandbox: Sandbox, cwd: string): string[] {
  return [
    '--die-with-parent',
    // A session of its own: no terminal to push keystrokes into, no signals to the tests' group.
    '--new-session',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    // As root, bubblewrap would keep every capability; no program under test needs one.
    '--cap-drop',
    'ALL',
    // Everything read-only, /tmp included: TMPDIR is the copy's own temporary folder.
    '--ro-bind',
    '/',
    '/',
    // A /dev of its own, read-only but for a small /dev/shm: no file system left to fill.
    '--dev',
    '/dev',
    '--size',
    String(1024 * 1024),
    '--tmpfs',
    '/dev/shm',
    '--remount-ro',
    '/dev',
    '--proc',
    '/proc',
    '--bind',
    sandbox.copy,
    sandbox.copy,
    ...sandbox.hidden.flatMap((dir) => ['--tmpfs', dir]),
    '--chdir',
    cwd,
    '--',
  ];
}
