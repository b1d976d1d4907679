/**
 * `--format junit`: `junit/<student>.xml`, one testsuite per exercise and one testcase per test,
 * for CI dashboards and LMS plugins that read JUnit. Points ride along as properties, since JUnit
 * has no field for them.
 */
import { formatPoints } from './points.ts';
import type { ExerciseResult, SubmissionResult, TestResult } from './types.ts';
import { studentTests } from './student-view.ts';
import { notRunMessage } from './verdicts.ts';

/** Escaped for XML text and attributes; control characters (from a student's output) are not allowed in XML at all. */
function xml(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '').replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const property = (name: string, value: string) => `<property name="${xml(name)}" value="${xml(value)}"/>`;

function testcase(exercise: ExerciseResult, test: TestResult): string {
  const properties = `<properties>${property('points', formatPoints(test.points))}${property('max_points', formatPoints(test.maxPoints))}</properties>`;
  let outcome = '';
  if (test.status === 'failed') {
    const firstLine = (test.message ?? 'failed').split('\n')[0] ?? '';
    outcome = `<failure message="${xml(firstLine)}">${xml(test.message ?? '')}</failure>`;
  } else if (test.status === 'not-run') {
    // A test that never ran earned nothing: it is a failure to a dashboard, not a skip.
    outcome = `<failure message="${xml(notRunMessage(exercise))}"/>`;
  }
  return `    <testcase classname="${xml(exercise.slug)}" name="${xml(test.name)}">${properties}${outcome}</testcase>`;
}

export function junitXml(result: SubmissionResult): string {
  const failures = (tests: TestResult[]) => tests.filter((test) => test.status !== 'passed').length;
  const all = result.exercises.flatMap(studentTests);
  const suites = result.exercises.map((exercise) => {
    const properties = [
      property('verdict', exercise.verdict),
      property('points', formatPoints(exercise.points)),
      property('max_points', formatPoints(exercise.maxPoints)),
    ].join('');
    return [
      `  <testsuite name="${xml(`${exercise.id} ${exercise.title}`)}" tests="${studentTests(exercise).length}" failures="${failures(studentTests(exercise))}">`,
      `    <properties>${properties}</properties>`,
      ...studentTests(exercise).map((test) => testcase(exercise, test)),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${xml(result.student)}" tests="${all.length}" failures="${failures(all)}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
