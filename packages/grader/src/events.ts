/**
 * What the grading reporter (reporter.ts, inside vitest) tells the grader, one JSON line per event
 * in a file, written the moment it happens. Because each line is on disk before the next test
 * starts, a run the grader has to stop still leaves every result it reached.
 */
import { existsSync, readFileSync } from 'node:fs';

export interface ReportedError {
  message: string;
  /** A StartError's or CheckFailure's code, such as ERR_NEVER_LISTENED. */
  code?: string;
  /** For a StartError: the last lines the program printed to stderr. */
  stderr?: string[];
  /** For a LimitError (code ERR_OVER_LIMIT): which limit, such as `memory`. */
  limit?: string;
}

export type GradingEvent =
  | { event: 'file-start'; file: string }
  | { event: 'test'; file: string; name: string; state: 'passed' | 'failed' | 'skipped' | 'pending'; error?: ReportedError }
  | { event: 'file-end'; file: string; errors: ReportedError[] };

/** Where the reporter writes; the grader sets it for each vitest it starts. */
export const eventsVariable = 'WORKBOOK_GRADING_EVENTS';

/** The events so far. A line cut short by a kill is the last one, and is skipped. */
export function readEvents(file: string): GradingEvent[] {
  if (!existsSync(file)) return [];
  const events: GradingEvent[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    try {
      events.push(JSON.parse(line) as GradingEvent);
    } catch {
      break;
    }
  }
  return events;
}
