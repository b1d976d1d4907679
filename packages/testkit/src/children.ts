/**
 * The one list of the processes this process started: the kit's programs, the bench's servers and
 * load generators, the grader's test runs. Whatever ends this process (the last test, a failure,
 * a runner that bails out), each of them is killed with everything it started, so none outlives
 * it. A command that wants the same on Ctrl+C asks for it with stopOnSignals.
 */
import type { ChildProcess } from 'node:child_process';
import { killTree } from './tree-kill.ts';

/** Each child, with what else to kill along with it (processes it started that left its tree). */
const running = new Map<ChildProcess, (() => void) | undefined>();
const exitTasks = new Set<() => void>();

/** Kills `child`'s tree, and `alsoKill()`, when this process ends; forgotten once the child exits. */
export function track(child: ChildProcess, alsoKill?: () => void): void {
  running.set(child, alsoKill);
  child.once('exit', () => running.delete(child));
}

/** Every tracked child still running, killed now with its tree. */
export function killTracked(): void {
  for (const [child, alsoKill] of running) {
    killTree(child);
    alsoKill?.();
  }
  running.clear();
}

/** Runs `task` (synchronous) when this process ends, unless the returned function is called first. */
export function atExit(task: () => void): () => void {
  exitTasks.add(task);
  return () => exitTasks.delete(task);
}

function cleanUp(): void {
  killTracked();
  for (const task of exitTasks) task();
  exitTasks.clear();
}

process.once('exit', cleanUp);

/**
 * Ctrl+C and SIGTERM clean up first, then end the process: the children the kit starts run in
 * process groups of their own, so the terminal's Ctrl+C does not reach them. `then` replaces the
 * usual ending (exit code 130 or 143, as a shell expects). Returns the function that stops listening.
 */
export function stopOnSignals(then?: (signal: NodeJS.Signals) => void): () => void {
  const onSignal = (signal: NodeJS.Signals) => {
    cleanUp();
    if (then) then(signal);
    else process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
