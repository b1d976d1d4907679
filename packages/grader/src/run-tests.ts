/**
 * Runs the official tests on one submission's copy: one vitest process for the submission, its
 * exercises one after the other, with a time limit per exercise; in a sandbox (sandbox.ts) and a
 * cgroup (cgroup.ts) of its own where the machine has them.
 *
 * The tests are the official files themselves, read-only to everything the run starts; the kit
 * finds the student's programs in the copy (WORKBOOK_EXERCISES) and runs each one in its own
 * nested sandbox, under the limits (WORKBOOK_SANDBOX).
 *
 * An exercise that runs past its limit is stopped by killing the whole run; the results its tests
 * reached are kept (the reporter wrote each one as it finished), and a new vitest goes on with the
 * exercises that had not started yet. After every vitest, whatever it left running is found and
 * killed (see leftovers.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { killTree, oomKills, SANDBOX_VARIABLE, track, treeSpawnOptions, type Sandbox } from '@workbook/testkit';
import { root, testFiles, type Exercise } from '@workbook/course';
import type { Cgroups, SubmissionCgroup } from './cgroup.ts';
import { eventsVariable, readEvents, type GradingEvent, type ReportedError } from './events.ts';
import { copyVariable, sourceVariable } from './fill-copy.ts';
import type { IsolatedCopy } from './isolated-copy.ts';
import { hiddenTestFiles, hiddenTestsVariable, isHiddenFile } from './hidden-tests.ts';
import { findTagged, inNamespace, killLeftovers, killSurvivors, killTaggedNow, tagVariable } from './leftovers.ts';
import { runArgs, standardHiding } from './sandbox.ts';
import { gradingConfig, vitestBin, vitestEnv } from './vitest-process.ts';

const reporterFile = fileURLToPath(new URL('./reporter.ts', import.meta.url));

export interface Limits {
  /** Per test: vitest's --testTimeout. */
  testTimeoutMs: number;
  /** Per exercise (per test file, for the rare exercise with several): all its tests, its server's start-up included. */
  exerciseTimeoutMs: number;
  /** Memory of a student's program with everything it started, heap and Buffers together, in MB. */
  memoryMb: number;
  /** Processes a student's program may run at once. */
  processes: number;
  /** CPU time of a submission's programs together, their children's included. */
  cpuSeconds: number;
  /** What a submission's programs may write: the size of its copy's file system, in MB. */
  diskMb: number;
  /** What a submission's programs may print to stdout and stderr together, in MB. */
  outputMb: number;
}

export type TestEvent = Extract<GradingEvent, { event: 'test' }>;

export interface ExerciseRun {
  tests: TestEvent[];
  /** Errors outside any test: a test file that failed to load, a hook that threw. */
  fileErrors: ReportedError[];
  /** finished: all its tests ran; timed-out: stopped at its limit; runner-failed: vitest stopped on its own. */
  ending: 'finished' | 'timed-out' | 'runner-failed';
}

export interface TestsRun {
  exercises: Map<string, ExerciseRun>;
  /** Processes still running after the tests had ended by themselves, which had to be killed. */
  leftBehind: number;
  /** The end of vitest's own output and how it exited, for when vitest itself failed. */
  runnerOutput: string;
  /** Set when a first vitest ended before any test began and ran again: how that one ended. */
  retriedAfter?: string;
}

export interface RunSettings {
  /** Marks every process of this run (see leftovers.ts). */
  tag: string;
  /** WORKBOOK_SEED: the same random paths for a student in every run. */
  seed: number;
  limits: Limits;
  /** A folder outside the copy for the reporter's event files. */
  eventsDir: string;
  /** bubblewrap's path; undefined with --no-sandbox. */
  bwrap: string | undefined;
  cgroups: Cgroups | undefined;
  /** Folders the run must not see besides the standard ones: the submissions, the results. */
  hidden: string[];
  /** The instructor's hidden tests, run after the public ones; the programs must not see them. */
  hiddenTests: string | undefined;
  /** Every exercise's allowances, by folder name (exercise.json's `allow`). */
  allow: Sandbox['allow'];
}

const keptOutput = 16_384;
const startUpLimitMs = 60_000;
const MB = 1024 * 1024;
/** The tests themselves (vitest, its workers, esbuild) need room of their own besides the student's programs. */
const testsOwnMemoryMb = 1024;
const testsOwnTasks = 256;
/** A node process runs about a dozen threads, and a cgroup counts threads. */
const tasksPerProcess = 16;

function slugOf(file: string): string {
  return path.basename(path.dirname(file));
}

interface Round {
  events: GradingEvent[];
  /** The test file that was running when the time limit stopped vitest ('' if none was). */
  stoppedIn: string | undefined;
  leftovers: number;
  output: string;
  /** How vitest ended, in words: `exit code 1`, `signal SIGKILL`. */
  ending: string;
  /** Processes of the round the kernel stopped for memory (cgroup only). */
  oomKills: number;
}

/** What the kit needs to confine every program the tests start (testkit/src/sandbox.ts). */
function programSandbox(copy: IsolatedCopy, settings: RunSettings, cgroup: SubmissionCgroup | undefined): Sandbox {
  const { limits } = settings;
  return {
    copy: copy.dir,
    tmp: copy.tmp,
    // Real paths: Node's permission model compares paths as they are, and node_modules may be a link.
    readable: [path.join(root, 'node_modules'), path.join(root, 'packages', 'testkit')].map((dir) => realpathSync(dir)),
    hidden: [settings.eventsDir, ...(settings.hiddenTests ? [settings.hiddenTests] : [])],
    ...(settings.bwrap && { bwrap: settings.bwrap }),
    allow: settings.allow,
    limits: { memoryMb: limits.memoryMb, processes: limits.processes, cpuSeconds: limits.cpuSeconds, outputMb: limits.outputMb, diskMb: limits.diskMb },
    ...(cgroup && { oomEvents: cgroup.oomEvents }),
    env: { [tagVariable]: settings.tag },
  };
}

/**
 * bubblewrap reports the sandbox's first process and waits; it goes on once that process, and
 * bubblewrap itself, are in the cgroup, so that everything they start is in it from the start.
 * Resolves with the sandbox's PID namespace, to find whatever is left in it afterwards.
 */
async function enterCgroup(child: ChildProcess, cgroup: SubmissionCgroup): Promise<string | undefined> {
  const status = child.stdio[3] as Readable | null;
  const go = child.stdio[4] as Writable | null;
  if (!status || !go) return undefined;
  // bubblewrap writes its exit status here at the end too, and may find the pipe closed by then.
  status.on('error', () => {});
  go.on('error', () => {});
  let text = '';
  for await (const chunk of status) {
    text += String(chunk);
    const started = /"child-pid": (\d+)/.exec(text);
    if (!started) continue;
    const namespace = /"pid-namespace": (\d+)/.exec(text)?.[1];
    if (child.pid !== undefined) cgroup.enter(child.pid);
    cgroup.enter(Number(started[1]));
    go.end('go');
    status.destroy();
    return namespace;
  }
  return undefined;
}

async function runRound(copy: IsolatedCopy, exercises: Exercise[], round: number, settings: RunSettings): Promise<Round> {
  const eventsFile = path.join(settings.eventsDir, `round-${round}.jsonl`);
  const { limits, bwrap } = settings;
  const cgroup = bwrap
    ? settings.cgroups?.make(`workbook-${settings.tag.replaceAll('/', '-')}-${round}`, {
        memoryBytes: (limits.memoryMb + limits.diskMb + testsOwnMemoryMb) * MB,
        tasks: limits.processes * tasksPerProcess + testsOwnTasks,
        cpus: 1,
      })
    : undefined;
  const vitest = [
    vitestBin,
    'run',
    // vite's usual way of loading a config writes a file into node_modules, which is read-only here.
    '--configLoader',
    'runner',
    '--config',
    gradingConfig,
    '--root',
    root,
    '--reporter',
    reporterFile,
    `--testTimeout=${limits.testTimeoutMs}`,
    // One exercise at a time: the time limit then belongs to the exercise that is running.
    '--no-file-parallelism',
    '--pool=threads',
    '--isolate=false',
    ...exercises.flatMap((exercise) => [`exercises/${exercise.slug}/`, ...hiddenTestFiles(settings.hiddenTests, exercise)]),
  ];
  const source = `${copy.dir}.source`;
  const env = vitestEnv({
    [tagVariable]: settings.tag,
    [eventsVariable]: eventsFile,
    WORKBOOK_SEED: String(settings.seed),
    WORKBOOK_EXERCISES: path.join(copy.dir, 'exercises'),
    ...(settings.hiddenTests && { [hiddenTestsVariable]: settings.hiddenTests }),
    [SANDBOX_VARIABLE]: JSON.stringify(programSandbox(copy, settings, cgroup)),
    ...(bwrap && { [sourceVariable]: source, [copyVariable]: copy.dir }),
  });
  const sandboxArgs = bwrap
    ? [
        ...runArgs({
          copy: copy.dir,
          source,
          eventsDir: settings.eventsDir,
          diskBytes: limits.diskMb * MB,
          hiding: standardHiding(settings.hidden, settings.hiddenTests ? [settings.hiddenTests] : []),
        }),
        ...(cgroup ? ['--json-status-fd', '3', '--block-fd', '4'] : []),
        '--',
        process.execPath,
      ]
    : [];
  const child = spawn(bwrap ?? process.execPath, [...sandboxArgs, ...vitest], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe', ...(cgroup ? (['pipe', 'pipe'] as const) : [])],
    ...treeSpawnOptions,
  });
  // Stopped with everything it started if the grader is interrupted, even what left its tree.
  track(child, () => killTaggedNow(settings.tag, copy.dir));
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-keptOutput);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // 'exit', not 'close': a process the tests left behind may still hold vitest's output open.
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const namespace = cgroup ? enterCgroup(child, cgroup) : Promise.resolve(undefined);

  // Watch the clock: which test file is running, and since when. vitest's own start-up is not the
  // student's doing; it gets a bound of its own, generous enough for a busy machine.
  let current = { file: '', since: Date.now() };
  let stoppedIn: string | undefined;
  const clock = setInterval(() => {
    const events = readEvents(eventsFile);
    const ended = new Set(events.filter((e) => e.event === 'file-end').map((e) => e.file));
    const running = events.findLast((e) => e.event === 'file-start' && !ended.has(e.file))?.file ?? '';
    if (running !== current.file) current = { file: running, since: Date.now() };
    const limit = running ? limits.exerciseTimeoutMs : Math.max(limits.exerciseTimeoutMs, startUpLimitMs);
    if (Date.now() - current.since > limit && stoppedIn === undefined) {
      stoppedIn = current.file;
      killTree(child);
    }
  }, 200);
  const [code, signal] = await exited;
  clearInterval(clock);
  // In a sandbox, the kernel ends every process of the run with it; this counts any it did not
  // (in its namespace, its cgroup, or with its tag). Without one, they are found by tag and folder.
  const pidNamespace = await namespace;
  const leftovers = bwrap
    ? await killSurvivors(() => [...(pidNamespace ? inNamespace(pidNamespace) : []), ...(cgroup?.processes() ?? []), ...findTagged(settings.tag, copy.dir)])
    : await killLeftovers(child.pid, settings.tag, copy.dir);
  const oomKilled = oomKills(cgroup?.oomEvents);
  cgroup?.remove();
  const ending = signal ? `signal ${signal}` : `exit code ${code}`;
  return { events: readEvents(eventsFile), stoppedIn, leftovers, output, ending, oomKills: oomKilled };
}

/** How a vitest that stopped by itself ended, for the notes: its last lines, or how it exited. */
function lastWords(output: string, ending: string, oomKilled: number): string {
  const memory = oomKilled ? `, after the kernel stopped ${oomKilled} of its processes for memory` : '';
  const lines = output.trim().split('\n').slice(-3).join(' / ');
  return `${lines || 'no output'} (${ending}${memory})`;
}

export async function runTests(copy: IsolatedCopy, settings: RunSettings): Promise<TestsRun> {
  mkdirSync(settings.eventsDir, { recursive: true });
  const results = new Map<string, ExerciseRun>();
  let pending = copy.present;
  let leftBehind = 0;
  let runnerOutput = '';
  let retried = false;
  let retriedAfter: string | undefined;
  for (let round = 1; pending.length > 0; round++) {
    const { events, stoppedIn, leftovers, output, ending, oomKills: oomKilled } = await runRound(copy, pending, round, settings);
    // A vitest that ends by itself before a single test or test file has finished, nothing stopped for
    // memory, says nothing about the student's work: their programs cannot reach it (they run in
    // a sandbox of their own) and every check is still to come. Seen once on a loaded CI machine,
    // silently, with no output at all: the machine's failure, so the round gets one more go.
    if (stoppedIn === undefined && !retried && oomKilled === 0 && !events.some((e) => e.event === 'test' || e.event === 'file-end')) {
      retried = true;
      retriedAfter = lastWords(output, ending, oomKilled);
      continue;
    }
    // Only a run that ended by itself says something about the student's program; after a
    // stopped run, the kit had no chance to stop the servers it started.
    if (stoppedIn === undefined) leftBehind += leftovers;
    const next: Exercise[] = [];
    for (const exercise of pending) {
      const mine = events.filter((e) => slugOf(e.file) === exercise.slug);
      const started = mine.some((e) => e.event === 'file-start');
      const endedFiles = mine.filter((e) => e.event === 'file-end').length;
      const run = (ending: ExerciseRun['ending']): ExerciseRun => ({
        tests: mine.filter((e): e is TestEvent => e.event === 'test'),
        // A hidden test file's own errors would tell the student what it does: they count, unsaid.
        fileErrors: mine.flatMap((e) => (e.event === 'file-end' && !isHiddenFile(settings.hiddenTests, e.file) ? e.errors : [])),
        ending,
      });
      if (endedFiles >= testFiles(exercise).length + hiddenTestFiles(settings.hiddenTests, exercise).length) results.set(exercise.slug, run('finished'));
      else if (stoppedIn && slugOf(stoppedIn) === exercise.slug) results.set(exercise.slug, run('timed-out'));
      else if (stoppedIn && !started) next.push(exercise);
      else {
        // vitest ended (or hung before any test file) without finishing this one: its words say why.
        results.set(exercise.slug, run('runner-failed'));
        runnerOutput = lastWords(output, ending, oomKilled);
      }
    }
    pending = next;
  }
  return { exercises: results, leftBehind, runnerOutput, ...(retriedAfter && { retriedAfter }) };
}
