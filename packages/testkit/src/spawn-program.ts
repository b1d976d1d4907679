/**
 * Starts the process of a program under test: its node command line (launch.ts), the spawn
 * options that let killTree reach everything it starts, and, while a grader runs the tests, the
 * sandbox and the limits (sandbox.ts, limits.ts). startProgram (a server) and runProgram (a
 * program that exits) both start their programs here.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { constants } from 'node:os';
import path from 'node:path';
import { buildsFolder } from './compile.ts';
import { launch } from './launch.ts';
import { heapExhausted, limitError, LimitWatch, oomKills, outputCounter, type LimitError } from './limits.ts';
import { allowancesOf, bwrapArgs, gradingSandbox, permissionArgs, sandboxEnv } from './sandbox.ts';
import { StartError } from './start-error.ts';
import { killTree, treeSpawnOptions } from './tree-kill.ts';

export interface SpawnRequest {
  file: string;
  /** The program's own arguments: process.argv[2] onwards. */
  args?: string[];
  cwd: string;
  /** The variables this program needs (PORT, and what the test gives it); the rest come from here. */
  env: Record<string, string | undefined>;
  /** Options for node itself, before the program's file. */
  nodeArgs?: string[];
  /** Load the kit's preload, which reports when and where a server listens. */
  preload: boolean;
  stdio: StdioOptions;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Spawned {
  child: ChildProcess;
  /** Removes what was built for this run; call it once the program has ended. */
  cleanUp(): void;
  /** How the program itself ended, from how its process did (see below). */
  exitOf(code: number | null, signal: NodeJS.Signals | null): Exit;
  /** Once it has ended: the grading limit it went over, if that is why it ended. */
  overLimit(stderr: string): LimitError | undefined;
  /** While it runs: looks at the grading limits now; the one it went over, if any (it is stopped then). */
  checkLimits(): LimitError | undefined;
}

const signalNames = new Map(Object.entries(constants.signals).map(([name, number]) => [number, name as NodeJS.Signals]));

export async function spawnProgram(request: SpawnRequest): Promise<Spawned> {
  const sandbox = gradingSandbox();
  const { args, env, cleanUp, viaTsx } = await launch(request.file, { preload: request.preload });
  const programDir = path.dirname(request.file);
  if (sandbox && viaTsx && allowancesOf(sandbox, programDir).length === 0) {
    cleanUp();
    throw new StartError(
      'ERR_NOT_ALLOWED',
      `Your program imports node:child_process, node:cluster or node:worker_threads, but while it is graded a program of ${path.basename(programDir)} ` +
        'may not start other programs or threads, so it was not started.\nHint: this exercise needs none; serve every client from the one process.',
      [],
    );
  }
  const node = [
    process.execPath,
    ...(sandbox ? [`--max-old-space-size=${sandbox.limits.memoryMb}`, ...permissionArgs(sandbox, programDir, [buildsFolder()], viaTsx)] : []),
    ...(request.nodeArgs ?? []),
    ...args,
    ...(request.args ?? []),
  ];
  // bubblewrap starts two processes of its own around the program: its monitor and the sandbox's first process.
  const wrapper = sandbox?.bwrap ? [sandbox.bwrap, ...bwrapArgs(sandbox, request.cwd)] : [];
  const [command = process.execPath, ...commandArgs] = [...wrapper, ...node];
  const child = spawn(command, commandArgs, {
    cwd: request.cwd,
    env: sandbox ? sandboxEnv(sandbox, { ...request.env, ...env }) : { ...process.env, ...request.env, ...env },
    stdio: request.stdio,
    ...treeSpawnOptions,
  });

  let stoppedFor: LimitError | undefined;
  const stop = (error: LimitError) => {
    stoppedFor ??= error;
    killTree(child);
  };
  const oomBefore = oomKills(sandbox?.oomEvents);
  const watch = sandbox && child.pid !== undefined ? new LimitWatch(child.pid, sandbox, wrapper.length ? 2 : 0, stop) : undefined;
  if (sandbox && watch) {
    child.once('exit', () => watch.end());
    const count = outputCounter(sandbox, stop);
    child.stdout?.on('data', count);
    child.stderr?.on('data', count);
  }

  return {
    child,
    cleanUp,
    // bubblewrap ends with 128 + the signal's number when a signal ended the program.
    exitOf: (code, signal) =>
      wrapper.length && code !== null && code > 128 && signalNames.has(code - 128) ? { code: null, signal: signalNames.get(code - 128) ?? null } : { code, signal },
    checkLimits: () => watch?.check(),
    overLimit: (stderr) => {
      if (stoppedFor || !sandbox) return stoppedFor;
      // The heap reached --max-old-space-size, or the kernel killed a process of the submission for memory.
      if (heapExhausted.test(stderr) || oomKills(sandbox.oomEvents) > oomBefore) return limitError('memory', sandbox.limits);
      return undefined;
    },
  };
}
