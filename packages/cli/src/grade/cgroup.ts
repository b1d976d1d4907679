/**
 * A control group per submission: the kernel's own cap on the memory and the number of tasks of
 * everything a submission's test run starts, which no process inside can lift or escape. The test
 * kit's watch (testkit/src/limits.ts) names a limit when a program goes over it; the cgroup is the
 * hard stop behind it, for a program that allocates faster than the watch looks.
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
}

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
  return {
    name: 'cgroup v2',
    make(name, limits) {
      const dir = path.join(parent, name);
      mkdirSync(dir, { recursive: true });
      write(path.join(dir, 'memory.max'), String(limits.memoryBytes));
      if (existsSync(path.join(dir, 'memory.swap.max'))) write(path.join(dir, 'memory.swap.max'), '0');
      write(path.join(dir, 'pids.max'), String(limits.tasks));
      return {
        enter: (pid) => write(path.join(dir, 'cgroup.procs'), String(pid)),
        oomEvents: path.join(dir, 'memory.events'),
        processes: () => pidsIn(dir),
        remove: () => removeFolder(dir),
      };
    },
  };
}

/** cgroup v1: a folder in the memory hierarchy and one in the pids hierarchy. */
function version1(): Cgroups | undefined {
  const own = ownPaths();
  const memoryOwn = own.get('memory');
  const pidsOwn = own.get('pids');
  if (memoryOwn === undefined || pidsOwn === undefined) return undefined;
  const memoryParent = path.join(mount, 'memory', memoryOwn);
  const pidsParent = path.join(mount, 'pids', pidsOwn);
  const probe = `workbook-probe-${process.pid}`;
  try {
    for (const parent of [memoryParent, pidsParent]) {
      mkdirSync(path.join(parent, probe));
      rmdirSync(path.join(parent, probe));
    }
  } catch {
    return undefined;
  }
  return {
    name: 'cgroup v1',
    make(name, limits) {
      const memory = path.join(memoryParent, name);
      const pids = path.join(pidsParent, name);
      mkdirSync(memory, { recursive: true });
      mkdirSync(pids, { recursive: true });
      write(path.join(memory, 'memory.limit_in_bytes'), String(limits.memoryBytes));
      // With swap accounting on, swap counts too: a program cannot page its way past the cap.
      const withSwap = path.join(memory, 'memory.memsw.limit_in_bytes');
      if (existsSync(withSwap)) write(withSwap, String(limits.memoryBytes));
      write(path.join(pids, 'pids.max'), String(limits.tasks));
      return {
        enter: (pid) => {
          write(path.join(memory, 'cgroup.procs'), String(pid));
          write(path.join(pids, 'cgroup.procs'), String(pid));
        },
        oomEvents: path.join(memory, 'memory.oom_control'),
        processes: () => [...new Set([...pidsIn(memory), ...pidsIn(pids)])],
        remove: () => {
          removeFolder(memory);
          removeFolder(pids);
        },
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
  const parents = [own.get(''), own.get('memory'), own.get('pids')].flatMap((where, index) =>
    where === undefined ? [] : [path.join(mount, ['', 'memory', 'pids'][index] ?? '', where)],
  );
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
