import { expect } from 'vitest';
import { CheckFailure } from '../src/index.ts';

/** The message of the CheckFailure that `check` throws; fails the test if it throws none. */
export function failureOf(check: () => unknown): string {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(CheckFailure);
    return (error as Error).message;
  }
  throw new Error('the check passed, but should have failed');
}
