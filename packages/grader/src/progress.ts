/**
 * Where grading is at. On a terminal, one line that updates itself: done / total, how many
 * submissions fell short so far, and an estimate of the time left. Elsewhere (a CI log, a file),
 * one plain line per submission graded.
 */
import { pc } from '@workbook/testkit/color';
import { formatPoints } from './points.ts';
import type { SubmissionResult } from './types.ts';

function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

export class Progress {
  readonly #total: number;
  readonly #live: boolean;
  readonly #write: (text: string) => void;
  readonly #started = Date.now();
  #done = 0;
  /** Graded by this run (not resumed): only they tell how long the rest will take. */
  #graded = 0;
  #short = 0;
  #ticker: NodeJS.Timeout | undefined;

  constructor(total: number, stream: NodeJS.WriteStream = process.stdout) {
    this.#total = total;
    this.#live = Boolean(stream.isTTY) && process.env.TERM !== 'dumb';
    this.#write = (text) => stream.write(text);
    if (this.#live) {
      // Redrawn every second too, so the time left keeps moving while a slow submission runs.
      this.#ticker = setInterval(() => this.#redraw(), 1000);
      this.#ticker.unref();
      this.#redraw();
    }
  }

  #redraw(): void {
    this.#write(`\r\x1b[2K${this.#line()}`);
  }

  /** A submission is done: graded now, or kept from an earlier run (`resumed`). */
  finished(result: SubmissionResult, resumed: boolean): void {
    this.#done++;
    if (!resumed) this.#graded++;
    if (result.points < result.maxPoints) this.#short++;
    if (this.#live) {
      this.#redraw();
      return;
    }
    const score = `${formatPoints(result.points)}/${formatPoints(result.maxPoints)}`;
    this.#write(`  [${this.#done}/${this.#total}] ${result.student}  ${score}${resumed ? '  (already graded)' : ''}\n`);
  }

  #line(): string {
    const elapsed = Date.now() - this.#started;
    const left = this.#total - this.#done;
    const eta = this.#graded > 0 && left > 0 ? `, about ${duration((elapsed / this.#graded) * left)} left` : '';
    const short = this.#short ? pc.yellow(`${this.#short} below full marks`) : pc.green('all full marks so far');
    return `Grading: ${this.#done}/${this.#total} done, ${short}${eta}`;
  }

  /** Ends the live line so what follows starts on a line of its own. */
  end(): void {
    clearInterval(this.#ticker);
    if (this.#live) this.#write('\n');
    const elapsed = duration(Date.now() - this.#started);
    this.#write(
      `Graded ${this.#graded} submission${this.#graded === 1 ? '' : 's'} in ${elapsed}${this.#done > this.#graded ? ` (${this.#done - this.#graded} already graded)` : ''}.\n`,
    );
  }
}
