/**
 * A vitest kept open between runs, so a re-run after a save costs the tests' own time and not
 * vitest's start-up (about 0.7 s) every time. The watch view runs an exercise on each save through
 * one of these; the one-shot commands (hint, solution) open one, run once and close it.
 */
import path from 'node:path';
import type { Reporter, Vitest } from 'vitest/node';
import { loadVitest } from '../run-vitest.ts';
import type { StudentCopy } from '../student.ts';
import { root, testFiles, type Exercise } from '@workbook/course';
import { allPass, resultOf, type ExerciseResult } from './exercise-result.ts';

/** The session reads the results itself; vitest's own report would scribble over the watch view. */
const silent: Reporter = {};

export class TestSession {
  readonly #copy: StudentCopy;
  #vitest: Promise<Vitest> | undefined;
  /** The run going on now, if any: closing waits for it. */
  #running: Promise<unknown> = Promise.resolve();

  constructor(copy: StudentCopy) {
    this.#copy = copy;
  }

  async #open(): Promise<Vitest> {
    // The kit reads this when it starts a program: the student's files may live in another copy.
    if (this.#copy.isWorkbook) delete process.env.WORKBOOK_EXERCISES;
    else process.env.WORKBOOK_EXERCISES = this.#copy.exercisesDir;
    const { createVitest } = await loadVitest();
    const vitest = await createVitest(
      'test',
      // One worker thread that stays between runs (no isolation): a re-run then costs the tests'
      // own time, not a new worker loading vitest and the test kit again.
      { root, config: path.join(root, 'vitest.exercises.config.ts'), watch: false, reporters: [silent], passWithNoTests: true, pool: 'threads', isolate: false },
      // The session watches the student's files itself (see file-watcher.ts).
      { server: { watch: null } },
    );
    await vitest.standalone();
    return vitest;
  }

  /** Runs the exercise's tests once, and remembers a pass (or forgets one) in the progress file. */
  async run(exercise: Exercise): Promise<ExerciseResult> {
    const results = await this.runAll([exercise]);
    return results.get(exercise.id) ?? { passed: 0, total: 0, runError: 'the tests did not run' };
  }

  /** Runs the tests of several exercises in one go: a result for each. */
  async runAll(exercises: Exercise[]): Promise<Map<string, ExerciseResult>> {
    const results = new Map<string, ExerciseResult>();
    if (exercises.length === 0) return results;
    this.#vitest ??= this.#open();
    const vitest = await this.#vitest;
    const files = exercises.flatMap(testFiles);
    // A changed test file (after a workbook update, say) is read afresh.
    for (const file of files) vitest.invalidateFile(file);
    const pending = vitest.runTestFiles(files);
    this.#running = pending.catch(() => {});
    const run = await pending;
    const unhandled = run.unhandledErrors as Array<{ message?: string }>;
    for (const exercise of exercises) {
      const own = testFiles(exercise);
      const result = resultOf(
        run.testModules.filter((module) => own.includes(module.moduleId)),
        unhandled,
      );
      this.#copy.recordRun(exercise, allPass(result));
      results.set(exercise.id, result);
    }
    return results;
  }

  /** Stops a run that is going on (a student who quits does not wait for it), then closes vitest. */
  async close(): Promise<void> {
    if (!this.#vitest) return;
    const vitest = await this.#vitest;
    await vitest.cancelCurrentRun('keyboard-input');
    await this.#running;
    await vitest.close();
  }
}
