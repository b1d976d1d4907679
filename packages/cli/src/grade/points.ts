/**
 * How an exercise's points are split among its tests. exercise.json gives the exercise's points
 * and, optionally, some tests their own share:
 *
 *   { "points": 10, "tests": { "is built on sockets, not on node:http": 4 } }
 *
 * The tests not named share the rest equally. Points are counted in hundredths (whole numbers),
 * so 10 points over 3 tests are 3.34 + 3.33 + 3.33, and every total adds up exactly, in the
 * gradebook and in whatever sums the scores afterwards.
 */
import type { Exercise } from '../workspace.ts';

export interface TestShare {
  name: string;
  /** In hundredths of a point. */
  maxCents: number;
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
export function sumPoints(values: number[]): number {
  return fromCents(values.reduce((sum, value) => sum + toCents(value), 0));
}

function checkAmount(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || Math.abs(toCents(value) - value * 100) > 1e-6) {
    throw new PointsError(`${where} must be a number of points, 0 or more, with at most two decimals; it is ${JSON.stringify(value)}.`);
  }
  return toCents(value);
}

export function planPoints(exercise: Exercise, testNames: string[]): PointsPlan {
  const file = `exercises/${exercise.slug}/exercise.json`;
  const maxCents = checkAmount(exercise.points, `"points" in ${file}`);
  if (testNames.length === 0) throw new PointsError(`exercises/${exercise.slug} has no tests, so it cannot be graded.`);

  const declared = new Map<string, number>();
  for (const [name, points] of Object.entries(exercise.tests ?? {})) {
    if (!testNames.includes(name)) {
      throw new PointsError(
        `${file} gives points to a test named "${name}", but there is no such test. Its tests are:\n` +
          testNames.map((test) => `  ${test}`).join('\n'),
      );
    }
    declared.set(name, checkAmount(points, `The points of "${name}" in ${file}`));
  }

  const declaredCents = [...declared.values()].reduce((sum, cents) => sum + cents, 0);
  const shared = testNames.filter((name) => !declared.has(name));
  const rest = maxCents - declaredCents;
  if (rest < 0 || (shared.length === 0 && rest !== 0)) {
    throw new PointsError(
      `The tests' points in ${file} add up to ${fromCents(declaredCents)}, but the exercise is worth ${exercise.points}. ` +
        `Make them add up to at most ${exercise.points}, and leave some tests out of "tests" to share the rest.`,
    );
  }

  // An equal share each; the hundredths that do not divide evenly go to the first tests.
  const share = Math.floor(rest / Math.max(shared.length, 1));
  let leftOver = rest - share * shared.length;
  const tests = testNames.map((name): TestShare => {
    const own = declared.get(name);
    if (own !== undefined) return { name, maxCents: own };
    const extra = leftOver > 0 ? 1 : 0;
    leftOver -= extra;
    return { name, maxCents: share + extra };
  });
  return { exercise, tests, maxCents };
}
