/**
 * Hidden tests, visibility, due dates and regrades, graded for real: the class in
 * fixtures/hidden-class (see its README) on ex02, with the hidden tests in fixtures/hidden-tests.
 * Every output a student reads is searched for the hidden tests' names and what they send.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import type { SubmissionResult } from '../src/types.ts';
import { readResults, runGrader, tempFolder } from './grading.ts';

const classDir = fileURLToPath(new URL('./fixtures/hidden-class', import.meta.url));
const hiddenTests = fileURLToPath(new URL('./fixtures/hidden-tests', import.meta.url));
const grading = ['--exercises', 'ex02', '--hidden', hiddenTests, '--format', 'junit,gradescope,classroom'];

/** Words of the hidden tests that must never reach a student while they are hidden. */
const secrets = ['quokka', 'marmalade', 'hidden-tests', 'grading.json'];
const afterDueSecret = 'wombat';

/** Every file a student reads, as text: feedback, JUnit, and Classroom's results decoded. */
function studentFacing(out: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const folder of ['feedback', 'junit', 'classroom']) {
    const dir = path.join(out, folder);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      let text = readFileSync(path.join(dir, name), 'utf8');
      if (name.endsWith('.env')) text = text.replace(/=(\S+)/g, (_, value: string) => `=${Buffer.from(value, 'base64').toString('utf8')}`);
      files.set(`${folder}/${name}`, text);
    }
  }
  return files;
}

function byStudent(out: string): Map<string, SubmissionResult> {
  return new Map(readResults(out).students.map((result) => [result.student, result]));
}

describe('hidden tests', () => {
  const out = tempFolder('hidden');
  let run: ReturnType<typeof runGrader>;
  beforeAll(() => {
    run = runGrader([classDir, ...grading, '--out', out, '--due', '2099-01-01T00:00Z']);
  }, 180_000);

  test('run after the public ones, and counted in the points', () => {
    expect(run.status, run.err).toBe(0);
    const honest = byStudent(out).get('honest');
    const tests = honest?.exercises[0]?.tests ?? [];
    expect(tests.map((t) => [t.name, t.status, t.visibility])).toEqual([
      ['GET / answers 200 with the happy text', 'passed', undefined],
      ['the answer says it is plain text in UTF-8', 'passed', undefined],
      ['Content-Length is the size of the body in bytes', 'passed', undefined],
      ['any path gets the happy answer', 'passed', undefined],
      ['any method gets the happy answer', 'passed', undefined],
      ['hidden: the quokka path gets the happy answer', 'passed', 'hidden'],
      ['hidden: echoes the quokka secret', 'failed', 'hidden'],
      ['after the due date: the wombat path answers 200', 'passed', 'after-due'],
    ]);
    // 10 points: the echo test is worth 2 (grading.json), the other seven share 8.
    expect(honest?.points).toBe(8);
    expect(honest?.maxPoints).toBe(10);
  });

  test('a student program cannot read them: the one that tries fares like the honest one', () => {
    expect(byStudent(out).get('snoops')?.points).toBe(8);
  });

  test('no student-facing output names them or says what they send; the feedback says how many failed', () => {
    const files = studentFacing(out);
    expect([...files.keys()].sort()).toEqual([
      'classroom/honest.env',
      'classroom/honest.runners',
      'classroom/snoops.env',
      'classroom/snoops.runners',
      'feedback/honest.html',
      'feedback/honest.md',
      'feedback/snoops.html',
      'feedback/snoops.md',
      'junit/honest.xml',
      'junit/snoops.xml',
    ]);
    for (const [file, text] of files) {
      for (const secret of [...secrets, afterDueSecret]) expect(text.toLowerCase(), `${file} holds "${secret}"`).not.toContain(secret);
    }
    expect(files.get('feedback/honest.md')).toContain('1 of 3 hidden checks failed.');
  });

  test('the instructor sees everything: results.json in full, Gradescope told each test’s visibility', () => {
    const gradescope = JSON.parse(readFileSync(path.join(out, 'gradescope', 'honest.json'), 'utf8')) as { tests: Array<{ name: string; visibility: string; output: string }> };
    const visibility = Object.fromEntries(gradescope.tests.map((t) => [t.name, t.visibility]));
    expect(visibility['ex02 hidden: echoes the quokka secret']).toBe('hidden');
    expect(visibility['ex02 after the due date: the wombat path answers 200']).toBe('after_due_date');
    expect(visibility['ex02 GET / answers 200 with the happy text']).toBe('visible');
    expect(readFileSync(path.join(out, 'results.json'), 'utf8')).toContain('marmalade-4242');
  });

  test('after the due date, the after-due test is shown and the hidden ones still are not; late work loses points by the rule', () => {
    // The results are kept (--resume): the due date and the late rule apply when the outputs are written.
    const again = runGrader([classDir, ...grading, '--out', out, '--resume', '--due', '2020-01-01T00:00Z', '--late', 'penalty:10%/day,min:50%']);
    expect(again.status, again.err).toBe(0);
    const feedback = readFileSync(path.join(out, 'feedback', 'honest.md'), 'utf8');
    expect(feedback).toContain('the wombat path answers 200');
    for (const secret of secrets) expect(feedback.toLowerCase()).not.toContain(secret);
    expect(feedback).toContain('1 of 2 hidden checks failed.');
    // Handed in years after 2020 (the newest file's time): the floor keeps half of the 8 points.
    expect(feedback).toMatch(/Handed in .* \(from the newest file\), due 2020-01-01 00:00 UTC: \d+ days late, 10% off a day, never more than 50%: 50% off\./);
    const honest = byStudent(out).get('honest');
    expect(honest?.late).toMatchObject({ source: 'files', penaltyPercent: 50, rawPoints: 8 });
    expect(honest?.points).toBe(4);
    const gradebook = readFileSync(path.join(out, 'gradebook.csv'), 'utf8').split('\n');
    expect(gradebook[0]).toBe('student,ex02,before late penalty,late penalty %,handed in,time from,total,max,percent,status,notes');
    expect(gradebook.find((line) => line.startsWith('honest,'))).toMatch(/^honest,8,8,50,\d{4}-.*,files,4,10,40,partial,/);
  }, 180_000);

  test('--times gives when each student handed in, and an extension moves one student’s due date', () => {
    const times = path.join(tempFolder('times'), 'times.csv');
    writeFileSync(times, 'student,time,due\nhonest,2026-06-03T00:00Z\nsnoops,2026-06-03T00:00Z,2026-06-05T00:00Z\n');
    const again = runGrader([classDir, ...grading, '--out', out, '--resume', '--due', '2026-06-01T00:00Z', '--late', 'penalty:10%/day', '--times', times]);
    expect(again.status, again.err).toBe(0);
    const results = byStudent(out);
    expect(results.get('honest')?.late).toMatchObject({ source: 'times', penaltyPercent: 20 });
    expect(results.get('honest')?.points).toBe(6.4);
    expect(results.get('snoops')?.late).toMatchObject({ source: 'times', penaltyPercent: 0, due: '2026-06-05T00:00:00.000Z' });
    expect(readFileSync(path.join(out, 'feedback', 'snoops.md'), 'utf8')).toContain(
      'Handed in 2026-06-03 00:00 UTC (from the times file), due 2026-06-05 00:00 UTC: on time.',
    );
  }, 180_000);

  test('--regrade grades the students named again, keeps everyone else, and says who, when and why', () => {
    const again = runGrader([classDir, ...grading, '--out', out, '--regrade', 'snoops', '--reason', 'the quokka test was fixed']);
    expect(again.status, again.err).toBe(0);
    const results = byStudent(out);
    expect(results.get('snoops')?.regrades).toEqual([{ at: expect.any(String), reason: 'the quokka test was fixed' }]);
    expect(results.get('honest')?.regrades).toBeUndefined();
    const gradebook = readFileSync(path.join(out, 'gradebook.csv'), 'utf8');
    expect(gradebook).toMatch(/snoops,.*regraded \d{4}-\d\d-\d\d \d\d:\d\d UTC: the quokka test was fixed/);
  }, 180_000);

  test('--similarity writes the similarity report beside the gradebook, and notes similar pairs there, never in the points', () => {
    const again = runGrader([classDir, ...grading, '--out', out, '--resume', '--similarity']);
    expect(again.status, again.err).toBe(0);
    expect(existsSync(path.join(out, 'similarity.csv'))).toBe(true);
    expect(existsSync(path.join(out, 'similarity.html'))).toBe(true);
    const honest = readFileSync(path.join(out, 'gradebook.csv'), 'utf8')
      .split('\n')
      .find((line) => line.startsWith('honest,'));
    expect(honest).toMatch(/^honest,8,8,10,80,partial,.*ex02: 100% similar to \(reference solution\) \(see similarity\.html\)/);
  }, 180_000);
});
