/**
 * What the autograder's two scripts run (gradescope-scripts.ts), in Node:
 *
 *   prepare [--exercises ...]   from setup.sh, once, when Gradescope builds the image: grades the
 *                               untouched starters, which every submission's points depend on,
 *                               and keeps the answer in the image
 *   grade [--exercises ...]     from run_autograder, once per submission: lays out the student's
 *                               upload, grades it with `pnpm grade --no-sandbox --format gradescope`
 *                               and writes /autograder/results/results.json
 *
 * Without a sandbox, because Gradescope's containers do not let bubblewrap make the namespaces it
 * needs; the container, thrown away after each submission, is the wall between students, and
 * Node's permission model still confines the student's programs. /autograder is $AUTOGRADER_ROOT
 * where that is set, so a test can run all this against a folder of its own.
 *
 * When the grader cannot grade at all, no results.json is written and the exit code is not 0:
 * Gradescope then shows the submission as an autograder failure (not the student's fault, and
 * not a 0), and its stdout, which only instructors see, says why.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { exerciseSlugs, loadExercise, root } from '@workbook/course';
import { arrangeUpload } from './gradescope-upload.ts';

/** Where setup.sh leaves the untouched starters' results (the grader's starters.json). */
const prepared = path.join(root, '.workbook', 'gradescope');
const workbookCommand = path.join(root, 'packages', 'cli', 'bin', 'workbook.mjs');
/** The student's name in the grader's files, and so the name of the Gradescope file it writes. */
const student = 'submission';

/**
 * `pnpm grade <submissions> --format gradescope --no-sandbox --out <out>`, run as pnpm runs the
 * script (the workbook command), so that grading needs neither pnpm nor the network; its output
 * goes to Gradescope's stdout, which only instructors see.
 */
function pnpmGrade(submissions: string, out: string, exercises: string | undefined): { ok: boolean; seconds: number } {
  const args = ['grade', submissions, '--format', 'gradescope', '--no-sandbox', '--out', out, ...(exercises ? ['--exercises', exercises] : [])];
  const started = Date.now();
  const run = spawnSync(process.execPath, [workbookCommand, ...args], { stdio: 'inherit', env: { ...process.env, NO_COLOR: '1' } });
  if (run.error) console.error(`Could not start the grader: ${run.error.message}`);
  return { ok: run.status === 0, seconds: Math.round((Date.now() - started) / 1000) };
}

/** A class of one, `<work>/class/submission/`: the class to grade, and the student's own folder. */
function classOfOne(work: string): { dir: string; own: string } {
  const dir = path.join(work, 'class');
  mkdirSync(path.join(dir, student), { recursive: true });
  return { dir, own: path.join(dir, student) };
}

function prepare(exercises: string | undefined): number {
  const work = mkdtempSync(path.join(tmpdir(), 'workbook-gradescope-'));
  try {
    rmSync(prepared, { recursive: true, force: true });
    // A submission of nothing: graded as missing everywhere, but the starters are graded first.
    const { ok } = pnpmGrade(classOfOne(work).dir, prepared, exercises);
    if (!ok || !existsSync(path.join(prepared, 'starters.json'))) {
      console.error('The grader could not grade the untouched starters (its message is above), so the autograder would not work.');
      return 1;
    }
    console.log('The untouched starters are graded: every submission will be graded with their results.');
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

interface GradescopeResults {
  output?: string;
  output_format?: string;
  execution_time?: number;
  [field: string]: unknown;
}

/** Text that Markdown would otherwise read as formatting. */
const escapeMarkdown = (text: string) => text.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);

/**
 * Gradescope's results.json: the grader's, with its summary (one line per exercise, "ex02 Title:
 * passed") as a Markdown list below the notes about the upload, and the time grading took.
 */
export function finishResults(results: GradescopeResults, notes: string[], seconds: number): GradescopeResults {
  const finished = { ...results };
  if (finished.output_format === undefined) {
    const lines = (results.output ?? '').split('\n').filter(Boolean);
    const list = lines.map((line) => {
      const [id, ...rest] = line.split(' ');
      return `- **${escapeMarkdown(id ?? '')}** ${escapeMarkdown(rest.join(' '))}`;
    });
    finished.output = [...notes.map(escapeMarkdown), list.join('\n')].filter(Boolean).join('\n\n');
    finished.output_format = 'md';
  } else if (notes.length) {
    finished.output = [...notes, results.output ?? ''].join('\n\n');
  }
  finished.execution_time ??= seconds;
  return finished;
}

function grade(exercises: string | undefined): number {
  const autograder = process.env.AUTOGRADER_ROOT ?? '/autograder';
  const chosen = exercises?.split(',') ?? exerciseSlugs();
  const models = exerciseSlugs()
    .filter((slug) => chosen.some((name) => slug === name || slug.slice(0, 4) === name))
    .map((slug) => loadExercise(slug));
  const work = mkdtempSync(path.join(tmpdir(), 'workbook-gradescope-'));
  try {
    const { dir, own } = classOfOne(work);
    const notes = arrangeUpload(path.join(autograder, 'submission'), models, own);
    const out = path.join(work, 'grades');
    mkdirSync(out, { recursive: true });
    if (existsSync(path.join(prepared, 'starters.json'))) cpSync(path.join(prepared, 'starters.json'), path.join(out, 'starters.json'));

    const { ok, seconds } = pnpmGrade(dir, out, exercises);
    const written = path.join(out, 'gradescope', `${student}.json`);
    if (!ok || !existsSync(written)) {
      console.error('The grader could not grade this submission (its message is above): no results were written, so Gradescope shows an autograder failure.');
      return 1;
    }
    const results = finishResults(JSON.parse(readFileSync(written, 'utf8')) as GradescopeResults, notes, seconds);
    mkdirSync(path.join(autograder, 'results'), { recursive: true });
    writeFileSync(path.join(autograder, 'results', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function main(args: string[]): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { exercises: { type: 'string' } } });
  const [step] = positionals;
  if (step === 'prepare') return prepare(values.exercises);
  if (step === 'grade') return grade(values.exercises);
  console.error('Usage: gradescope-run.ts prepare|grade [--exercises ex02,...] (run by setup.sh and run_autograder)');
  return 2;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2));
}
