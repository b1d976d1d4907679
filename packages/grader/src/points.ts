/**
 * How an exercise's points are split among its tests. exercise.json gives the exercise's points
 * and, optionally, some tests their own share:
 *
 *   { "points": 10, "tests": { "is built on sockets, not on node:http": 4 } }
 *
 * The tests not named share the rest equally. A test that the untouched starter already passes
 * measures nothing the student did: it is worth no points, and its share goes to the others (to
 * the unnamed ones, or, if all are named, to the named ones in proportion). So an untouched
 * starter scores 0 on every exercise.
 *
 * Points are counted in hundredths (whole numbers), so 10 points over 3 tests are 3.34 + 3.33 +
 * 3.33, and every total adds up exactly, in the gradebook and in whatever sums the scores afterwards.
 */
import type { Exercise, Visibility } from '@workbook/course';
import type { SubmissionResult } from './types.ts';

export interface TestShare {
  name: string;
  /** Who sees the test's name and result (see hidden-tests.ts). */
  visibility: Visibility;
  /** In hundredths of a point. */
  maxCents: number;
  /** The untouched starter passes this test, so it is worth nothing. */
  starterPasses?: true;
}

export interface PointsPlan {
  exercise: Exercise;
  tests: TestShare[];
  maxCents: number;
}

/** The exercise's metadata does not add up; grading would give wrong totals, so it does not start. */
export class PointsError extends Error {
  readonly code = 'ERR_POINTS';
}

export const toCents = (points: number): number => Math.round(points * 100);
export const fromCents = (cents: number): number => cents / 100;

/** Adds points the way the gradebook does: in whole hundredths, so 0.1 + 0.2 is 0.3. */
/** Points as people write them: 10, 7.5, 3.33. */
export function formatPoints(points: number): string {
  return String(Math.round(points * 100) / 100);
}

/** A student's points as a percentage of the maximum, to one decimal. */
export function percentOf(result: Pick<SubmissionResult, 'points' | 'maxPoints'>): number {
  return result.maxPoints > 0 ? Math.round((result.points / result.maxPoints) * 1000) / 10 : 0;
}

export function sumPoints(values: number[]): number {
  return fromCents(values.reduce((sum, value) => sum + toCents(value), 0));
}

function checkAmount(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || Math.abs(toCents(value) - value * 100) > 1e-6) {
    throw new PointsError(`${where} must be a number of points, 0 or more, with at most two decimals; it is ${JSON.stringify(value)}.`);
  }
  return toCents(value);
}

/** Splits `cents` in proportion to `weights`; the hundredths left over go to the first. */
function split(cents: number, weights: number[]): number[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const shares = weights.map((weight) => Math.floor((cents * weight) / total));
  let leftOver = cents - shares.reduce((sum, share) => sum + share, 0);
  return shares.map((share) => {
    const extra = leftOver > 0 ? 1 : 0;
    leftOver -= extra;
    return share + extra;
  });
}

export function planPoints(
  exercise: Exercise,
  testNames: string[],
  starterPasses: ReadonlySet<string> = new Set(),
  visibility: ReadonlyMap<string, Visibility> = new Map(),
): PointsPlan {
  const file = `exercises/${exercise.slug}/exercise.json`;
  const maxCents = checkAmount(exercise.points, `"points" in ${file}`);
  if (testNames.length === 0) throw new PointsError(`exercises/${exercise.slug} has no tests, so it cannot be graded.`);

  const declared = new Map<string, number>();
  for (const [name, points] of Object.entries(exercise.tests ?? {})) {
    if (!testNames.includes(name)) {
      throw new PointsError(`${file} gives points to a test named "${name}", but there is no such test. Its tests are:\n` + testNames.map((test) => `  ${test}`).join('\n'));
    }
    declared.set(name, checkAmount(points, `The points of "${name}" in ${file}`));
  }

  const declaredCents = [...declared.values()].reduce((sum, cents) => sum + cents, 0);
  const shared = testNames.filter((name) => !declared.has(name));
  if (maxCents - declaredCents < 0 || (shared.length === 0 && maxCents !== declaredCents)) {
    throw new PointsError(
      `The tests' points in ${file} add up to ${fromCents(declaredCents)}, but the exercise is worth ${exercise.points}. ` +
        `Make them add up to at most ${exercise.points}, and leave some tests out of "tests" to share the rest.`,
    );
  }

  const counted = testNames.filter((name) => !starterPasses.has(name));
  if (counted.length === 0) {
    throw new PointsError(
      `The untouched starter of exercises/${exercise.slug} passes every one of its tests, so none of them can measure a student's work. Give it a test the starter fails.`,
    );
  }
  const countedDeclared = counted.filter((name) => declared.has(name));
  const countedShared = counted.filter((name) => !declared.has(name));
  const cents = new Map<string, number>();
  if (countedShared.length > 0) {
    // The named tests keep their points; the unnamed ones share the rest, the starter's included.
    countedDeclared.forEach((name) => cents.set(name, declared.get(name) ?? 0));
    const rest = maxCents - countedDeclared.reduce((sum, name) => sum + (declared.get(name) ?? 0), 0);
    split(
      rest,
      countedShared.map(() => 1),
    ).forEach((share, index) => cents.set(countedShared[index] ?? '', share));
  } else {
    // Every test left is named: they share the exercise in proportion to their points.
    const weights = countedDeclared.map((name) => declared.get(name) || 1);
    split(maxCents, weights).forEach((share, index) => cents.set(countedDeclared[index] ?? '', share));
  }
  const tests = testNames.map((name): TestShare => {
    const seen = visibility.get(name) ?? 'visible';
    return starterPasses.has(name) ? { name, visibility: seen, maxCents: 0, starterPasses: true } : { name, visibility: seen, maxCents: cents.get(name) ?? 0 };
  });
  return { exercise, tests, maxCents };
}
