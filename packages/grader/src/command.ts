/**
 * `pnpm grade <submissions>`: every submission, every exercise, the official tests, in parallel;
 * a result file per student as soon as it is graded; then the gradebook, the feedback, and a
 * summary of what the class struggled with. `pnpm grade merge` joins slices graded apart.
 *
 * Exit code 0 once grading finished, whatever the students scored; 2 for a wrong argument; 1 when
 * the grader itself cannot run (or cannot read some submission at all), with the reason.
 */
import { mkdirSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { killTracked, stopOnSignals } from '@workbook/testkit';
import { pc } from '@workbook/testkit/color';
import { findCgroups, removeAbandonedCgroups } from './cgroup.ts';
import { graderFingerprint, officialFingerprint, submissionKey } from './fingerprint.ts';
import { gradeSubmission, type GradeSettings } from './grade-submission.ts';
import { gradingFolder, isRunning, newRunId, removeAbandonedRuns } from './isolated-copy.ts';
import { killRunLeftovers } from './leftovers.ts';
import { merge } from './merge.ts';
import { listOfficialTests, type ListedTest } from './official-tests.ts';
import { changedFiles, snapshotOfficialTree } from './official-tree.ts';
import { gradeUsage, parseGradeOptions, parseMergeOptions, type GradeOptions } from './options.ts';
import { planPoints, PointsError, type PointsPlan } from './points.ts';
import { gradingJson, isHiddenFile, visibilityOf } from './hidden-tests.ts';
import { applyDeadline, isPastDue, type Deadline } from './late.ts';
import type { SubmissionResult, TestResult } from './types.ts';
import { inParallel } from './pool.ts';
import { Progress } from './progress.ts';
import { readAllResults, readResult, writeResult } from './results-store.ts';
import { chooseSandbox } from './sandbox.ts';
import { studentsOfShard } from './shard.ts';
import { findStarterPasses } from './starter-baseline.ts';
import { findSubmissions, type Submission } from './submissions.ts';
import { summaryTable } from './summary.ts';
import { ExerciseJsonError, UsageError, type Exercise } from '@workbook/course';
import { GraderError } from './grader-error.ts';
import { writeOutputs } from './write-outputs.ts';

/**
 * `pnpm grade <subcommand> ...`: the tools beside grading itself, each in its own module, loaded
 * only when asked for. Each takes the arguments after its name and answers --help itself.
 */
const subcommands: Record<string, () => Promise<{ run(args: string[]): Promise<number> | number }>> = {
  similarity: () => import('./similarity/command.ts'),
  report: () => import('./report/command.ts'),
  'gradescope-autograder': () => import('./platforms/gradescope-command.ts'),
  'classroom-template': () => import('./platforms/classroom-command.ts'),
};

export async function grade(args: string[]): Promise<number> {
  try {
    if (args[0] === 'merge') {
      const options = parseMergeOptions(args.slice(1));
      if (options === 'help') return help();
      return merge(options);
    }
    const subcommand = args[0] === undefined ? undefined : subcommands[args[0]];
    if (subcommand) return await (await subcommand()).run(args.slice(1));
    const options = parseGradeOptions(args);
    if (options === 'help') return help();
    return await gradeClass(options);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (error instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${pc.red('Error:')} ${message}\n\n${gradeUsage}`);
      return 2;
    }
    if (error instanceof GraderError || error instanceof PointsError || error instanceof ExerciseJsonError) {
      console.error(`${pc.red('The grader could not run:')} ${message}`);
      return 1;
    }
    throw error;
  }
}

function help(): number {
  console.log(gradeUsage);
  return 0;
}

function chooseSubmissions(all: Submission[], options: GradeOptions): Submission[] {
  let chosen = all;
  if (options.only) {
    const names = new Set(all.map((submission) => submission.student));
    const unknown = options.only.filter((name) => !names.has(name));
    if (unknown.length) {
      const some = [...names].slice(0, 20).join(', ');
      throw new UsageError(
        `No submission named ${unknown.join(', ')} in ${options.submissions}. The students are: ${some}${names.size > 20 ? ', ...' : ''}`,
        'ERR_GRADE_USAGE',
      );
    }
    chosen = all.filter((submission) => options.only?.includes(submission.student));
  }
  return options.shard ? studentsOfShard(chosen, options.shard) : chosen;
}

/**
 * Ctrl-C (or a CI job being cancelled) stops every test run at once, with everything it started;
 * the results written so far stay, for --resume.
 */
function stopOnInterrupt(runId: string, out: string): () => void {
  // The kit's list of children holds every test run, each with the processes its tag finds.
  return stopOnSignals((signal) => {
    rmSync(gradingFolder(runId), { recursive: true, force: true });
    console.error(`\n${pc.yellow(`Interrupted (${signal}).`)} The results so far are in ${out}/results; run the same command with --resume to go on.`);
    process.exit(130);
  });
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the grader says, and stops with, when an official file changed while students were graded. */
function tamperingError(files: string[], students: string[]): GraderError {
  const shown = files.slice(0, 10).join(', ') + (files.length > 10 ? `, and ${files.length - 10} more` : '');
  return new GraderError(
    `official files changed while grading ${students.join(', ') || 'the class'}: ${shown}.\n` +
      'Grading stopped, and nothing was written for the submissions being graded then or after. ' +
      'Put the official files back (git status shows them; git checkout -- <file> restores one), ' +
      'look at those submissions, and grade again: --resume keeps the results written before the change.',
  );
}

/** How an exercise's points are split among its tests, the hidden ones included, each with who may see it. */
function planOf(exercise: Exercise, listed: ListedTest[], starterPasses: ReadonlySet<string> | undefined, options: GradeOptions): PointsPlan {
  const hidden = gradingJson(options.hiddenTests, exercise);
  const visibility = new Map(listed.map((test) => [test.name, visibilityOf(exercise, hidden, test, isHiddenFile(options.hiddenTests, test.file))]));
  const withHiddenPoints = { ...exercise, tests: { ...exercise.tests, ...hidden.tests } };
  return planPoints(
    withHiddenPoints,
    listed.map((test) => test.name),
    starterPasses,
    visibility,
  );
}

/**
 * The results as the outputs show them: after the due date, after-due tests become visible to
 * the student; with --due, the late rule is applied to the points. Neither is stored in
 * results/<student>.json, so a new due date or policy needs no regrading.
 */
function forOutputs(results: SubmissionResult[], submissions: Submission[], exercises: Exercise[], deadline: Deadline | undefined): SubmissionResult[] {
  const shown = results.map((result) => {
    if (!isPastDue(result, deadline)) return result;
    const reveal = (test: TestResult): TestResult => (test.visibility === 'after-due' ? { ...test, visibility: undefined } : test);
    return { ...result, exercises: result.exercises.map((exercise) => ({ ...exercise, tests: exercise.tests.map(reveal) })) };
  });
  return deadline ? applyDeadline(shown, submissions, exercises, deadline) : shown;
}

/** With --similarity: the report beside the gradebook, and each similar pair a note for the instructor. */
async function withSimilarity(results: SubmissionResult[], submissions: Submission[], options: GradeOptions): Promise<SubmissionResult[]> {
  if (!options.similarity) return results;
  const { similarityReport } = await import('./similarity/report.ts');
  const pairs = await similarityReport({ submissions, exercises: options.exercises, out: options.out, threshold: options.similarity.threshold });
  return results.map((result) => {
    const mine = pairs.filter((pair) => pair.a === result.student || pair.b === result.student);
    const notes = mine.map(
      (pair) => `${pair.exercise}: ${Math.round(pair.similarity * 100)}% similar to ${pair.a === result.student ? pair.b : pair.a} (see similarity.html)`,
    );
    return notes.length ? { ...result, notes: [...result.notes, ...notes] } : result;
  });
}

async function gradeClass(options: GradeOptions): Promise<number> {
  const all = findSubmissions(options.submissions);
  const chosen = chooseSubmissions(all, options);
  const { exercises, limits } = options;

  try {
    mkdirSync(options.out, { recursive: true });
  } catch (error) {
    throw new GraderError(`cannot write the results to ${options.out}: ${(error as Error).message}`);
  }
  // The sandbox is checked before anything else: where it cannot be made, nobody is graded.
  removeAbandonedRuns();
  const sandbox = chooseSandbox(options.noSandbox);
  const cgroups = sandbox.bwrap ? findCgroups() : undefined;
  removeAbandonedCgroups((name) => !isRunning(Number(name.split('-')[2])));
  const official = snapshotOfficialTree(options.hiddenTests);

  const grader = graderFingerprint({ limits, sandboxed: sandbox.bwrap !== undefined });
  const runId = newRunId();
  const settings: GradeSettings = {
    runId,
    plans: Promise.resolve([]),
    limits,
    bwrap: sandbox.bwrap,
    cgroups,
    hidden: [options.submissions, options.out].map((dir) => realpathSync(dir)),
    hiddenTests: options.hiddenTests,
    notes: sandbox.bwrap ? [] : ['graded without a sandbox (--no-sandbox)'],
  };
  const limitsBy = sandbox.bwrap ? `the test kit's watch and ${cgroups?.name ?? 'no cgroup (none can be made here)'}` : "the test kit's watch";
  console.log(`Sandbox: ${sandbox.description}. Limits: ${limitsBy}.`);

  const stopListening = stopOnInterrupt(runId, options.out);
  try {
    // How the points are split needs the names of the official tests, and the checks the untouched
    // starters pass (worth nothing): the grader finds those by grading the starters. Both happen
    // beside the class; a submission's points wait for them, and nothing is written before.
    const key = officialFingerprint(exercises, options.hiddenTests);
    const tests = listOfficialTests(exercises, options.hiddenTests);
    const starters = findStarterPasses(exercises, `${grader}/${key}`, options.out, settings);
    settings.plans = Promise.all([tests, starters]).then(([listed, passes]) =>
      exercises.map((exercise) => planOf(exercise, listed.get(exercise.slug) ?? [], passes.get(exercise.slug), options)),
    );
    // Why grading stopped before the end, if it did: an official file changed, or the points cannot be planned.
    let stopped: Error | undefined;
    const stop = (error: Error) => {
      stopped ??= error;
      killTracked();
    };
    settings.plans.catch(stop);

    console.log(
      `Grading ${plural(chosen.length, 'submission')} x ${plural(exercises.length, 'exercise')} (${exercises.map((e) => e.id).join(', ')}), ` +
        `${options.jobs} at a time${options.shard ? `, slice ${options.shard.index} of ${options.shard.count}` : ''}.`,
    );
    const progress = new Progress(chosen.length);
    // A submission the grader cannot even read (a file without read permission, say) is skipped,
    // said, and not written, so that --resume tries it again; the others are graded.
    const failures: string[] = [];
    const grading = new Set<string>();
    await inParallel(chosen, options.jobs, async (submission) => {
      if (stopped) return;
      grading.add(submission.student);
      try {
        const resumeKey = submissionKey(submission, exercises, grader, key);
        const regraded = options.regrade?.students.includes(submission.student) ?? false;
        const stored = options.resume || options.regrade ? readResult(options.out, submission.student) : undefined;
        if (stored && (stored.key === resumeKey || options.regrade) && !regraded) {
          progress.finished(stored, true);
          return;
        }
        const graded = await gradeSubmission(submission, resumeKey, settings, exercises);
        const result =
          regraded && options.regrade ? { ...graded, regrades: [...(stored?.regrades ?? []), { at: new Date().toISOString(), reason: options.regrade.reason }] } : graded;
        // The tests must still be the instructor's, or this grade (and any after) means nothing.
        const changed = changedFiles(official, snapshotOfficialTree(options.hiddenTests));
        if (changed.length) stop(tamperingError(changed, [...grading]));
        if (stopped) return;
        writeResult(options.out, result);
        progress.finished(result, false);
      } catch (error) {
        if (!stopped) failures.push(`${submission.student}: ${(error as Error).message}`);
      } finally {
        grading.delete(submission.student);
      }
    });
    progress.end();
    // Counted once more for the whole class: nothing of any submission may outlive grading.
    const stray = await killRunLeftovers(runId, gradingFolder(runId));
    if (stray) {
      const what = stray === 1 ? 'process of this run was still running, and was killed' : 'processes of this run were still running, and were killed';
      console.error(pc.yellow(`After grading, ${stray} ${what}.`));
    }
    const changed = changedFiles(official, snapshotOfficialTree(options.hiddenTests));
    if (stopped || changed.length) throw stopped ?? tamperingError(changed, []);
    const freebies = [...(await starters).values()].reduce((sum, names) => sum + names.size, 0);
    if (freebies) console.log(`The untouched starters pass ${plural(freebies, 'check')}: those are worth no points, and their points go to the checks the starters fail.`);

    // The gradebook lists every student of the class graded on these exercises, in this run or an
    // earlier one (so --only can regrade one student without losing the others).
    const names = new Set(all.map((submission) => submission.student));
    const columns = exercises.map((exercise) => exercise.id).join(',');
    const graded = readAllResults(options.out).filter((result) => names.has(result.student) && result.exercises.map((exercise) => exercise.id).join(',') === columns);
    const results = await withSimilarity(forOutputs(graded, all, exercises, options.deadline), all, options);
    writeOutputs(options.out, results, options.formats);
    console.log(`\n${summaryTable(results)}\n`);
    const relative = path.relative(process.env.INIT_CWD ?? process.cwd(), options.out);
    const shown = relative.startsWith('..') ? options.out : relative || '.';
    console.log(`Gradebook: ${pc.bold(path.join(shown, 'gradebook.csv'))}   feedback: ${path.join(shown, 'feedback')}/<student>.md and .html`);
    if (failures.length === 0) return 0;
    console.error(`${pc.red(`The grader could not grade ${plural(failures.length, 'submission')}:`)}\n${failures.map((f) => `  ${f}`).join('\n')}`);
    return 1;
  } finally {
    stopListening();
    rmSync(gradingFolder(runId), { recursive: true, force: true });
  }
}
