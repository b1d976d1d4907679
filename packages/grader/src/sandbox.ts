/**
 * The sandbox a submission's tests run in, on Linux, made with bubblewrap (`bwrap`).
 *
 * The whole test run of one submission (vitest, the kit, the student's programs) runs inside it:
 *
 * - its own network namespace, with loopback only: the tests reach the student's server, the
 *   server reaches nothing else, and no two submissions share a port;
 * - its own PID namespace: when the run ends, the kernel ends every process still in it, however
 *   it detached (new session, new group, double fork, cleared environment);
 * - a read-only view of the machine, with the places that are none of its business not there at
 *   all: the other submissions, the results, the solutions, the grader's other copies, the home
 *   folder, /tmp and /run;
 * - its copy of the submission on a file system of its own with a fixed size: the only place it
 *   can write, and no more than --disk.
 *
 * Inside, the test kit starts each of the student's programs in a second, nested sandbox of its
 * own (testkit/src/sandbox.ts) that cannot see the tests' processes or the results folder. The
 * results leave through the one folder bound for them, which only the tests can see.
 *
 * Where bubblewrap cannot run, grading stops before the first student (it fails closed), unless
 * the instructor asks for --no-sandbox.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { root } from '@workbook/course';
import { GraderError } from './grader-error.ts';

/** Finds a command in PATH, as a shell would. */
function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

const installHint =
  'Install bubblewrap: `sudo apt-get install bubblewrap` (Debian, Ubuntu), `sudo dnf install bubblewrap` (Fedora), ' +
  "`sudo pacman -S bubblewrap` (Arch). The instructor's guide shows the CI step that does it.";

const escapeHatch = 'To grade without a sandbox anyway, only for code you trust, add --no-sandbox: the gradebook and every feedback file will say so.';

export interface Hiding {
  /** Folders the run must not see (they become empty). */
  hidden: string[];
  /** Folders it must see, read-only, even where they lie inside a hidden one. */
  shown: string[];
}

/**
 * bubblewrap's mount arguments for a view in which each path is what the most specific rule says:
 * everything read-only, the hidden folders empty, the shown ones back where a hidden one covered
 * them. Rules are applied from the shortest path to the longest, so a deeper rule always wins.
 */
export function viewArgs({ hidden, shown }: Hiding): string[] {
  const depth = (dir: string) => dir.split(path.sep).filter(Boolean).length;
  const inside = (dir: string, parent: string) => dir === parent || dir.startsWith(parent + path.sep);
  const rules = [
    ...hidden.filter((dir) => existsSync(dir)).map((dir) => ({ dir, hide: true })),
    // A shown folder only needs binding again if some hidden folder covers it.
    ...shown.filter((dir) => hidden.some((cover) => inside(dir, cover))).map((dir) => ({ dir, hide: false })),
  ];
  rules.sort((a, b) => depth(a.dir) - depth(b.dir) || Number(b.hide) - Number(a.hide));
  return rules.flatMap(({ dir, hide }) => (hide ? ['--tmpfs', dir] : ['--ro-bind', dir, dir]));
}

export interface RunView {
  /** The submission's copy as the grader prepared it, on disk. */
  copy: string;
  /** Where the run finds that prepared copy, read-only, to fill its own copy from. */
  source: string;
  /** The folder the reporter writes the results into. */
  eventsDir: string;
  /** The size of the copy's own file system. */
  diskBytes: number;
  hiding: Hiding;
}

/** Everything a run of the tests needs to see, and nothing it must not. */
export function runArgs(view: RunView): string[] {
  return [
    '--unshare-user',
    '--unshare-pid',
    '--unshare-net',
    '--unshare-ipc',
    '--unshare-uts',
    '--die-with-parent',
    '--new-session',
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    ...viewArgs(view.hiding),
    // The copy: the prepared files, read-only, and an empty file system of a fixed size where
    // the run copies them before the tests start (vitest.grading.config.ts).
    '--ro-bind',
    view.copy,
    view.source,
    '--size',
    String(view.diskBytes),
    '--tmpfs',
    view.copy,
    '--bind',
    view.eventsDir,
    view.eventsDir,
    '--chdir',
    root,
  ];
}

/**
 * The folders that are none of a run's business, and those it needs although they lie inside them.
 * `extra` (the submissions, the results) is never allowed to cover what the tests run from: an
 * instructor who grades `exercises/` itself, to try a new exercise on its starter, hides nothing
 * a student could not read anyway.
 */
/** `shownToo`: folders outside the workbook the tests must read all the same (the hidden tests). */
export function standardHiding(extra: string[], shownToo: string[] = []): Hiding {
  const home = homedir();
  const real = (dir: string) => (existsSync(dir) ? realpathSync(dir) : dir);
  const needed = ['exercises', 'packages', 'node_modules'].map((dir) => real(path.join(root, dir)));
  // A folder above these is fine: the workbook is shown again over it (see viewArgs).
  const withinNeeded = (dir: string) => needed.some((need) => dir === need || dir.startsWith(need + path.sep));
  return {
    hidden: [
      ...new Set(
        [
          tmpdir(),
          '/tmp',
          '/var/tmp',
          '/run',
          home,
          '/root',
          path.join(root, '.workbook'),
          path.join(root, 'solutions'),
          ...extra.map(real).filter((dir) => !withinNeeded(dir)),
        ].map(real),
      ),
    ],
    // The workbook, and node itself (nvm puts it in the home folder).
    shown: [real(root), real(path.dirname(path.dirname(process.execPath))), ...shownToo.map(real)],
  };
}

export interface SandboxChoice {
  /** bubblewrap's path; undefined when grading with --no-sandbox. */
  bwrap: string | undefined;
  /** One line for the start of the run and for the gradebook. */
  description: string;
}

/**
 * Runs a program in the two nested sandboxes the grader uses, once, to see they can be made here.
 * Returns what went wrong, or undefined.
 */
function probe(bwrap: string): string | undefined {
  mkdirSync(path.join(root, '.workbook'), { recursive: true });
  const scratch = mkdtempSync(path.join(root, '.workbook', 'sandbox-probe-'));
  try {
    const inner = [bwrap, '--die-with-parent', '--unshare-pid', '--cap-drop', 'ALL', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--'];
    const args = [
      ...runArgs({ copy: scratch, source: `${scratch}.source`, eventsDir: scratch, diskBytes: 1024 * 1024, hiding: standardHiding([]) }),
      '--',
      ...inner,
      process.execPath,
      '-e',
      'process.exit(require("node:os").networkInterfaces().lo ? 0 : 3)',
    ];
    const run = spawnSync(bwrap, args, { encoding: 'utf8', timeout: 20_000 });
    if (run.status === 0) return undefined;
    return (run.stderr || run.error?.message || `it exited with ${run.status ?? run.signal}`).trim().split('\n').slice(-3).join(' ');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The sandbox to grade with, checked to work; or a GraderError that says what is missing. */
export function chooseSandbox(noSandbox: boolean): SandboxChoice {
  if (noSandbox) {
    return {
      bwrap: undefined,
      description: "no sandbox (--no-sandbox): only Node's permission model confines the submissions' programs",
    };
  }
  if (process.platform !== 'linux') {
    throw new GraderError(
      `the sandbox every submission is graded in needs Linux (bubblewrap), and this is ${process.platform}.\n` +
        'Grade on Linux, for instance in a CI job (docs/instructors.md shows one). ' +
        escapeHatch,
    );
  }
  const bwrap = onPath('bwrap');
  if (!bwrap) throw new GraderError(`the sandbox every submission is graded in needs bubblewrap (bwrap), and it is not installed.\n${installHint}\n${escapeHatch}`);
  const failure = probe(bwrap);
  if (failure) {
    throw new GraderError(
      `bubblewrap is installed but cannot make a sandbox here: ${failure}\n` +
        'It needs user namespaces. On Ubuntu 23.10 and newer, AppArmor restricts them: install the bwrap profile ' +
        '(`sudo apt-get install apparmor-profiles`) or run `sudo sysctl kernel.apparmor_restrict_unprivileged_userns=0`. ' +
        'In a container, start it with user namespaces allowed.\n' +
        escapeHatch,
    );
  }
  return { bwrap, description: `bubblewrap (${bwrap})` };
}
