/**
 * The limits a grader puts on the programs under test, and the watch that enforces them.
 *
 * Memory and processes are limits for a program and every process it starts, at any moment; CPU
 * time and output are budgets for all of a submission's programs together (the grader runs a
 * submission's tests in one test process, so this module counts them all). They are read from
 * /proc for the program's whole tree of processes, ten times a second (Linux; elsewhere only the
 * heap cap of --max-old-space-size and the output budget hold). A grader that also caps the
 * submission with a cgroup has the kernel's hard stop behind this watch; the watch is what names
 * the limit, so that a program holding gigabytes of Buffers is told "used too much memory", not
 * "crashed" or "stuck in a loop".
 */
import { readdirSync, readFileSync, statfsSync } from 'node:fs';
import type { ProgramLimits, Sandbox } from './sandbox.ts';

export type LimitKind = 'memory' | 'processes' | 'cpu' | 'output' | 'disk';

/** The program was stopped because it went over one of the grader's limits. */
export class LimitError extends Error {
  readonly code = 'ERR_OVER_LIMIT';
  readonly limit: LimitKind;

  constructor(limit: LimitKind, message: string) {
    super(message);
    this.name = 'LimitError';
    this.limit = limit;
  }
}

const MB = 1024 * 1024;

/** What each limit says when it is hit, in the words the student reads. */
export function limitError(kind: LimitKind, limits: ProgramLimits): LimitError {
  const messages: Record<LimitKind, string> = {
    memory:
      `Your program used too much memory: more than ${limits.memoryMb} MB (its heap and its Buffers together, with every process it started), ` +
      'the limit while grading, so it was stopped.\nHint: keep only what you need, and stream big files instead of reading them whole.',
    processes:
      `Your program started too many processes: more than ${limits.processes} at once, the limit while grading, so it was stopped.\n` +
      'Hint: start a fixed number of workers, not one per request, and let each one end.',
    cpu:
      `Your programs used too much CPU time: more than ${limits.cpuSeconds} s for all the tests of your submission together, the limit while grading, so this one was stopped.\n` +
      'Hint: look for a loop that keeps running between requests.',
    output:
      `Your programs printed too much: more than ${limits.outputMb} MB to stdout and stderr for all the tests of your submission together, the limit while grading, so this one was stopped.\n` +
      'Hint: print a line per request at most, not the bodies.',
    disk:
      `Your program filled its folder: it wrote more than ${limits.diskMb} MB, the disk space a submission gets while grading, so it was stopped.\n` +
      'Hint: write only the files the exercise asks for, and overwrite them instead of adding new ones.',
  };
  return new LimitError(kind, messages[kind]);
}

/** Lines that node prints when a heap reaches --max-old-space-size. */
export const heapExhausted = /JavaScript heap out of memory|Reached heap limit/;

interface ProcessStat {
  pid: number;
  ppid: number;
  /**
   * Resident memory of its own, in pages: the heap, Buffers, stacks. The pages of node itself
   * and of the files it maps are shared between processes, and would count once per process.
   */
  rss: number;
  /** CPU time, own plus that of its children that have ended, in clock ticks. */
  ticks: number;
}

function readStat(pid: string): ProcessStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The name may hold spaces and parentheses; the fields after its closing one do not.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const field = (index: number) => Number(fields[index]);
    // statm: size resident shared ...; resident less shared is what the process holds alone.
    const [, resident = 0, shared = 0] = readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ').map(Number);
    // state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime
    return { pid: Number(pid), ppid: field(1), rss: resident - shared, ticks: field(11) + field(12) + field(13) + field(14) };
  } catch {
    return undefined;
  }
}

/** The size of a memory page, found once by comparing two views of this process's own memory. */
const pageSize = (() => {
  if (process.platform !== 'linux') return 4096;
  try {
    const pages = Number(readFileSync('/proc/self/statm', 'latin1').split(' ')[1]);
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'latin1'))?.[1]);
    const size = (kb * 1024) / pages;
    return [4096, 16_384, 65_536].find((candidate) => Math.abs(candidate - size) / candidate < 0.2) ?? 4096;
  } catch {
    return 4096;
  }
})();

/** The processes that `pid` started and that are still its children (each thread keeps its own list). */
function childrenOf(pid: number): number[] {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return threads.flatMap((thread) => {
    try {
      return readFileSync(`/proc/${pid}/task/${thread}/children`, 'latin1').split(' ').filter(Boolean).map(Number);
    } catch {
      return [];
    }
  });
}

/**
 * The process `root` and all its descendants, as /proc shows them now: walked down from the
 * root, so a look costs a few reads per process of the tree, however many others run.
 */
export function processTree(root: number): ProcessStat[] {
  const tree: ProcessStat[] = [];
  const stack = [root];
  while (stack.length) {
    const pid = stack.pop() as number;
    const stat = readStat(String(pid));
    if (!stat) continue;
    tree.push(stat);
    stack.push(...childrenOf(pid));
  }
  return tree;
}

/** The number after `oom_kill` in a cgroup's memory events: how many processes the kernel killed for memory. */
export function oomKills(file: string | undefined): number {
  if (!file) return 0;
  try {
    return Number(/^oom_kill (\d+)$/m.exec(readFileSync(file, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** True when the copy's file system has no room left (the grader gives it a fixed size). */
export function diskIsFull(sandbox: Sandbox): boolean {
  if (!sandbox.bwrap) return false;
  try {
    const { bavail, bsize } = statfsSync(sandbox.copy);
    return bavail * bsize < 64 * 1024;
  } catch {
    return false;
  }
}

const ticksPerSecond = 100;

/** What the programs that have ended used of the submission's budgets. */
const spent = { ticks: 0, outputBytes: 0 };

/**
 * Watches the process `pid` and what it starts against the limits, every 100 ms, and calls
 * `stop` with the first limit it goes over. `own` is how many processes of the tree are not the
 * program's (bubblewrap's two). `check()` looks once, now: the kit does before it calls a program
 * ready and before each request, so that a program which went over a limit in the 100 ms since
 * the last look is never graded as if it had not.
 */
export class LimitWatch {
  readonly #pid: number;
  readonly #sandbox: Sandbox;
  readonly #own: number;
  readonly #stop: (error: LimitError) => void;
  readonly #timer: NodeJS.Timeout | undefined;
  #hit: LimitError | undefined;
  /** The program's CPU time at the last look, in clock ticks. */
  #ticks = 0;
  #ended = false;

  constructor(pid: number, sandbox: Sandbox, own: number, stop: (error: LimitError) => void) {
    this.#pid = pid;
    this.#sandbox = sandbox;
    this.#own = own;
    this.#stop = stop;
    if (process.platform !== 'linux') return;
    this.#timer = setInterval(() => this.check(), 100);
    this.#timer.unref();
  }

  /** The limit the program has gone over, if it has; it is stopped then. */
  check(): LimitError | undefined {
    if (this.#hit || process.platform !== 'linux') return this.#hit;
    const tree = processTree(this.#pid);
    if (tree.length === 0) return undefined;
    const { limits } = this.#sandbox;
    const memory = tree.reduce((sum, stat) => sum + stat.rss, 0) * pageSize;
    this.#ticks = tree.reduce((sum, stat) => sum + stat.ticks, 0);
    if (memory > limits.memoryMb * MB) this.#hit = limitError('memory', limits);
    else if (tree.length - this.#own > limits.processes) this.#hit = limitError('processes', limits);
    else if ((spent.ticks + this.#ticks) / ticksPerSecond > limits.cpuSeconds) this.#hit = limitError('cpu', limits);
    else if (diskIsFull(this.#sandbox)) this.#hit = limitError('disk', limits);
    if (this.#hit) {
      this.end();
      this.#stop(this.#hit);
    }
    return this.#hit;
  }

  /** The program has ended: what it used counts towards the submission's budget. */
  end(): void {
    clearInterval(this.#timer);
    if (!this.#ended) spent.ticks += this.#ticks;
    this.#ended = true;
  }
}

/** Counts what a program prints; calls `stop` once the submission's programs printed more than the budget. */
export function outputCounter(sandbox: Sandbox | undefined, stop: (error: LimitError) => void): (chunk: Buffer) => void {
  if (!sandbox) return () => {};
  let stopped = false;
  return (chunk) => {
    spent.outputBytes += chunk.length;
    if (!stopped && spent.outputBytes > sandbox.limits.outputMb * MB) {
      stopped = true;
      stop(limitError('output', sandbox.limits));
    }
  };
}
