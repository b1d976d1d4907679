/**
 * Turns what the tests reported into a verdict per exercise, points per test, and the words the
 * student reads. The kit already explains each failure; this file decides what the failures add
 * up to: a program that never started is not "5 failed checks", it is one problem to fix.
 */
import path from 'node:path';
import type { ExerciseRun, TestEvent } from './run-tests.ts';
import { fromCents, sumPoints, type PointsPlan } from './points.ts';
import type { ExerciseResult, TestResult, Verdict } from './types.ts';
import type { ReportedError } from './events.ts';
import { fileNames } from '@workbook/course';

/** What a check that never ran says in formats that need a message for every check. */
export function notRunMessage(exercise: ExerciseResult): string {
  return `This check did not run: ${exercise.summary}.${exercise.detail ? ` ${exercise.detail}` : ''}`;
}

/** How each verdict reads in a table, a feedback heading, or a summary line. */
export const verdictLabels: Record<Verdict, string> = {
  passed: 'passed',
  failed: 'failed',
  'did-not-start': 'did not start',
  'timed-out': 'timed out',
  crashed: 'crashed',
  missing: 'missing',
  'does-not-compile': 'does not compile',
  'over-limit': 'over a limit',
};

/** What to do next, for the verdicts that are about the whole program rather than one check. */
export const verdictHints: Record<Verdict, string> = {
  passed: '',
  failed: 'Each failed check below shows what was sent, what was expected and what came back.',
  'did-not-start': 'The tests could not talk to your server because it never got ready; no check could pass. Fix this first.',
  'timed-out': 'Something took longer than the tests could wait. A server must answer every request, and must get to listen() quickly.',
  crashed: 'Your server stopped while answering a request. Whatever a request holds, a server must answer it and keep running.',
  missing: '',
  'does-not-compile': 'Your file has a syntax error, so it could not run at all. The error below gives the file, line and column.',
  'over-limit': 'While it was graded, your program went over one of the limits every submission gets, so it was stopped. The checks that passed before that still count.',
};

// Most programs that do not compile are caught before they start (ERR_DOES_NOT_COMPILE). A program
// run through tsx (one that starts programs of its own) prints the same errors ("server.ts:2:10:
// ERROR: Unexpected ';'") and exits; so does a module importing a name that does not exist.
const compileError = /\.[cm]?[jt]sx?:\d+:\d+: ERROR: |TransformError|Transform failed with \d+ errors?|SyntaxError: The requested module/;
// vitest's own limits, and the kit's words for a request that got no complete answer in time.
const timeoutError = /Test timed out in \d+ms|Hook timed out in \d+ms|No complete answer arrived in time/;
// The kit's words when the server died during an exchange (see crashReport in the kit's exercise.ts).
const crashError = /Your program crashed while answering/;

const startVerdicts: Record<string, { verdict: Verdict; words: string }> = {
  ERR_MISSING_FILE: { verdict: 'missing', words: 'missing: a file the tests need is not there' },
  ERR_DOES_NOT_COMPILE: { verdict: 'does-not-compile', words: 'does not compile' },
  ERR_PROGRAM_EXITED: { verdict: 'did-not-start', words: 'did not start: the program exited' },
  ERR_NEVER_LISTENED: { verdict: 'did-not-start', words: 'did not start: it never listened on PORT' },
  ERR_WRONG_PORT: { verdict: 'did-not-start', words: 'did not start: it listened on another port than PORT' },
  ERR_NOT_ALLOWED: { verdict: 'did-not-start', words: 'did not start: it starts processes or threads, which this exercise does not allow' },
  ERR_STUCK: { verdict: 'timed-out', words: 'timed out: stuck in a loop before listening' },
};

/**
 * A message as the student should read it: paths as in their own workbook (the grader's copy
 * means nothing to them), and without stack lines from inside node or the tools.
 */
export function relativeTo(copyDir: string, text: string): string {
  return text
    .replaceAll(copyDir + path.sep, '')
    .replaceAll(copyDir, '.')
    .split('\n')
    .filter((line) => !/^\s*(\|\s*)?at .*(node_modules|node:)/.test(line))
    .join('\n');
}

function testResults(plan: PointsPlan, events: TestEvent[], copyDir: string): TestResult[] {
  return plan.tests.map((share): TestResult => {
    const event = events.findLast((e) => e.name === share.name);
    const base = {
      name: share.name,
      points: 0,
      maxPoints: fromCents(share.maxCents),
      ...(share.starterPasses && { starterPasses: true as const }),
      ...(share.visibility !== 'visible' && { visibility: share.visibility }),
    };
    if (event?.state === 'passed') return { ...base, status: 'passed', points: base.maxPoints };
    if (event?.state === 'failed') return { ...base, status: 'failed', message: relativeTo(copyDir, event.error?.message ?? 'failed') };
    return { ...base, status: 'not-run' };
  });
}

/** How each limit reads in a summary line. */
const limitWords: Record<string, string> = {
  memory: 'used too much memory',
  processes: 'started too many processes',
  cpu: 'used too much CPU time',
  output: 'printed too much',
  disk: 'wrote too much to disk',
};

interface Judgement {
  verdict: Verdict;
  summary: string;
  detail?: string;
}

function judge(run: ExerciseRun, tests: TestResult[], limits: { exerciseTimeoutMs: number }, copyDir: string): Judgement {
  const errors: ReportedError[] = [...run.tests.flatMap((t) => (t.error ? [t.error] : [])), ...run.fileErrors];
  const passed = tests.filter((t) => t.status === 'passed').length;
  const checks = `${passed} of ${tests.length} checks pass`;

  // A limit is named before anything else: a program stopped for memory also failed to start, or crashed.
  const overLimit = errors.find((e) => e.code === 'ERR_OVER_LIMIT');
  if (overLimit) {
    const words = limitWords[overLimit.limit ?? ''] ?? 'went over a limit';
    return { verdict: 'over-limit', summary: `${words} (${checks})`, detail: relativeTo(copyDir, overLimit.message) };
  }

  // A program that never started fails every test the same way: one problem, told once. (One
  // that started for some tests and not for others, after a restart say, failed those tests.)
  const start = passed === 0 ? errors.find((e) => e.code && e.code in startVerdicts) : undefined;
  if (start?.code) {
    const detail = relativeTo(copyDir, start.message);
    if (start.code === 'ERR_PROGRAM_EXITED' && compileError.test([start.message, ...(start.stderr ?? [])].join('\n'))) {
      return { verdict: 'does-not-compile', summary: 'does not compile', detail };
    }
    const known = startVerdicts[start.code];
    if (known) return { verdict: known.verdict, summary: known.words, detail };
  }
  if (run.ending === 'timed-out') {
    const seconds = Math.round(limits.exerciseTimeoutMs / 1000);
    return {
      verdict: 'timed-out',
      summary: `timed out: stopped after ${seconds} s (${checks})`,
      detail: `The tests of this exercise were still running after ${seconds} seconds, so they were stopped. The checks that passed before that still count.`,
    };
  }
  if (run.ending === 'runner-failed') {
    return { verdict: 'crashed', summary: `the tests could not finish (${checks})`, detail: 'The test run stopped before all the checks of this exercise ran.' };
  }
  if (errors.some((e) => crashError.test(e.message))) return { verdict: 'crashed', summary: `crashed while answering (${checks})` };
  if (errors.some((e) => timeoutError.test(e.message))) return { verdict: 'timed-out', summary: `a request got no answer in time (${checks})` };
  if (passed === tests.length) return { verdict: 'passed', summary: `passed (${tests.length} checks)` };
  const fileError = run.fileErrors[0];
  return { verdict: 'failed', summary: checks, ...(fileError && { detail: relativeTo(copyDir, fileError.message) }) };
}

export function judgeExercise(
  plan: PointsPlan,
  run: ExerciseRun | undefined,
  context: { copyDir: string; exerciseTimeoutMs: number; editedOfficialFiles: string[] },
): ExerciseResult {
  const { exercise } = plan;
  const base = { id: exercise.id, slug: exercise.slug, title: exercise.title, maxPoints: fromCents(plan.maxCents), editedOfficialFiles: context.editedOfficialFiles };
  if (!run) {
    const files = fileNames(exercise, 'edit')
      .map((name) => `exercises/${exercise.slug}/${name}`)
      .join(', ');
    return {
      ...base,
      verdict: 'missing',
      summary: 'missing',
      detail: `No ${files} was handed in.`,
      points: 0,
      tests: plan.tests.map((share) => ({ name: share.name, status: 'not-run', points: 0, maxPoints: fromCents(share.maxCents) })),
    };
  }
  const tests = testResults(plan, run.tests, context.copyDir);
  return { ...base, ...judge(run, tests, context, context.copyDir), points: sumPoints(tests.map((t) => t.points)), tests };
}
