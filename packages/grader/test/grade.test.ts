/**
 * `pnpm grade` on the sample class (sample-class/, see its README), as an instructor runs
 * it: a real process, no terminal. Every submission gets its verdict and points, nothing it
 * started outlives the run, and a grader killed halfway finishes with --resume as if it never was.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { grade } from '../src/command.ts';
import type { SubmissionResult, Verdict } from '../src/types.ts';
import { bin, cleanEnv, eventually, gradingProcesses, hashOf, readResults, root, runGrader, tempFolder as outFolder } from './grading.ts';

const classDir = fileURLToPath(new URL('../sample-class', import.meta.url));
const threeExercises = ['--exercises', 'ex01,ex02,ex03'];

describe('grading the sample class', () => {
  const out = outFolder('class');
  const officialTest = path.join(root, 'exercises', 'ex02-happy-server', 'server.test.ts');
  const officialBefore = hashOf(officialTest);
  let run: ReturnType<typeof runGrader>;
  let results: Map<string, SubmissionResult>;

  beforeAll(() => {
    run = runGrader([classDir, ...threeExercises, '--out', out, '--format', 'junit,gradescope,classroom']);
    results = new Map(readResults(out).students.map((result) => [result.student, result]));
  }, 180_000);

  test('grading finishes with exit code 0, one plain line per student, and a summary per exercise', () => {
    expect(run.err).toBe('');
    expect(run.status).toBe(0);
    expect(run.out).not.toMatch(/\x1b\[/);
    expect(run.out).toContain('Grading 11 submissions x 3 exercises (ex01, ex02, ex03)');
    expect(run.out).toMatch(/\[11\/11\] \S+ {2}[\d.]+\/30/);
    expect(run.out).toMatch(/ex02 {2}2\/8 passed \(25%\) +3 missing/);
  });

  const expected: Array<[string, string, Verdict, number]> = [
    ['full-marks', 'ex01', 'passed', 10],
    ['full-marks', 'ex02', 'passed', 10],
    ['full-marks', 'ex03', 'passed', 10],
    ['hands-in-nothing', 'ex02', 'missing', 0],
    ['does-not-compile', 'ex02', 'does-not-compile', 0],
    ['loops-at-start', 'ex02', 'timed-out', 0],
    ['never-listens', 'ex02', 'did-not-start', 0],
    ['fixed-port', 'ex02', 'did-not-start', 0],
    ['crashes-on-request', 'ex02', 'crashed', 0],
    // ex03's starter already passes one of its four checks: it is worth nothing, the others 3.33 each.
    ['hangs-on-request', 'ex03', 'timed-out', 6.67],
    ['floods-output', 'ex02', 'passed', 10],
    ['edits-the-tests', 'ex02', 'failed', 0],
    ['fails-some-tests', 'ex03', 'failed', 3.33],
  ];

  test.each(expected)('%s, %s: %s, %d points', (student, id, verdict, points) => {
    const exercise = results.get(student)?.exercises.find((e) => e.id === id);
    expect(exercise?.verdict).toBe(verdict);
    expect(exercise?.points).toBe(points);
  });

  test('the gradebook has a row per student: points per exercise, total, percent, status and notes', () => {
    const rows = readFileSync(path.join(out, 'gradebook.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('student,ex01,ex02,ex03,total,max,percent,status,notes');
    expect(rows).toHaveLength(12);
    expect(rows).toContain('full-marks,10,10,10,30,30,100,passed,');
    expect(rows).toContain('hands-in-nothing,0,0,0,0,30,0,missing,');
    expect(rows).toContain('hangs-on-request,0,0,6.67,6.67,30,22.2,partial,');
    expect(rows).toContain('never-listens,0,0,0,0,30,0,failed,');
  });

  test('a check that failed on its own keeps its points apart: partial credit per passed check', () => {
    const ex03 = results.get('fails-some-tests')?.exercises.find((e) => e.id === 'ex03');
    expect(ex03?.tests.map((t) => [t.status, t.points, t.maxPoints])).toEqual([
      ['passed', 0, 0],
      ['failed', 0, 3.34],
      ['passed', 3.33, 3.33],
      ['failed', 0, 3.33],
    ]);
    const failed = ex03?.tests.find((t) => t.status === 'failed');
    expect(failed?.message).toContain('Expected body: "Resource not available"');
    expect(failed?.message).toContain('Received body: "Not found"');
  });

  test('each verdict explains itself in the feedback, in Markdown and in HTML', () => {
    const feedback = (student: string, kind = 'md') => readFileSync(path.join(out, 'feedback', `${student}.${kind}`), 'utf8');
    expect(feedback('does-not-compile')).toMatch(/exercises\/ex02-happy-server\/server\.ts:\d+:\d+: ERROR/);
    expect(feedback('does-not-compile')).not.toContain('.workbook');
    expect(feedback('never-listens')).toContain('nothing listened on port');
    expect(feedback('fixed-port')).toContain('listens on port 59999');
    expect(feedback('loops-at-start')).toContain('a loop that never ends');
    expect(feedback('crashes-on-request')).toContain('Your program crashed while answering');
    expect(feedback('crashes-on-request')).toContain('JSON');
    expect(feedback('hangs-on-request')).toContain('No complete answer arrived in time');
    expect(feedback('full-marks')).toContain('**30 of 30 points (100%)**');
    expect(feedback('fails-some-tests', 'html')).toContain('<h1>Feedback for fails-some-tests</h1>');
    for (const format of ['junit/full-marks.xml', 'gradescope/full-marks.json', 'classroom/full-marks.env', 'classroom/full-marks.runners']) {
      expect(existsSync(path.join(out, format)), format).toBe(true);
    }
  });

  test('an edited test file changes nothing: the official tests ran, untouched, and the edit is flagged', () => {
    const student = results.get('edits-the-tests');
    expect(student?.exercises.find((e) => e.id === 'ex02')?.editedOfficialFiles).toEqual(['exercises/ex02-happy-server/server.test.ts']);
    expect(student?.notes.join('\n')).toContain('tests edited in the submission');
    expect(hashOf(officialTest)).toBe(officialBefore);
  });

  test('no process is left behind, and the copies are gone', () => {
    expect(gradingProcesses(run.pid)).toEqual([]);
    expect(readdirSync(path.join(root, '.workbook', 'grading')).filter((runId) => runId.endsWith(`-${run.pid}`))).toEqual([]);
    expect(results.get('floods-output')?.notes).toEqual([]);
  });
  test('megabytes of output stay out of the results: what is kept is bounded', () => {
    expect(statSync(path.join(out, 'results', 'floods-output.json')).size).toBeLessThan(20_000);
    expect(statSync(path.join(out, 'results.json')).size).toBeLessThan(400_000);
  });

  test('a grader killed mid-run leaves nothing running, and --resume finishes with the same gradebook', async () => {
    const students = ['crashes-on-request', 'edits-the-tests', 'fails-some-tests'];
    const args = [classDir, '--only', students.join(','), ...threeExercises, '--jobs', '1'];
    const interrupted = outFolder('interrupted');
    const grader = spawn(process.execPath, [bin, 'grade', ...args, '--out', interrupted], { env: cleanEnv(), stdio: 'ignore' });
    const resultsDir = path.join(interrupted, 'results');
    const someDone = await eventually(() => existsSync(resultsDir) && readdirSync(resultsDir).some((f) => f.endsWith('.json')), 60_000);
    expect(someDone).toBe(true);
    grader.kill('SIGKILL');
    // The tests the grader was running notice it is gone and clean up after themselves.
    expect(await eventually(() => gradingProcesses(grader.pid).length === 0, 15_000)).toBe(true);

    const resumed = runGrader([...args, '--out', interrupted, '--resume']);
    expect(resumed.status).toBe(0);
    expect(resumed.out).toContain('(already graded)');
    const rowsOf = (folder: string) => readFileSync(path.join(folder, 'gradebook.csv'), 'utf8').trim().split('\n');
    const expectedRows = rowsOf(out).filter((row, i) => i === 0 || students.includes(row.split(',')[0] ?? ''));
    expect(rowsOf(interrupted)).toEqual(expectedRows);
  }, 120_000);

  test('merge puts slices back together into the same gradebook', () => {
    const slices = [outFolder('slice-1'), outFolder('slice-2')];
    readdirSync(path.join(out, 'results')).forEach((file, i) => {
      const slice = slices[i % 2] ?? '';
      mkdirSync(path.join(slice, 'results'), { recursive: true });
      cpSync(path.join(out, 'results', file), path.join(slice, 'results', file));
    });
    const merged = outFolder('merged');
    const { status } = runGrader(['merge', ...slices, '--out', merged]);
    expect(status).toBe(0);
    expect(readFileSync(path.join(merged, 'gradebook.csv'), 'utf8')).toBe(readFileSync(path.join(out, 'gradebook.csv'), 'utf8'));
  });
});

test('an exercise past its time limit is stopped, and the checks that passed before still count', () => {
  // Three answers, then silence: its last two checks wait 3 s each, longer than the 5 s limit allows.
  const out = outFolder('limit');
  const submission = fileURLToPath(new URL('./fixtures/stops-answering', import.meta.url));
  const { status, pid } = runGrader([submission, '--exercises', 'ex02', '--exercise-timeout', '5', '--out', out]);
  expect(status).toBe(0);
  const ex02 = readResults(out).students[0]?.exercises[0];
  expect(ex02?.verdict).toBe('timed-out');
  expect(ex02?.summary).toContain('stopped after 5 s');
  const passed = ex02?.tests.filter((t) => t.status === 'passed') ?? [];
  expect(passed.length).toBeGreaterThan(0);
  expect(ex02?.points).toBe(passed.length * 2);
  expect(ex02?.tests.at(-1)?.status).not.toBe('passed');
  expect(gradingProcesses(pid)).toEqual([]);
});

test('--shard grades only its slice of the class', () => {
  const out = outFolder('shard');
  const { status, out: printed } = runGrader([classDir, '--only', 'hands-in-nothing,never-listens', '--exercises', 'ex02', '--shard', '1/2', '--out', out]);
  expect(status).toBe(0);
  expect(printed).toContain('Grading 1 submission x');
  expect(readdirSync(path.join(out, 'results'))).toEqual(['hands-in-nothing.json']);
});

test('when the grader itself cannot run, it says why, with exit code 1', async () => {
  const errors: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((text: string) => errors.push(text));
  const notAFolder = path.join(outFolder('file'), 'file.txt');
  writeFileSync(notAFolder, '');
  const status = await grade([classDir, '--out', path.join(notAFolder, 'grades')]);
  vi.restoreAllMocks();
  expect(status).toBe(1);
  expect(errors.join('\n')).toContain('The grader could not run: cannot write the results to');
});

describe('what was typed is checked first: exit code 2, what is wrong, and what is valid', () => {
  const errors: string[] = [];
  afterEach(() => {
    errors.length = 0;
    vi.restoreAllMocks();
  });
  const graded = async (...args: string[]) => {
    vi.spyOn(console, 'error').mockImplementation((text: string) => errors.push(text));
    vi.spyOn(console, 'log').mockImplementation(() => {});
    return { status: await grade(args), error: errors.join('\n') };
  };

  test.each([
    [[], 'Which submissions?'],
    [['/no/such/folder'], '"/no/such/folder" is not a folder'],
    [[classDir, '--exercises', 'ex99'], 'There is no exercise "ex99". The exercises are: ex01, ex02'],
    [[classDir, '--format', 'pdf'], 'Unknown --format pdf. The formats are: junit, gradescope, classroom'],
    [[classDir, '--shard', '3/2'], '--shard takes K/N with 1 <= K <= N'],
    [[classDir, '--jobs', 'many'], '--jobs takes a whole number greater than 0'],
    [[classDir, '--only', 'nobody'], 'No submission named nobody'],
    [[classDir, '--jbos', '2'], "Unknown option '--jbos'"],
    [['merge', classDir], 'Add --out <folder>'],
  ])('grade %j', async (args, message) => {
    const { status, error } = await graded(...args);
    expect(status).toBe(2);
    expect(error).toContain(message);
    expect(error).toContain('--jobs <n>');
  });
});
