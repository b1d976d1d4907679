/**
 * `pnpm grade similarity <submissions>`: who shares code with whom, per exercise, without grading
 * anyone: similarity.csv and similarity.html (see report.ts). Nothing a student handed in is
 * run, only read. Exit code 0 once the report is written; 2 for a wrong argument; 1 when it
 * cannot be written or an official exercise cannot be read.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ExerciseJsonError, exerciseSlugs, loadExercise, UsageError, type Exercise } from '@workbook/course';
import { pc } from '@workbook/testkit/color';
import { GraderError } from '../grader-error.ts';
import { fromWhereTyped } from '../options.ts';
import { findSubmissions } from '../submissions.ts';
import { parseThreshold } from './compare.ts';
import { defaultThreshold, writeSimilarityReport } from './report.ts';

export const similarityUsage = `Usage: pnpm grade similarity <submissions> [options]

Compares the files each student edits, exercise by exercise: every two students, and each student
with the reference solution and with the untouched starter. The starter is subtracted, so the
code everyone starts from does not count; renamed variables, moved functions and other comments
still match. Writes similarity.csv (every pair) and similarity.html (the similar pairs side by
side). Never part of the points.

<submissions> is found as pnpm grade finds it: one student's copy of the workbook (or of its
exercises/ folder), or a folder holding one such folder per student.

Options:
  --exercises <ex01,...>    compare only these exercises (default: all of them)
  --threshold <0-1>         a pair this similar or more is shown and counted (default ${defaultThreshold})
  --out <folder>            where similarity.csv and similarity.html go (default: grades)
  --help                    this text

The instructor's guide: docs/instructors.md, "Similarity"`;

function usageError(message: string): UsageError {
  return new UsageError(message, 'ERR_GRADE_USAGE');
}

/** `--exercises ex02,ex06 --exercises ex07`: the official exercises, as `pnpm grade` reads them. */
function pickExercises(values: string[] | undefined): Exercise[] {
  const slugs = exerciseSlugs();
  const names = values
    ?.flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter(Boolean);
  const wanted = names?.map((name) => {
    const found = slugs.find((slug) => slug === name || slug.slice(0, 4) === name);
    if (!found) throw usageError(`There is no exercise "${name}". The exercises are: ${slugs.map((slug) => slug.slice(0, 4)).join(', ')}.`);
    return found;
  });
  return [...new Set(wanted ?? slugs)].map((slug) => {
    try {
      return loadExercise(slug);
    } catch (error) {
      throw new GraderError(`cannot read the official exercise ${slug}: ${(error as Error).message}`);
    }
  });
}

/** Similar pairs (and a group's students) listed in the terminal; the report has them all. */
const printed = 20;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function similarity(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      exercises: { type: 'string', multiple: true },
      threshold: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(similarityUsage);
    return 0;
  }
  const [submissions, ...extra] = positionals;
  if (submissions === undefined) throw usageError('Which submissions? Give a folder: pnpm grade similarity <submissions>');
  if (extra.length) throw usageError(`Give one folder of submissions, not ${positionals.length}: ${positionals.join(' ')}`);
  const threshold = parseThreshold(values.threshold);
  const out = fromWhereTyped(values.out ?? 'grades');
  const all = findSubmissions(fromWhereTyped(submissions));
  const exercises = pickExercises(values.exercises);

  const result = writeSimilarityReport({ submissions: all, exercises, out, threshold });
  console.log(
    `Compared ${plural(result.pairs.length, 'pair')} of ${plural(all.length, 'submission')} on ${exercises.map((e) => e.id).join(', ')}: ` +
      `${result.flagged.length} at or above ${threshold.toFixed(2)}.`,
  );
  for (const pair of result.flagged.slice(0, printed)) {
    console.log(`  ${pair.exercise}  ${pair.similarity.toFixed(2)}  ${pair.a} and ${pair.b}  (longest shared: ${plural(pair.longestLines, 'line')})`);
  }
  if (result.flagged.length > printed) console.log(`  and ${result.flagged.length - printed} more (similarity.html lists them all)`);
  for (const cluster of result.clusters) {
    const more = cluster.students.length > printed ? `, and ${cluster.students.length - printed} more` : '';
    console.log(`  ${cluster.exercise}  a group of ${cluster.students.length}: ${cluster.students.slice(0, printed).join(', ')}${more}`);
  }
  for (const note of result.notes) console.log(pc.yellow(`  ${note}`));
  const relative = path.relative(process.env.INIT_CWD ?? process.cwd(), out);
  const shown = relative.startsWith('..') ? out : relative || '.';
  console.log(`\nReport: ${pc.bold(path.join(shown, 'similarity.html'))}   every pair: ${path.join(shown, 'similarity.csv')}   (never part of the points)`);
  return 0;
}

export function run(args: string[]): number {
  try {
    return similarity(args);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (error instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${pc.red('Error:')} ${message}\n\n${similarityUsage}`);
      return 2;
    }
    if (error instanceof GraderError || error instanceof ExerciseJsonError) {
      console.error(`${pc.red('The grader could not run:')} ${message}`);
      return 1;
    }
    throw error;
  }
}
