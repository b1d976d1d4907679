/**
 * One run of an exercise's tests, told the way the watch view and the other commands need it:
 * how many checks pass, and the first one that does not, with the test kit's message.
 */
import type { TestModule } from 'vitest/node';

export interface FailedCheck {
  name: string;
  message: string;
}

export interface ExerciseResult {
  passed: number;
  total: number;
  /** The first failing check, in the order the test file lists them. */
  firstFailure?: FailedCheck;
  /** An error outside any check: the test file could not load, say. */
  runError?: string;
}

export const allPass = (result: ExerciseResult): boolean => result.total > 0 && result.passed === result.total && !result.runError;

export function resultOf(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<{ message?: string }> = []): ExerciseResult {
  let passed = 0;
  let total = 0;
  let firstFailure: FailedCheck | undefined;
  let runError: string | undefined;
  for (const module of modules) {
    for (const test of module.children.allTests()) {
      const result = test.result();
      total += 1;
      if (result.state === 'passed') passed += 1;
      if (result.state === 'failed' && !firstFailure) {
        firstFailure = { name: test.name, message: result.errors[0]?.message ?? 'failed' };
      }
    }
    const moduleErrors = module.errors();
    if (moduleErrors.length && !runError) runError = moduleErrors[0]?.message;
  }
  if (!runError && unhandled.length) runError = unhandled[0]?.message ?? 'an error outside the checks';
  return { passed, total, ...(firstFailure && { firstFailure }), ...(runError && { runError }) };
}

/** "4 of 7 checks pass", or "all 7 checks pass". */
export function checksLine(result: ExerciseResult): string {
  if (result.runError && result.total === 0) return 'the tests could not run';
  return allPass(result) ? `all ${result.total} checks pass` : `${result.passed} of ${result.total} checks pass`;
}
