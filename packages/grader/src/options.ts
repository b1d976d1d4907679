/**
 * What `pnpm grade` accepts, checked before anything runs. A wrong argument is named, with what
 * would have been right.
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { exerciseSlugs, loadExercise, UsageError, type Exercise } from '@workbook/course';
import type { Limits } from './run-tests.ts';
import { parseShard, type Shard } from './shard.ts';
import { GraderError } from './grader-error.ts';
import { defaultHiddenFolder } from './hidden-tests.ts';
import { parseDeadline, type Deadline } from './late.ts';
import { parseThreshold } from './similarity/compare.ts';
import { formats, type Format } from './write-outputs.ts';

/** Twice the cores: a submission's tests wait for programs to start, for pauses and time limits, and meanwhile another runs. */
const defaultJobs = availableParallelism() * 2;

export const gradeUsage = `Usage: pnpm grade <submissions> [options]
       pnpm grade merge <grades folder>... --out <folder> [--format ...]

<submissions> is one student's copy of the workbook (or of its exercises/ folder), or a folder
holding one such folder per student.

Options:
  --out <folder>            where the gradebook, results and feedback go (default: grades)
  --jobs <n>                submissions graded at the same time (default: twice the number of
                            cores, ${defaultJobs}: a submission's tests spend much of their time waiting)
  --only <name,...>         grade only these students (their folder names)
  --exercises <ex01,...>    grade only these exercises (default: all of them)
  --resume                  keep the results of students already graded with the same files,
                            tests and grader; grade only the others
  --shard <k/n>             grade the k-th of n slices of the class (one CI job each), then
                            put the slices together with: pnpm grade merge
  --format <junit,gradescope,classroom>
                            also write JUnit XML, Gradescope results, GitHub Classroom results
  --no-sandbox              grade without the sandbox (only for code you trust; every
                            feedback file says so): see the instructor's guide
  --hidden <folder>         your hidden tests, run after the public ones and never shown to
                            students (default: grading/ beside the workbook, if there is one)
  --regrade <name,...>      grade these students again (after a test was fixed, say) and keep
                            everyone else's results; --reason "<why>" goes in the gradebook
  --similarity              also write similarity.csv and similarity.html, and note the similar
                            pairs (--threshold <0-1>, default 0.7) in the gradebook, never in the points

Also: pnpm grade similarity | report | gradescope-autograder | classroom-template  (each --help)

Due dates (see the instructor's guide, "Late work"):
  --due <date-time>         when the work was due, such as 2026-12-01T23:59+01:00
  --late <policy>           none (late work gets 0, the default), penalty:10%/day, with a
                            floor: penalty:10%/day,min:50%, a grace period: grace:2h, or both
  --times <file.csv>        when each student handed in (student,time), and any extension
                            (student,time,due); otherwise a git repository's last commit, or
                            the newest file

Limits (each one that is hit is named in the student's feedback):
  --test-timeout <seconds>  how long one test may take (default 10)
  --exercise-timeout <seconds>
                            how long one exercise's tests may take together (default 60)
  --memory <MB>             memory, heap and Buffers together, of a student's program and
                            every process it starts (default 512)
  --processes <n>           processes a program may run at once (default 32)
  --cpu <seconds>           CPU time a submission's programs may use together (default 120)
  --disk <MB>               what a submission's programs may write, in all (default 256)
  --output <MB>             what a submission's programs may print, in all (default 16)
  --help                    this text

The instructor's guide: docs/instructors.md`;

export interface GradeOptions {
  submissions: string;
  out: string;
  jobs: number;
  only: string[] | undefined;
  exercises: Exercise[];
  resume: boolean;
  shard: Shard | undefined;
  formats: Format[];
  limits: Limits;
  /** --no-sandbox: grade without bubblewrap, with Node's permission model alone. */
  noSandbox: boolean;
  /** The instructor's hidden tests (--hidden, or grading/ beside the workbook when it exists). */
  hiddenTests: string | undefined;
  /** --due, --late, --times: when work was due, and what happens to late work. */
  deadline: Deadline | undefined;
  /** --regrade: students graded again even if nothing of theirs changed; everyone else's result is kept. */
  regrade: { students: string[]; reason: string } | undefined;
  /** --similarity: the similarity report as well, its similar pairs noted in the gradebook (never in the points). */
  similarity: { threshold: number } | undefined;
}

export interface MergeOptions {
  folders: string[];
  out: string;
  formats: Format[];
}

/** Paths as the instructor typed them: pnpm runs scripts in the workbook's root, INIT_CWD is where they were. */
export function fromWhereTyped(input: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), input);
}

/** `--x a,b --x c` is a, b and c. */
function list(values: string[] | undefined): string[] | undefined {
  return values
    ?.flatMap((value) => value.split(','))
    .map((value) => value.trim())
    .filter(Boolean);
}

function positiveNumber(value: string | undefined, name: string, fallback: number, whole = false): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || (whole && !Number.isInteger(number))) {
    throw new UsageError(`${name} takes a ${whole ? 'whole ' : ''}number greater than 0, such as ${name} ${fallback}; got "${value}".`, 'ERR_GRADE_USAGE');
  }
  return number;
}

function parseFormats(values: string[] | undefined): Format[] {
  const chosen = list(values) ?? [];
  const unknown = chosen.filter((format) => !(formats as readonly string[]).includes(format));
  if (unknown.length) throw new UsageError(`Unknown --format ${unknown.join(', ')}. The formats are: ${formats.join(', ')}.`, 'ERR_GRADE_USAGE');
  return chosen as Format[];
}

/**
 * The official exercises to grade. Only those are read, so an exercise still being written does
 * not stop the grading of the others; one that is asked for and broken is the grader's problem.
 */
function pickExercises(values: string[] | undefined): Exercise[] {
  const slugs = exerciseSlugs();
  const wanted = list(values)?.map((name) => {
    const found = slugs.find((slug) => slug === name || slug.slice(0, 4) === name);
    if (!found) throw new UsageError(`There is no exercise "${name}". The exercises are: ${slugs.map((slug) => slug.slice(0, 4)).join(', ')}.`, 'ERR_GRADE_USAGE');
    return found;
  });
  return (wanted ?? slugs).map((slug) => {
    try {
      return loadExercise(slug);
    } catch (error) {
      throw new GraderError(`cannot read the official exercise ${slug}: ${(error as Error).message}`);
    }
  });
}

const shared = {
  out: { type: 'string' },
  format: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** --hidden <folder>, or grading/ beside the workbook when there is one. */
function hiddenFolder(value: string | undefined): string | undefined {
  if (value === undefined) return existsSync(defaultHiddenFolder) ? defaultHiddenFolder : undefined;
  const folder = fromWhereTyped(value);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new UsageError(
      `--hidden takes the folder of your hidden tests (one folder per exercise, such as ex02-happy-server/), but "${value}" is not a folder.`,
      'ERR_GRADE_USAGE',
    );
  }
  return realpathSync(folder);
}

function parseRegrade(students: string[] | undefined, reason: string | undefined): GradeOptions['regrade'] {
  if (students === undefined) {
    if (reason !== undefined) throw new UsageError('--reason goes with --regrade: pnpm grade <submissions> --regrade alice,bob --reason "test 3 fixed"', 'ERR_GRADE_USAGE');
    return undefined;
  }
  if (students.length === 0) throw new UsageError('--regrade takes the students to grade again, such as --regrade alice,bob', 'ERR_GRADE_USAGE');
  return { students, reason: reason ?? 'regraded' };
}

/** The options, or 'help' when that is what was asked for. */
export function parseGradeOptions(args: string[]): GradeOptions | 'help' {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...shared,
      jobs: { type: 'string', short: 'j' },
      only: { type: 'string', multiple: true },
      exercises: { type: 'string', multiple: true },
      resume: { type: 'boolean' },
      shard: { type: 'string' },
      'test-timeout': { type: 'string' },
      'exercise-timeout': { type: 'string' },
      memory: { type: 'string' },
      processes: { type: 'string' },
      cpu: { type: 'string' },
      disk: { type: 'string' },
      output: { type: 'string' },
      'no-sandbox': { type: 'boolean' },
      hidden: { type: 'string' },
      due: { type: 'string' },
      late: { type: 'string' },
      times: { type: 'string' },
      regrade: { type: 'string', multiple: true },
      reason: { type: 'string' },
      similarity: { type: 'boolean' },
      threshold: { type: 'string' },
    },
  });
  if (values.help) return 'help';
  const [submissions, ...extra] = positionals;
  if (submissions === undefined) throw new UsageError('Which submissions? Give a folder: pnpm grade <submissions>', 'ERR_GRADE_USAGE');
  if (extra.length) throw new UsageError(`Give one folder of submissions, not ${positionals.length}: ${positionals.join(' ')}`, 'ERR_GRADE_USAGE');
  return {
    submissions: fromWhereTyped(submissions),
    out: fromWhereTyped(values.out ?? 'grades'),
    jobs: positiveNumber(values.jobs, '--jobs', defaultJobs, true),
    only: list(values.only),
    exercises: pickExercises(values.exercises),
    resume: values.resume ?? false,
    shard: values.shard === undefined ? undefined : parseShard(values.shard),
    formats: parseFormats(values.format),
    limits: {
      testTimeoutMs: positiveNumber(values['test-timeout'], '--test-timeout', 10) * 1000,
      exerciseTimeoutMs: positiveNumber(values['exercise-timeout'], '--exercise-timeout', 60) * 1000,
      memoryMb: positiveNumber(values.memory, '--memory', 512, true),
      processes: positiveNumber(values.processes, '--processes', 32, true),
      cpuSeconds: positiveNumber(values.cpu, '--cpu', 120),
      diskMb: positiveNumber(values.disk, '--disk', 256, true),
      outputMb: positiveNumber(values.output, '--output', 16),
    },
    noSandbox: values['no-sandbox'] ?? false,
    hiddenTests: hiddenFolder(values.hidden),
    deadline: parseDeadline(values.due, values.late, values.times === undefined ? undefined : fromWhereTyped(values.times)),
    regrade: parseRegrade(list(values.regrade), values.reason),
    similarity: values.similarity || values.threshold !== undefined ? { threshold: parseThreshold(values.threshold) } : undefined,
  };
}

export function parseMergeOptions(args: string[]): MergeOptions | 'help' {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: shared });
  if (values.help) return 'help';
  if (positionals.length === 0)
    throw new UsageError('Which results? Give the output folders of the slices: pnpm grade merge grades-1 grades-2 --out grades', 'ERR_GRADE_USAGE');
  if (values.out === undefined) throw new UsageError('Where should the merged gradebook go? Add --out <folder>.', 'ERR_GRADE_USAGE');
  return { folders: positionals.map(fromWhereTyped), out: fromWhereTyped(values.out), formats: parseFormats(values.format) };
}
