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
import { listOfficialTests } from './official-tests.ts';
import { changedFiles, snapshotOfficialTree } from './official-tree.ts';
import { gradeUsage, parseGradeOptions, parseMergeOptions, type GradeOptions } from './options.ts';
import { planPoints, PointsError } from './points.ts';
import { inParallel } from './pool.ts';
import { Progress } from './progress.ts';
import { readAllResults, readResult, writeResult } from './results-store.ts';
import { chooseSandbox } from './sandbox.ts';
import { studentsOfShard } from './shard.ts';
import { findStarterPasses } from './starter-baseline.ts';
import { findSubmissions, type Submission } from './submissions.ts';
import { summaryTable } from './summary.ts';
import { ExerciseJsonError, UsageError } from '@workbook/course';
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
  const official = snapshotOfficialTree();

  const grader = graderFingerprint({ limits, sandboxed: sandbox.bwrap !== undefined });
  const runId = newRunId();
  const settings: GradeSettings = {
    runId,
    plans: Promise.resolve([]),
    limits,
    bwrap: sandbox.bwrap,
    cgroups,
    hidden: [options.submissions, options.out].map((dir) => realpathSync(dir)),
    notes: sandbox.bwrap ? [] : ['graded without a sandbox (--no-sandbox)'],
  };
  const limitsBy = sandbox.bwrap ? `the test kit's watch and ${cgroups?.name ?? 'no cgroup (none can be made here)'}` : "the test kit's watch";
  console.log(`Sandbox: ${sandbox.description}. Limits: ${limitsBy}.`);

  const stopListening = stopOnInterrupt(runId, options.out);
  try {
    // How the points are split needs the names of the official tests, and the checks the untouched
    // starters pass (worth nothing): the grader finds those by grading the starters. Both happen
    // beside the class; a submission's points wait for them, and nothing is written before.
    const key = officialFingerprint(exercises);
    const testNames = listOfficialTests(exercises);
    const starters = findStarterPasses(exercises, `${grader}/${key}`, options.out, settings);
    settings.plans = Promise.all([testNames, starters]).then(([names, passes]) =>
      exercises.map((exercise) => planPoints(exercise, names.get(exercise.slug) ?? [], passes.get(exercise.slug))),
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
        const stored = options.resume ? readResult(options.out, submission.student) : undefined;
        if (stored?.key === resumeKey) {
          progress.finished(stored, true);
          return;
        }
        const result = await gradeSubmission(submission, resumeKey, settings, exercises);
        // The tests must still be the instructor's, or this grade (and any after) means nothing.
        const changed = changedFiles(official);
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
    const changed = changedFiles(official);
    if (stopped || changed.length) throw stopped ?? tamperingError(changed, []);
    const freebies = [...(await starters).values()].reduce((sum, names) => sum + names.size, 0);
    if (freebies) console.log(`The untouched starters pass ${plural(freebies, 'check')}: those are worth no points, and their points go to the checks the starters fail.`);

    // The gradebook lists every student of the class graded on these exercises, in this run or an
    // earlier one (so --only can regrade one student without losing the others).
    const names = new Set(all.map((submission) => submission.student));
    const columns = exercises.map((exercise) => exercise.id).join(',');
    const results = readAllResults(options.out).filter((result) => names.has(result.student) && result.exercises.map((exercise) => exercise.id).join(',') === columns);
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
