/**
 * The grader's pieces that need no process: how points are split, which students a shard takes,
 * where submissions are found, and what each output format says, with the escaping a student's
 * name or output needs.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { classroomRunners } from '../src/classroom.ts';
import { feedbackFor } from '../src/feedback-content.ts';
import { feedbackHtml } from '../src/feedback-html.ts';
import { feedbackMarkdown } from '../src/feedback-markdown.ts';
import { gradebookCsv } from '../src/gradebook-csv.ts';
import { gradescopeJson } from '../src/gradescope.ts';
import { junitXml } from '../src/junit.ts';
import { planPoints, PointsError, sumPoints } from '../src/points.ts';
import { Progress } from '../src/progress.ts';
import { parseShard, studentsOfShard } from '../src/shard.ts';
import { findSubmissions } from '../src/submissions.ts';
import { summarize } from '../src/summary.ts';
import type { ExerciseResult, SubmissionResult, TestResult } from '../src/types.ts';
import { UsageError, type Exercise } from '@workbook/course';

const classDir = fileURLToPath(new URL('../sample-class', import.meta.url));

function exercise(points: number, tests?: Record<string, number>): Exercise {
  return {
    id: 'ex09',
    slug: 'ex09-sample',
    title: 'A sample',
    lesson: 'lesson-09',
    points,
    needs: [],
    files: [{ name: 'server.ts', role: 'edit', starter: '' }],
    dir: '/nowhere',
    tests: tests ?? {},
    visibility: {},
  };
}

describe('points per test', () => {
  test('tests share the points equally, in hundredths that add up exactly', () => {
    const plan = planPoints(exercise(10), ['a', 'b', 'c']);
    expect(plan.tests.map((t) => t.maxCents)).toEqual([334, 333, 333]);
    expect(plan.maxCents).toBe(1000);
    expect(sumPoints([3.34, 3.33, 3.33])).toBe(10);
  });

  test('tests named in exercise.json get their points; the others share the rest', () => {
    const plan = planPoints(exercise(10, { b: 4 }), ['a', 'b', 'c']);
    expect(plan.tests).toEqual([
      { name: 'a', visibility: 'visible', maxCents: 300 },
      { name: 'b', visibility: 'visible', maxCents: 400 },
      { name: 'c', visibility: 'visible', maxCents: 300 },
    ]);
  });

  test('a test name that does not exist is named, with the tests that do', () => {
    expect(() => planPoints(exercise(10, { nope: 2 }), ['a', 'b'])).toThrow(/"nope", but there is no such test\. Its tests are:\n {2}a\n {2}b/);
  });

  test('points that add up to more, or (with every test named) to less, than the exercise stop grading', () => {
    expect(() => planPoints(exercise(10, { a: 6, b: 6 }), ['a', 'b', 'c'])).toThrow(PointsError);
    expect(() => planPoints(exercise(10, { a: 4, b: 4 }), ['a', 'b'])).toThrow(/add up to 8, but the exercise is worth 10/);
    expect(() => planPoints(exercise(10, { a: 1.234 }), ['a', 'b'])).toThrow(/at most two decimals/);
    expect(() => planPoints(exercise(10), [])).toThrow(/has no tests/);
  });
});

describe('--shard K/N', () => {
  const students = ['eve', 'bob', 'ann', 'dan', 'cat'].map((student) => ({ student }));

  test('every student is in exactly one slice, whatever order the folders came in', () => {
    const slices = [1, 2, 3].map((index) => studentsOfShard(students, { index, count: 3 }).map((s) => s.student));
    expect(slices).toEqual([['ann', 'dan'], ['bob', 'eve'], ['cat']]);
    expect(studentsOfShard([...students].reverse(), { index: 1, count: 3 }).map((s) => s.student)).toEqual(['ann', 'dan']);
  });

  test('a wrong shard says what is valid', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const wrong of ['0/2', '3/2', '2', 'a/b']) expect(() => parseShard(wrong)).toThrow(/--shard takes K\/N with 1 <= K <= N/);
  });
});

describe('finding submissions', () => {
  test('a class: one submission per folder, in either layout, an empty folder included', () => {
    const found = findSubmissions(classDir);
    expect(found).toHaveLength(11);
    const byName = Object.fromEntries(found.map((s) => [s.student, s.exercisesDir]));
    expect(byName['full-marks']).toBe(path.join(classDir, 'full-marks', 'exercises'));
    expect(byName['fails-some-tests']).toBe(path.join(classDir, 'fails-some-tests'));
    expect(byName['hands-in-nothing']).toBeUndefined();
  });

  test('one submission, and one wrapped in the extra folder of a zip export', () => {
    expect(findSubmissions(path.join(classDir, 'full-marks'))).toEqual([
      { student: 'full-marks', dir: path.join(classDir, 'full-marks'), exercisesDir: path.join(classDir, 'full-marks', 'exercises') },
    ]);
    const zipped = mkdtempSync(path.join(tmpdir(), 'workbook-zip-'));
    mkdirSync(path.join(zipped, 'zoe', 'http-workbook-main', 'exercises', 'ex02-happy-server'), { recursive: true });
    expect(findSubmissions(zipped)[0]?.exercisesDir).toBe(path.join(zipped, 'zoe', 'http-workbook-main', 'exercises'));
  });

  test('a path that is not a folder, or holds nothing, is a usage error', () => {
    expect(() => findSubmissions(path.join(classDir, 'README.md'))).toThrow(UsageError);
    expect(() => findSubmissions(mkdtempSync(path.join(tmpdir(), 'workbook-none-')))).toThrow(/holds no submissions/);
  });
});

function testResult(name: string, status: TestResult['status'], maxPoints: number, message?: string): TestResult {
  return { name, status, points: status === 'passed' ? maxPoints : 0, maxPoints, ...(message && { message }) };
}

function result(student: string, tests: TestResult[]): SubmissionResult {
  const ex: ExerciseResult = {
    id: 'ex09',
    slug: 'ex09-sample',
    title: 'A <sample>',
    verdict: tests.every((t) => t.status === 'passed') ? 'passed' : 'failed',
    summary: 'some checks pass',
    points: sumPoints(tests.map((t) => t.points)),
    maxPoints: sumPoints(tests.map((t) => t.maxPoints)),
    tests,
    editedOfficialFiles: [],
  };
  return { student, key: 'k', seed: 7, points: ex.points, maxPoints: ex.maxPoints, exercises: [ex], notes: [] };
}

describe('outputs', () => {
  const script = 'Received body: "<script>alert(1)</script>" and ``` fences';
  const sample = result('<b>mallory</b>', [
    testResult('answers / with a "quote"', 'passed', 3.34),
    testResult('answers 404 <everywhere>', 'failed', 3.33, script),
    testResult('never ran', 'not-run', 3.33),
  ]);

  test('gradebook.csv quotes what needs quoting, and never lets a cell be a formula', () => {
    const csv = gradebookCsv([result('=HYPERLINK("x"),evil', [testResult('a', 'passed', 2)])]);
    expect(csv.split('\n')[0]).toBe('student,ex09,total,max,percent,status,notes');
    expect(csv.split('\n')[1]).toBe(`"'=HYPERLINK(""x""),evil",2,2,2,100,passed,`);
  });

  test('HTML feedback escapes everything that came from the submission', () => {
    const html = feedbackHtml(feedbackFor(sample));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>mallory');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html).toContain('3.34 / 3.34');
  });

  test('Markdown feedback keeps a message inside its code block, whatever backticks it holds', () => {
    const markdown = feedbackMarkdown(feedbackFor(sample));
    expect(markdown).toContain('````text\nReceived body');
    expect(markdown).toContain('WORKBOOK_SEED=7 pnpm test exercises/ex09');
    expect(markdown).toContain('○ never ran (0 / 3.33), not run');
  });

  test('Gradescope and Classroom totals agree with the gradebook, however the tests are summed', () => {
    const gradescope = JSON.parse(gradescopeJson(sample)) as { score: number; tests: Array<{ score: number; max_score: number }> };
    expect(gradescope.score).toBe(sample.points);
    expect(sumPoints(gradescope.tests.map((t) => t.max_score))).toBe(sample.maxPoints);

    // Unequal tests: one runner per test, so (passed / tests) x max_score is each test's score.
    const runners = classroomRunners(sample);
    expect(runners.map((r) => r.id)).toEqual(['ex09_t1', 'ex09_t2', 'ex09_t3']);
    const summed = sumPoints(runners.flatMap((r) => r.results.tests.map((t) => t.score)));
    const byPassRate = sumPoints(runners.map((r) => (r.results.tests.filter((t) => t.status === 'pass').length / r.results.tests.length) * r.results.max_score));
    expect(summed).toBe(sample.points);
    expect(byPassRate).toBe(sample.points);
    expect(sumPoints(runners.map((r) => r.results.max_score))).toBe(sample.maxPoints);

    const equal = classroomRunners(result('ann', [testResult('a', 'passed', 5), testResult('b', 'failed', 5)]));
    expect(equal.map((r) => r.id)).toEqual(['ex09']);
  });

  test('JUnit XML carries points as properties, escaped, with the failure message', () => {
    const xml = junitXml(sample);
    expect(xml).toContain('<testsuites name="&#60;b&#62;mallory&#60;/b&#62;" tests="3" failures="2">');
    expect(xml).toContain('<property name="points" value="3.34"/><property name="max_points" value="3.34"/>');
    expect(xml).toContain('<failure message="Received body: &#34;&#60;script&#62;');
    expect(xml).toContain('This check did not run');
  });
});

describe('what the instructor sees while and after grading', () => {
  function fakeStream(isTTY: boolean) {
    const written: string[] = [];
    return { stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream, written };
  }

  test('off a terminal: one plain line per submission, then the total', () => {
    const { stream, written } = fakeStream(false);
    const progress = new Progress(2, stream);
    progress.finished(result('ann', [testResult('a', 'passed', 10)]), false);
    progress.finished(result('bob', [testResult('a', 'failed', 10)]), true);
    progress.end();
    expect(written.join('')).toMatch(/^ {2}\[1\/2\] ann {2}10\/10\n {2}\[2\/2\] bob {2}0\/10 {2}\(already graded\)\nGraded 1 submission in \d+s \(1 already graded\)\.\n$/);
  });

  test('on a terminal: one line that rewrites itself with done / total, failures so far, and the time left', () => {
    const { stream, written } = fakeStream(true);
    const progress = new Progress(3, stream);
    progress.finished(result('ann', [testResult('a', 'failed', 10)]), false);
    progress.end();
    const line = written.find((text) => text.includes('1/3')) ?? '';
    expect(line.startsWith('\r\x1b[2K')).toBe(true);
    expect(line).toMatch(/Grading: 1\/3 done, .*1 below full marks.*, about \d+s left/);
  });

  test("the summary counts each exercise's pass rate, who did not hand it in, and the most common failure", () => {
    const failing = (student: string, name: string) => result(student, [testResult('a', 'passed', 5), testResult(name, 'failed', 5, 'why')]);
    const [summary] = summarize([failing('ann', 'b'), failing('bob', 'b'), failing('cat', 'c'), result('dan', [testResult('a', 'passed', 5), testResult('b', 'passed', 5)])]);
    expect(summary).toMatchObject({ id: 'ex09', passed: 1, handedIn: 4, missing: 0, averagePoints: 6.25, commonFailure: { what: '“b”', students: 2 } });
  });
});
