/**
 * A control group per submission: the kernel's own cap on the memory and the number of tasks of
 * everything a submission's test run starts, which no process inside can lift or escape. The test
 * kit's watch (testkit/src/limits.ts) names a limit when a program goes over it; the cgroup is the
 * hard stop behind it, for a program that allocates faster than the watch looks. Where the CPU
 * controller is there too, a submission gets at most one core's time at any moment, so that one
 * that burns CPU (a fork bomb, a busy loop) does not slow down the submissions graded beside it.
 *
 * Two kinds are used where this process may make them: a cgroup v2 folder whose parent can hand
 * down the memory and pids controllers, or the memory and pids folders of cgroup v1 (usually as
 * root). Where neither can be made, the grader says so and grades with the kit's watch alone.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface CgroupLimits {
  memoryBytes: number;
  tasks: number;
  /** How many cores' time at most, where the CPU controller is there. */
  cpus: number;
}

/** cfs_quota_us / cpu.max for `cpus` cores, over the usual period of 100 ms. */
const period = 100_000;
const quotaOf = (cpus: number) => String(Math.round(cpus * period));

export interface SubmissionCgroup {
  /** Moves a process, and so everything it starts from then on, into the cgroup. */
  enter(pid: number): void;
  /** The file whose `oom_kill N` line counts the processes the kernel killed for memory. */
  oomEvents: string;
  /** The processes in it now. */
  processes(): number[];
  /** Removes it; it must be empty by then. */
  remove(): void;
}

export interface Cgroups {
  /** How the grader says which it uses: "cgroup v2" or "cgroup v1". */
  name: string;
  make(name: string, limits: CgroupLimits): SubmissionCgroup;
}

const mount = '/sys/fs/cgroup';

/** This process's cgroup paths, by controller ('' for cgroup v2), from /proc/self/cgroup. */
function ownPaths(): Map<string, string> {
  const paths = new Map<string, string>();
  for (const line of readFileSync('/proc/self/cgroup', 'utf8').trim().split('\n')) {
    const [, controllers = '', where = ''] = /^\d+:([^:]*):(.*)$/.exec(line) ?? [];
    for (const controller of controllers.split(',')) paths.set(controller, where);
  }
  return paths;
}

function write(file: string, value: string): void {
  writeFileSync(file, value);
}

function pidsIn(dir: string): number[] {
  try {
    return readFileSync(path.join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function removeFolder(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Not empty yet, or gone already: the next grader removes it (see removeAbandonedCgroups).
  }
}

/** cgroup v2: one folder, under a parent this process may write to, with memory and pids handed down. */
function version2(): Cgroups | undefined {
  const own = ownPaths().get('');
  if (own === undefined || !existsSync(path.join(mount, 'cgroup.controllers'))) return undefined;
  const parent = path.join(mount, own);
  try {
    const available = readFileSync(path.join(parent, 'cgroup.controllers'), 'utf8');
    if (!/\bmemory\b/.test(available) || !/\bpids\b/.test(available)) return undefined;
    // Fails while this cgroup holds processes of its own (unless it is the root): then no v2 here.
    write(path.join(parent, 'cgroup.subtree_control'), '+memory +pids');
  } catch {
    return undefined;
  }
  try {
    if (/\bcpu\b/.test(readFileSync(path.join(parent, 'cgroup.controllers'), 'utf8'))) write(path.join(parent, 'cgroup.subtree_control'), '+cpu');
  } catch {
    // The CPU controller cannot be handed down here: memory and pids still are.
  }
  return {
    name: 'cgroup v2',
    make(name, limits) {
      const dir = path.join(parent, name);
      mkdirSync(dir, { recursive: true });
      write(path.join(dir, 'memory.max'), String(limits.memoryBytes));
      if (existsSync(path.join(dir, 'memory.swap.max'))) write(path.join(dir, 'memory.swap.max'), '0');
      write(path.join(dir, 'pids.max'), String(limits.tasks));
      if (existsSync(path.join(dir, 'cpu.max'))) write(path.join(dir, 'cpu.max'), `${quotaOf(limits.cpus)} ${period}`);
      return {
        enter: (pid) => write(path.join(dir, 'cgroup.procs'), String(pid)),
        oomEvents: path.join(dir, 'memory.events'),
        processes: () => pidsIn(dir),
        remove: () => removeFolder(dir),
      };
    },
  };
}

/** A folder for `name` in a cgroup v1 hierarchy, if this process may make one there. */
function hierarchy(controller: string): string | undefined {
  const own = ownPaths().get(controller);
  if (own === undefined) return undefined;
  const parent = path.join(mount, controller, own);
  const probe = path.join(parent, `workbook-probe-${process.pid}`);
  try {
    mkdirSync(probe);
    rmdirSync(probe);
    return parent;
  } catch {
    return undefined;
  }
}

/** cgroup v1: a folder in the memory hierarchy, one in the pids hierarchy, and one in the cpu hierarchy if it is there. */
function version1(): Cgroups | undefined {
  const memoryParent = hierarchy('memory');
  const pidsParent = hierarchy('pids');
  if (!memoryParent || !pidsParent) return undefined;
  const cpuParent = hierarchy('cpu');
  return {
    name: 'cgroup v1',
    make(name, limits) {
      const folders = [memoryParent, pidsParent, ...(cpuParent ? [cpuParent] : [])].map((parent) => path.join(parent, name));
      const [memory = '', pids = '', cpu] = folders;
      folders.forEach((folder) => mkdirSync(folder, { recursive: true }));
      write(path.join(memory, 'memory.limit_in_bytes'), String(limits.memoryBytes));
      // With swap accounting on, swap counts too: a program cannot page its way past the cap.
      const withSwap = path.join(memory, 'memory.memsw.limit_in_bytes');
      if (existsSync(withSwap)) write(withSwap, String(limits.memoryBytes));
      write(path.join(pids, 'pids.max'), String(limits.tasks));
      if (cpu) {
        write(path.join(cpu, 'cpu.cfs_period_us'), String(period));
        write(path.join(cpu, 'cpu.cfs_quota_us'), quotaOf(limits.cpus));
      }
      return {
        enter: (pid) => folders.forEach((folder) => write(path.join(folder, 'cgroup.procs'), String(pid))),
        oomEvents: path.join(memory, 'memory.oom_control'),
        processes: () => [...new Set(folders.flatMap(pidsIn))],
        remove: () => folders.forEach(removeFolder),
      };
    },
  };
}

/** The cgroups this grader can make, or undefined (not Linux, or none may be written here). */
export function findCgroups(): Cgroups | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    return version2() ?? version1();
  } catch {
    return undefined;
  }
}

/** The folders of graders that were killed outright, left empty in the hierarchy. */
export function removeAbandonedCgroups(isAbandoned: (name: string) => boolean): void {
  if (process.platform !== 'linux') return;
  const own = ownPaths();
  const parents = ['', 'memory', 'pids', 'cpu'].flatMap((controller) => {
    const where = own.get(controller);
    return where === undefined ? [] : [path.join(mount, controller, where)];
  });
  for (const parent of parents) {
    let names: string[];
    try {
      names = readdirSync(parent).filter((name) => name.startsWith('workbook-') && isAbandoned(name));
    } catch {
      continue;
    }
    for (const name of names) removeFolder(path.join(parent, name));
  }
}
