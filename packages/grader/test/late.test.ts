import { describe, expect, test } from 'vitest';
import { lateResult, parseDate, parseLatePolicy, type Deadline } from '../src/late.ts';
import type { SubmissionResult } from '../src/types.ts';

const due = parseDate('2026-12-01T23:59Z', '--due');
const result = { student: 'ada', points: 8, maxPoints: 10 } as SubmissionResult;
const hours = (n: number) => new Date(due.getTime() + n * 3_600_000);

function late(policy: string, handedIn: Date, extension?: Date) {
  const deadline: Deadline = { due, policy: parseLatePolicy(policy), times: new Map(extension ? [['ada', { time: handedIn, due: extension }]] : []) };
  return lateResult(result, { time: handedIn, source: 'times' }, deadline);
}

describe('late policies', () => {
  test.each([
    ['none', -1, 0],
    ['none', 1, 100],
    ['penalty:10%/day', 1, 10],
    ['penalty:10%/day', 25, 20],
    ['penalty:10%/day', 24 * 30, 100],
    ['penalty:10%/day,min:50%', 24 * 30, 50],
    ['grace:2h', 1.5, 0],
    ['grace:2h', 3, 100],
    ['grace:2h,penalty:10%/day', 3, 10],
  ])('%s, %d hours after the due date: %d%% off', (policy, after, penalty) => {
    expect(late(policy, hours(after)).penaltyPercent).toBe(penalty);
  });

  test('an extension in the times file moves the due date for that student alone', () => {
    expect(late('none', hours(10), hours(24))).toMatchObject({ penaltyPercent: 0, due: hours(24).toISOString() });
  });

  test('the rule is said in one sentence', () => {
    expect(late('penalty:10%/day,min:50%', hours(30)).rule).toBe(
      'Handed in 2026-12-03 05:59 UTC (from the times file), due 2026-12-01 23:59 UTC: 2 days late, 10% off a day: 20% off.',
    );
  });

  test.each(['10%', 'penalty:10%', 'penalty:0%/day', 'min:50%', 'grace:2 hours', 'penalty:10%/day,max:5%'])('--late %s is refused, with what is valid', (policy) => {
    expect(() => parseLatePolicy(policy)).toThrow(expect.objectContaining({ code: 'ERR_GRADE_USAGE', message: expect.stringMatching(/--late|penalty|floor/) }));
  });

  test.each(['tomorrow', '12/01/2026', ''])('--due %j is refused', (text) => {
    expect(() => parseDate(text, '--due')).toThrow(/--due takes a date and time such as 2026-12-01T23:59\+01:00/);
  });

  test('a date alone is the end of that day, UTC', () => {
    expect(parseDate('2026-12-01', '--due').toISOString()).toBe('2026-12-01T23:59:59.000Z');
  });
});
