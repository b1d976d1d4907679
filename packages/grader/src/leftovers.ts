/**
 * Finds and kills what a grading run left behind.
 *
 * In a sandbox (sandbox.ts) nothing should be left: the run has a PID namespace of its own, and
 * when it ends the kernel ends every process in it. What is counted here is what would still have
 * been found: processes in that namespace, in the run's cgroup, or carrying its tag.
 *
 * Without a sandbox, killing the run's process group reaches every process that stayed in it, but
 * a student's program can start one that leaves it (`detached: true` puts a child in a group of
 * its own). Every process of a run inherits a tag in its environment (WORKBOOK_GRADING_TAG) and
 * works inside the run's copy, so on Linux /proc shows each of them, whatever group it moved to,
 * unless it also cleared its environment and left the copy. Elsewhere the process-group kill is
 * all there is.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

export const tagVariable = 'WORKBOOK_GRADING_TAG';

/** A process's state letter and process group, from /proc/<pid>/stat ("pid (name) S ppid pgrp ..."). */
function stateAndGroup(pid: string): { state: string; pgid: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The name may hold spaces and parentheses; the fields after its closing one do not.
    const [state = '', , pgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state, pgid: Number(pgid) };
  } catch {
    return undefined;
  }
}

/**
 * True once no live process is left in the process group `pgid`. A zombie does not count: it has
 * ended and only waits to be reaped, which in a container may take a while.
 */
export function groupIsEmpty(pgid: number): boolean {
  if (process.platform === 'win32') return true;
  if (process.platform === 'linux') {
    return !readdirSync('/proc').some((pid) => {
      if (!/^\d+$/.test(pid)) return false;
      const found = stateAndGroup(pid);
      return found !== undefined && found.pgid === pgid && found.state !== 'Z';
    });
  }
  try {
    process.kill(-pgid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function carriesTag(pid: string, isMarker: (entry: string) => boolean, folder: string): boolean {
  try {
    if (readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').some(isMarker)) return true;
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    return cwd === folder || cwd.startsWith(folder + path.sep);
  } catch {
    // Gone already, or not ours to look at.
    return false;
  }
}

function findMarked(isMarker: (entry: string) => boolean, folder: string): number[] {
  if (process.platform !== 'linux') return [];
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid && carriesTag(name, isMarker, folder))
    .map(Number);
}

/** The processes still running with this tag, or inside this folder (Linux only; elsewhere none). */
export function findTagged(tag: string, folder: string): number[] {
  const marker = `${tagVariable}=${tag}`;
  return findMarked((entry) => entry === marker, folder);
}

const pause = (ms: number) => new Promise((wake) => setTimeout(wake, ms));

function kill(pid: number): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // Not a group leader, or already gone.
    }
  }
}

/** Kills the tagged processes of a run at once, in one look: for a grader that must stop now. */
export function killTaggedNow(tag: string, folder: string): void {
  findTagged(tag, folder).forEach(kill);
}

/** Kills, look after look, whatever `find` finds, until a look finds nothing; resolves with how many. */
async function killAll(find: () => number[]): Promise<number> {
  const killed = new Set<number>();
  // A process can start another while being found; look again until a look finds nothing.
  for (let round = 0; round < 10; round++) {
    const found = find();
    if (found.length === 0) break;
    found.forEach((pid) => {
      killed.add(pid);
      kill(pid);
    });
    await pause(50);
  }
  return killed.size;
}

/**
 * Kills what is left of a run: its process group, then every tagged process, until none is left.
 * Resolves with how many tagged processes had to be killed (the group's own are not counted).
 */
export async function killLeftovers(pgid: number | undefined, tag: string, folder: string): Promise<number> {
  if (pgid !== undefined) {
    kill(pgid);
    for (let tries = 0; tries < 40 && !groupIsEmpty(pgid); tries++) await pause(25);
  }
  return killAll(() => findTagged(tag, folder));
}

/**
 * After the whole class: kills every process of the grading run `runId` still running, whichever
 * submission it came from (every tag of the run starts with `<runId>/`), or working in the run's
 * folder. Resolves with how many there were: none, unless something escaped every other check.
 */
export async function killRunLeftovers(runId: string, folder: string): Promise<number> {
  const prefix = `${tagVariable}=${runId}/`;
  return killAll(() => findMarked((entry) => entry.startsWith(prefix), folder));
}

/** The processes in the PID namespace `namespace` (its inode number, as bubblewrap reports it). */
export function inNamespace(namespace: string): number[] {
  if (process.platform !== 'linux') return [];
  const link = `pid:[${namespace}]`;
  return readdirSync('/proc')
    .filter((name) => {
      if (!/^\d+$/.test(name)) return false;
      try {
        return readlinkSync(`/proc/${name}/ns/pid`) === link;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** A process that has not ended (a zombie has, and only waits to be reaped). */
function isLive(pid: number): boolean {
  const found = stateAndGroup(String(pid));
  return found !== undefined && found.state !== 'Z';
}

/**
 * After a sandboxed run: the kernel ends every process of the run's PID namespace once its
 * first process has ended, which takes a moment. Whatever `find` still finds after that moment
 * escaped the sandbox somehow: it is killed, and counted.
 */
export async function killSurvivors(find: () => number[]): Promise<number> {
  const live = () => find().filter((pid) => pid !== process.pid && isLive(pid));
  for (let waited = 0; waited < 2000 && live().length > 0; waited += 25) await pause(25);
  return killAll(live);
}
