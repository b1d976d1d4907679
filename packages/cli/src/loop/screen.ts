/**
 * Where the watch view and the interactive board draw. On a terminal each view replaces the one
 * before (the screen is cleared and drawn again); anywhere else (a pipe, a CI log) each finished
 * view is printed below the last, in plain text, so nothing is lost.
 */
import { stripVTControlCharacters } from 'node:util';

export class Screen {
  readonly interactive: boolean;
  readonly #out: NodeJS.WriteStream;
  #last = '';

  constructor(out: NodeJS.WriteStream = process.stdout) {
    this.#out = out;
    this.interactive = Boolean(out.isTTY);
  }

  get columns(): number {
    return this.#out.columns || 80;
  }

  /** Without a terminal there is no screen to fill: every line is printed. */
  get rows(): number {
    return this.interactive ? this.#out.rows || 24 : Number.POSITIVE_INFINITY;
  }

  /** How many screen rows a line takes once the terminal wraps it. */
  rowsOf(line: string): number {
    return Math.max(1, Math.ceil(stripVTControlCharacters(line).length / this.columns));
  }

  show(lines: string[]): void {
    const text = lines.join('\n');
    if (text === this.#last) return;
    this.#last = text;
    // \x1b[H\x1b[2J: cursor home, clear the screen. The scrollback above stays as it was.
    if (this.interactive) this.#out.write(`\x1b[H\x1b[2J${text}\n`);
    else this.#out.write(`${text}\n\n`);
  }

  /** Leaves the screen as it is and puts the shell's prompt below it. */
  close(message = ''): void {
    if (message) this.#out.write(`${message}\n`);
  }
}
