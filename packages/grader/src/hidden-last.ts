/**
 * The order of a grading run's test files: the public tests first, the hidden ones after them,
 * so a hidden test never changes what the public ones see (a restarted server, a used port).
 */
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { hiddenTestsVariable } from './hidden-tests.ts';

export default class HiddenLast extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const hidden = process.env[hiddenTestsVariable];
    const isHidden = (spec: TestSpecification) => hidden !== undefined && spec.moduleId.startsWith(hidden);
    const byName = (a: TestSpecification, b: TestSpecification) => a.moduleId.localeCompare(b.moduleId);
    return [...files.filter((spec) => !isHidden(spec)).sort(byName), ...files.filter(isHidden).sort(byName)];
  }
}
