/**
 * Runs the official tests on one submission's copy: one vitest process for the submission, its
 * exercises one after the other, with a time limit per exercise.
 *
 * An exercise that runs past its limit is stopped by killing the whole process tree; the results
 * its tests reached are kept (the reporter wrote each one as it finished), and a new vitest goes
 * on with the exercises that had not started yet. After every vitest, whatever it left running is
 * found and killed (see leftovers.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { killTree, treeSpawnOptions } from '@workbook/testkit';
import { testFiles, type Exercise } from '../workspace.ts';
import { eventsVariable, readEvents, type GradingEvent, type ReportedError } from './events.ts';
import type { IsolatedCopy } from './isolated-copy.ts';
import { killLeftovers, tagVariable } from './leftovers.ts';
import { gradingConfig, vitestBin, vitestEnv } from './vitest-process.ts';

const reporterFile = fileURLToPath(new URL('./reporter.ts', import.meta.url));

export interface Limits {
  /** Per test: vitest's --testTimeout. */
  testTimeoutMs: number;
  /** Per exercise (per test file, for the rare exercise with several): all its tests, its server's start-up included. */
  exerciseTimeoutMs: number;
  /** The old-space heap of the student's server, in MB. */
  memoryMb: number;
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
  /** The end of vitest's own output, for when vitest itself failed. */
  runnerOutput: string;
}

export interface RunSettings {
  /** Marks every process of this run (see leftovers.ts). */
  tag: string;
  /** WORKBOOK_SEED: the same random paths for a student in every run. */
  seed: number;
  limits: Limits;
  /** A folder outside the copy for the reporter's event files. */
  eventsDir: string;
}

/** The vitest processes running now, so an interrupted grader can stop them all. */
export const runningTests = new Map<ChildProcess, { tag: string; folder: string }>();

const keptOutput = 16_384;
const startUpLimitMs = 60_000;

function slugOf(file: string): string {
  return path.basename(path.dirname(file));
}

interface Round {
  events: GradingEvent[];
  /** The test file that was running when the time limit stopped vitest ('' if none was). */
  stoppedIn: string | undefined;
  leftovers: number;
  output: string;
}

async function runRound(copy: IsolatedCopy, exercises: Exercise[], round: number, settings: RunSettings): Promise<Round> {
  const eventsFile = path.join(settings.eventsDir, `round-${round}.jsonl`);
  const { limits } = settings;
  const args = [
    vitestBin, 'run',
    '--config', gradingConfig,
    '--root', copy.dir,
    '--reporter', reporterFile,
    `--testTimeout=${limits.testTimeoutMs}`,
    // One exercise at a time: the time limit then belongs to the exercise that is running.
    '--no-file-parallelism', '--pool=threads', '--isolate=false',
    ...exercises.map((exercise) => `exercises/${exercise.slug}/`),
  ];
  const child = spawn(process.execPath, args, {
    cwd: copy.dir,
    env: vitestEnv({
      [tagVariable]: settings.tag,
      [eventsVariable]: eventsFile,
      WORKBOOK_SEED: String(settings.seed),
      WORKBOOK_MAX_OLD_SPACE_MB: String(limits.memoryMb),
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
    ...treeSpawnOptions,
  });
  runningTests.set(child, { tag: settings.tag, folder: copy.dir });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-keptOutput);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  // 'exit', not 'close': a process the tests left behind may still hold vitest's output open.
  const exited = once(child, 'exit');

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
  await exited;
  clearInterval(clock);
  runningTests.delete(child);
  const leftovers = await killLeftovers(child.pid, settings.tag, copy.dir);
  return { events: readEvents(eventsFile), stoppedIn, leftovers, output };
}

export async function runTests(copy: IsolatedCopy, settings: RunSettings): Promise<TestsRun> {
  mkdirSync(settings.eventsDir, { recursive: true });
  const results = new Map<string, ExerciseRun>();
  let pending = copy.present;
  let leftBehind = 0;
  let runnerOutput = '';
  for (let round = 1; pending.length > 0; round++) {
    const { events, stoppedIn, leftovers, output } = await runRound(copy, pending, round, settings);
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
        fileErrors: mine.flatMap((e) => (e.event === 'file-end' ? e.errors : [])),
        ending,
      });
      if (endedFiles >= testFiles(exercise).length) results.set(exercise.slug, run('finished'));
      else if (stoppedIn && slugOf(stoppedIn) === exercise.slug) results.set(exercise.slug, run('timed-out'));
      else if (stoppedIn && !started) next.push(exercise);
      else {
        // vitest ended (or hung before any test file) without finishing this one: its words say why.
        results.set(exercise.slug, run('runner-failed'));
        runnerOutput = output;
      }
    }
    pending = next;
  }
  return { exercises: results, leftBehind, runnerOutput };
}
