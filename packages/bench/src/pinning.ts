/**
 * Keeps the server and the load generator off each other's core. On a 2-core machine, a server
 * and a load generator left to the scheduler keep trading places, and the figures wander from
 * run to run. Linux's `taskset -c N` runs a program on core N only; elsewhere, or with fewer than
 * two cores, programs run unpinned and the report says so.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { findOnPath } from './executables.ts';

export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

export interface Command {
  command: string;
  args: string[];
}

let taskset: string | null | undefined;

/** taskset, if it is installed and allowed to use both cores (a container may forbid it). */
function usableTaskset(): string | null {
  if (taskset !== undefined) return taskset;
  const found = availableParallelism() >= 2 ? findOnPath('taskset') : undefined;
  const works = found !== undefined && spawnSync(found, ['-c', String(LOAD_CORE), process.execPath, '--version'], { stdio: 'ignore' }).status === 0;
  taskset = works ? found : null;
  return taskset;
}

export function canPin(): boolean {
  return usableTaskset() !== null;
}

/** `command` run on one core only, when that is possible; otherwise `command` as it is. */
export function onCore(core: number, { command, args }: Command): Command {
  const tool = usableTaskset();
  return tool ? { command: tool, args: ['-c', String(core), command, ...args] } : { command, args };
}

/** How the report describes the placement. */
export function pinningNote(): string {
  return canPin()
    ? `server pinned to core ${SERVER_CORE}, load generator to core ${LOAD_CORE} (taskset)`
    : 'not pinned to cores (needs taskset and 2 cores), so expect more spread between runs';
}
