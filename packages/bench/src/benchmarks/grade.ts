/**
 * `pnpm bench grade`: how many submissions `pnpm grade` gets through in a minute, against grading
 * by hand: the exercises' tests run once per submission, one submission after the other, the way
 * `pnpm test` runs them. Then what the sandbox costs: the same class graded with it and with
 * --no-sandbox, in turns, in one run. Then the target: a class of 100 solved submissions, every
 * exercise.
 *
 * The class is copies of the grader's sample class (packages/grader/sample-class): a full solution,
 * an empty hand-in, programs that never start, hang, crash or flood their output. It is the slow
 * kind of class: most of its time is spent waiting for things that never happen.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineBenchmark, type BenchOptions } from '../benchmark.ts';
import { describeDate, describeLoad, describeMachine } from '../machine.ts';
import { spread } from '../statistics.ts';
import { formatNumber, formatRatio, formatSpread, renderTable } from '../table.ts';
import { sampleClass } from '@workbook/grader/sample-class';
import { exercisesConfig, vitestBin, vitestEnv } from '@workbook/grader/vitest-process';
import { exerciseSlugs, root } from '@workbook/course';

const sampleClassDir = fileURLToPath(sampleClass);
const bin = path.join(root, 'packages', 'cli', 'bin', 'workbook.mjs');
const sampleExercises = ['ex01-raw-socket', 'ex02-happy-server', 'ex03-welcome'];
/** Run by hand, this one would write into the official exercise folder: the grader's copy is the point. */
const unsafeByHand = new Set(['edits-the-tests']);

interface Measured {
  what: string;
  submissions: number;
  exercises: number;
  ms: number;
}

const perMinute = (m: Measured) => (m.submissions / m.ms) * 60_000;

function timed(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** The sample class's students: one folder each. */
function sampleStudents(): string[] {
  return readdirSync(sampleClassDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** `copies` copies of the sample class in one folder: `full-marks-1`, `full-marks-2`... */
function copyClass(into: string, copies: number): number {
  let count = 0;
  for (let copy = 1; copy <= copies; copy++) {
    for (const student of sampleStudents()) {
      cpSync(path.join(sampleClassDir, student), path.join(into, `${student}-${copy}`), { recursive: true });
      count++;
    }
  }
  return count;
}

/** `pnpm grade`, into a fresh output folder each time, so no run reuses what another found. */
function grade(classDir: string, exercises: string[], scratch: string, extra: string[] = []): number {
  const out = mkdtempSync(path.join(scratch, 'out-'));
  const args = [bin, 'grade', classDir, '--exercises', exercises.join(','), '--out', out, ...extra];
  const ms = timed(() => {
    const run = spawnSync(process.execPath, args, { encoding: 'utf8', env: vitestEnv({}) });
    if (run.status !== 0) throw new Error(`pnpm grade ${extra.join(' ')} failed (${run.status}):\n${run.stderr}`);
  });
  rmSync(out, { recursive: true, force: true });
  return ms;
}

/** The by-hand way: vitest with the exercises' config, pointed at one submission, then the next. */
function testInARow(students: string[]): void {
  for (const student of students) {
    const dir = path.join(sampleClassDir, student);
    const exercisesDir = path.join(dir, 'exercises');
    spawnSync(process.execPath, [vitestBin, 'run', '--config', exercisesConfig, ...sampleExercises.map((slug) => `exercises/${slug}/`)], {
      cwd: root,
      env: vitestEnv({ WORKBOOK_EXERCISES: existsSync(exercisesDir) ? exercisesDir : dir }),
      stdio: 'ignore',
    });
  }
}

/**
 * The sandbox's cost: the same class graded with it and without, in turns (so that a busy moment
 * of the machine falls on both), `runs` times each. Resolves with the medians' ratio and the table.
 */
function sandboxCost(classDir: string, size: number, scratch: string, options: BenchOptions): { ratio: number; table: string } {
  const times = { sandboxed: [] as number[], unsandboxed: [] as number[] };
  for (let round = 1; round <= options.runs; round++) {
    options.progress(`the sandbox's cost, round ${round} of ${options.runs}: with --no-sandbox, then with the sandbox`);
    times.unsandboxed.push(grade(classDir, sampleExercises, scratch, ['--no-sandbox']) / 1000);
    times.sandboxed.push(grade(classDir, sampleExercises, scratch) / 1000);
  }
  const without = spread(times.unsandboxed);
  const withIt = spread(times.sandboxed);
  const rows = [
    [`\`pnpm grade --no-sandbox\`, ${size} submissions`, `${formatSpread(without)} s`, '1.00×'],
    [`\`pnpm grade\` (bubblewrap, the limits), ${size} submissions`, `${formatSpread(withIt)} s`, formatRatio(withIt.median, without.median)],
  ];
  const table = renderTable([`Run (median of ${options.runs}, min–max)`, 'Time', 'vs --no-sandbox'], rows);
  return { ratio: withIt.median / without.median, table };
}

async function runGradeBench(options: BenchOptions): Promise<string> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'workbook-bench-grade-'));
  const load = describeLoad();
  try {
    const byHand = sampleStudents()
      .filter((student) => !unsafeByHand.has(student))
      .slice(0, options.quick ? 4 : undefined);
    options.progress(`tests in a row: ${byHand.length} fixture submissions, one after the other`);
    const baseline: Measured = { what: '`pnpm test` once per submission, in a row', submissions: byHand.length, exercises: 3, ms: timed(() => testInARow(byHand)) };

    const copies = options.quick ? 1 : 4;
    const classDir = path.join(scratch, 'class');
    mkdirSync(classDir);
    const size = copyClass(classDir, copies);
    const jobs = availableParallelism() * 2;
    options.progress(`pnpm grade: the sample class x ${copies} (${size} submissions)`);
    const graded: Measured = { what: `\`pnpm grade\`, the sample class x ${copies}`, submissions: size, exercises: 3, ms: grade(classDir, sampleExercises, scratch) };
    // The default is twice the cores: what one job per core would take shows why.
    options.progress(`pnpm grade: the same class with --jobs ${availableParallelism()}`);
    const fewer: Measured = {
      what: `\`pnpm grade --jobs ${availableParallelism()}\`, the sample class x ${copies}`,
      submissions: size,
      exercises: 3,
      ms: grade(classDir, sampleExercises, scratch, ['--jobs', String(availableParallelism())]),
    };

    const costClass = path.join(scratch, 'cost-class');
    mkdirSync(costClass);
    const costSize = copyClass(costClass, options.quick ? 1 : 2);
    const cost = sandboxCost(costClass, costSize, scratch, options);

    const solved = options.quick ? 6 : 100;
    const solvedDir = path.join(scratch, 'solved');
    for (let i = 1; i <= solved; i++) cpSync(path.join(root, 'solutions'), path.join(solvedDir, `student-${String(i).padStart(3, '0')}`), { recursive: true });
    const every = exerciseSlugs();
    options.progress(`pnpm grade: ${solved} solved submissions x ${every.length} exercises`);
    const target: Measured = {
      what: `\`pnpm grade\`, ${solved} solved submissions, every exercise`,
      submissions: solved,
      exercises: every.length,
      ms: grade(solvedDir, every, scratch),
    };

    const rows = [baseline, graded, fewer, target].map((m) => [
      m.what,
      String(m.submissions),
      String(m.exercises),
      `${formatNumber(m.ms / 1000)} s`,
      formatNumber(perMinute(m)),
      m.exercises === baseline.exercises ? formatRatio(perMinute(m), perMinute(baseline)) : '–',
    ]);
    const minutes = target.ms / 60_000;
    return [
      '## pnpm grade: submissions graded per minute',
      '',
      `${describeMachine()}; ${describeDate()}${load ? `; ${load}` : ''}. \`--jobs\` is ${jobs} (twice the number of cores) unless shown. Reproduce: \`${options.command}\``,
      '',
      renderTable(['Run', 'Submissions', 'Exercises each', 'Time', 'Per minute', 'vs in a row'], rows),
      '',
      `The sample class is the slow kind: most of its submissions hang, loop or never start, and every one of those waits out a time limit. ` +
        `Target: 100 submissions with every exercise within 5 minutes on 2 cores; ${solved} took ${formatNumber(minutes)} min` +
        (options.quick ? ' (a --quick run: fewer submissions).' : '.'),
      '',
      '## What the sandbox costs',
      '',
      cost.table,
      '',
      `The sample class x ${options.quick ? 1 : 2}, graded in turns with and without the sandbox (every submission's tests in bubblewrap, ` +
        `every program in one more, a cgroup where one can be made, the limits watched). Target: 1.15× at most; it is ${formatRatio(cost.ratio, 1)}.`,
    ].join('\n');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export default defineBenchmark({
  name: 'grade',
  description: 'pnpm grade on copies of the sample class, against the tests run once per submission in a row; the sandbox against --no-sandbox; then 100 solved submissions',
  run: runGradeBench,
});
