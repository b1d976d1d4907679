/**
 * The numbers on the report page, worked out once from results.json; page.ts only decides how
 * they look. Three views of the class: a row per student, the pass rate of every check, and the
 * failures many students share.
 */
import { statusOf } from '../gradebook-csv.ts';
import { percentOf } from '../points.ts';
import type { ExerciseResult, SubmissionResult, Verdict } from '../types.ts';
import type { ClassResults, ReportedTest, Visibility } from './class-folder.ts';

export interface StudentRow {
  student: string;
  exercises: Array<{ id: string; points: number; maxPoints: number; verdict: Verdict; summary: string }>;
  points: number;
  maxPoints: number;
  percent: number;
  status: ReturnType<typeof statusOf>;
  notes: string[];
}

export interface CheckRate {
  name: string;
  maxPoints: number;
  /** Out of the students who handed the exercise in: a check nobody could run says nothing about it. */
  passed: number;
  failed: number;
  notRun: number;
  handedIn: number;
  starterPasses: boolean;
  visibility?: Visibility;
}

export interface ExerciseRates {
  id: string;
  title: string;
  handedIn: number;
  checks: CheckRate[];
}

export interface FailureGroup {
  exercise: string;
  /** The check that failed; undefined when the whole program failed (did not start, does not compile...) and so every check with it. */
  check: string | undefined;
  visibility?: Visibility;
  /** The first line of the message, with what the tests drew at random replaced by "…" (see firstLineShape). */
  line: string;
  /** The students whose message has this first line, in the order of their names. */
  students: string[];
  /** One whole message of the group, the first student's, to read in full. */
  example: { student: string; message: string };
}

export interface ClassReport {
  exercises: Array<{ id: string; title: string; maxPoints: number }>;
  students: StudentRow[];
  rates: ExerciseRates[];
  failures: FailureGroup[];
}

const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

function studentRow(result: SubmissionResult): StudentRow {
  return {
    student: result.student,
    exercises: result.exercises.map(({ id, points, maxPoints, verdict, summary }) => ({ id, points, maxPoints, verdict, summary })),
    points: result.points,
    maxPoints: result.maxPoints,
    percent: percentOf(result),
    status: statusOf(result),
    notes: result.notes,
  };
}

/** Every student's attempt at exercise `id`, with its student. */
function attemptsAt(students: SubmissionResult[], id: string): Array<{ student: string; exercise: ExerciseResult }> {
  return students.flatMap((result) => {
    const exercise = result.exercises.find((e) => e.id === id);
    return exercise ? [{ student: result.student, exercise }] : [];
  });
}

function exerciseRates(data: ClassResults, id: string, title: string): ExerciseRates {
  const handedIn = attemptsAt(data.students, id).filter(({ exercise }) => exercise.verdict !== 'missing');
  const listed = data.exercises.find((e) => e.id === id)?.tests ?? [];
  const checks = listed.map(({ name, maxPoints, visibility }): CheckRate => {
    const tests = handedIn.flatMap(({ exercise }) => (exercise.tests as ReportedTest[]).filter((test) => test.name === name));
    const shown = visibility ?? tests.find((test) => test.visibility)?.visibility;
    return {
      name,
      maxPoints,
      passed: tests.filter((test) => test.status === 'passed').length,
      failed: tests.filter((test) => test.status === 'failed').length,
      notRun: tests.filter((test) => test.status === 'not-run').length,
      handedIn: handedIn.length,
      starterPasses: tests.some((test) => test.starterPasses),
      ...(shown && { visibility: shown }),
    };
  });
  return { id, title, handedIn: handedIn.length, checks };
}

/**
 * A message's first line, in the shape several students share. The tests send random paths and
 * words (`/cedar42/orbit17`: a word of four letters or more and two digits, see the kit's
 * random.ts) to random ports, so two students who made the same mistake rarely get the same line
 * word for word. Those words become "…", and numbers of four digits or more (ports, times in ms)
 * "N"; short numbers (a status, a length) and names such as ex02 stay.
 */
export function firstLineShape(message: string): string {
  const first = message.split('\n', 1)[0]?.trim() ?? '';
  return (
    first
      .replace(/(\/[a-z]{4,}\d\d\b)+/g, '/…')
      .replace(/\b[a-z]{4,}\d\d\b/g, '…')
      .replace(/\d{4,}/g, 'N') || '(no message)'
  );
}

/**
 * The failures, grouped by exercise, check and the shape of the message's first line, most
 * students first. A program that never ran fails every check with the same words (the
 * exercise's detail): that counts once, for the whole program, as the feedback tells it once.
 */
function failureGroups(data: ClassResults, students: SubmissionResult[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  const add = (student: string, exercise: string, test: ReportedTest | undefined, message: string) => {
    const line = firstLineShape(message);
    const key = JSON.stringify([exercise, test?.name, line]);
    const group = groups.get(key) ?? {
      exercise,
      check: test?.name,
      ...(test?.visibility && { visibility: test.visibility }),
      line,
      students: [],
      example: { student, message },
    };
    groups.set(key, group);
    if (!group.students.includes(student)) group.students.push(student);
  };
  for (const result of students) {
    for (const exercise of result.exercises) {
      if (exercise.verdict === 'passed' || exercise.verdict === 'missing') continue;
      let wholeProgram = false;
      for (const test of exercise.tests as ReportedTest[]) {
        if (test.status !== 'failed') continue;
        if (exercise.detail !== undefined && test.message === exercise.detail) wholeProgram = true;
        else add(result.student, exercise.id, test, test.message ?? 'failed');
      }
      if (wholeProgram) add(result.student, exercise.id, undefined, exercise.detail ?? exercise.summary);
    }
  }
  // Among failures as common: in the order of the exercises and their checks, the whole program first.
  const order = data.exercises.flatMap((exercise) => [JSON.stringify([exercise.id]), ...exercise.tests.map((test) => JSON.stringify([exercise.id, test.name]))]);
  const place = (group: FailureGroup) => order.indexOf(JSON.stringify(group.check === undefined ? [group.exercise] : [group.exercise, group.check]));
  return [...groups.values()].sort((a, b) => b.students.length - a.students.length || place(a) - place(b) || a.line.localeCompare(b.line));
}

export function classReport(data: ClassResults): ClassReport {
  const students = [...data.students].sort((a, b) => byName(a.student, b.student));
  return {
    exercises: data.exercises.map(({ id, title, maxPoints }) => ({ id, title, maxPoints })),
    students: students.map(studentRow),
    rates: data.exercises.map((exercise) => exerciseRates(data, exercise.id, exercise.title)),
    failures: failureGroups(data, students),
  };
}
