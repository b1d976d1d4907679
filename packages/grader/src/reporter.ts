/**
 * The vitest reporter the grader runs each submission with (`--reporter <this file>`). It writes
 * each result as soon as the test finishes, with the error's code (ERR_NEVER_LISTENED...) that a
 * plain JSON report leaves out, and it looks after the run should the grader itself die.
 */
import { appendFileSync } from 'node:fs';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { eventsVariable, type GradingEvent, type ReportedError } from './events.ts';
import { killLeftovers, tagVariable } from './leftovers.ts';

/** A failure message is a few kilobytes at most; a student's megabytes of output stay out of the results. */
const maxMessage = 8000;

interface ThrownError {
  message?: string;
  code?: unknown;
  stderr?: unknown;
  limit?: unknown;
}

function reported(error: ThrownError): ReportedError {
  const message = String(error.message ?? error);
  return {
    message: message.length > maxMessage ? `${message.slice(0, maxMessage)}\n… (cut: ${message.length} characters in all)` : message,
    ...(typeof error.code === 'string' && { code: error.code }),
    ...(Array.isArray(error.stderr) && { stderr: error.stderr.map(String).slice(-12) }),
    ...(typeof error.limit === 'string' && { limit: error.limit }),
  };
}

export default class GradingReporter implements Reporter {
  readonly #file = process.env[eventsVariable] ?? 'grading-events.jsonl';

  #write(event: GradingEvent): void {
    appendFileSync(this.#file, `${JSON.stringify(event)}\n`);
  }

  onInit(): void {
    // If the grader is killed outright it cannot clean up; the run then cleans up after itself:
    // every program it started (found by the tag), then its own process group.
    const tag = process.env[tagVariable];
    if (!tag || process.platform === 'win32') return;
    const grader = process.ppid;
    // The grader starts vitest in the submission's copy, so this is the folder to clear.
    const copy = process.cwd();
    const watch = setInterval(() => {
      try {
        process.kill(grader, 0);
      } catch {
        clearInterval(watch);
        void killLeftovers(undefined, tag, copy).finally(() => process.kill(-process.pid, 'SIGKILL'));
      }
    }, 500);
    watch.unref();
  }

  onTestModuleStart(module: TestModule): void {
    this.#write({ event: 'file-start', file: module.moduleId });
  }

  onTestCaseResult(test: TestCase): void {
    const result = test.result();
    const error = result.state === 'failed' ? result.errors[0] : undefined;
    this.#write({
      event: 'test',
      file: test.module.moduleId,
      name: test.fullName,
      state: result.state,
      ...(error && { error: reported(error) }),
    });
  }

  onTestModuleEnd(module: TestModule): void {
    this.#write({ event: 'file-end', file: module.moduleId, errors: module.errors().map(reported) });
  }
}
