/**
 * Runs vitest in this process (one Node start instead of two keeps a student's loop fast) and
 * collects each test's result, so the CLI can count checks and judge starters.
 */
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { root } from '@workbook/course';

export type LoadVitest = () => Promise<typeof import('vitest/node')>;

let loader: LoadVitest = () => import('vitest/node');

/** Lets the command's entry point load vitest itself (see bin/workbook.mjs for why). */
export function setVitestLoader(load: LoadVitest): void {
  loader = load;
}

/** vitest's Node API, loaded the way the entry point chose. */
export const loadVitest: LoadVitest = () => loader();

export interface TestOutcome {
  file: string;
  name: string;
  state: 'passed' | 'failed' | 'skipped' | 'pending';
  /** The first error's message, for a failed test. */
  message?: string;
}

export interface RunOptions {
  /** Test files or folders; all tests when empty. */
  filters?: string[];
  /** Run only the exercises' tests (a smaller config, so a student's loop starts faster). */
  exercisesOnly?: boolean;
  /** Vitest projects to run: a lesson package's name, ... */
  projects?: string[];
  /** Where the exercise tests find the program under test (see the test kit's programFile). */
  exercisesDir?: string;
  /** Show vitest's usual output (default), or run silently and only collect results. */
  quiet?: boolean;
  watch?: boolean;
}

export async function runVitest(options: RunOptions): Promise<TestOutcome[]> {
  const outcomes: TestOutcome[] = [];
  const collector: Reporter = {
    onTestRunEnd(modules: ReadonlyArray<TestModule>) {
      outcomes.length = 0;
      for (const module of modules) {
        for (const test of module.children.allTests()) {
          const result = test.result();
          outcomes.push({
            file: module.moduleId,
            name: test.fullName,
            state: result.state,
            ...(result.state === 'failed' && { message: result.errors[0]?.message }),
          });
        }
      }
    },
  };
  if (options.exercisesDir) process.env.WORKBOOK_EXERCISES = options.exercisesDir;
  else delete process.env.WORKBOOK_EXERCISES;

  const { startVitest } = await loadVitest();
  const vitest = await startVitest('test', options.filters ?? [], {
    root,
    ...(options.exercisesOnly && { config: path.join(root, 'vitest.exercises.config.ts') }),
    watch: options.watch ?? false,
    run: !options.watch,
    ...(options.projects && { project: options.projects }),
    reporters: options.quiet ? [collector] : ['default', collector],
    // The CLI decides the exit code itself.
    passWithNoTests: true,
  });
  if (!options.watch) await vitest.close();
  return outcomes;
}

export function count(outcomes: TestOutcome[]): { passed: number; failed: number; skipped: number } {
  return {
    passed: outcomes.filter((o) => o.state === 'passed').length,
    failed: outcomes.filter((o) => o.state === 'failed').length,
    skipped: outcomes.filter((o) => o.state === 'skipped' || o.state === 'pending').length,
  };
}
