/** Keeps the last part of a stream of output: enough to explain a failure, bounded in memory. */
export class OutputTail {
  #text = '';
  readonly #limit: number;

  constructor(limit = 16_384) {
    this.#limit = limit;
  }

  push(chunk: Buffer | string): void {
    this.#text += chunk.toString();
    if (this.#text.length > this.#limit) this.#text = this.#text.slice(-this.#limit);
  }

  /** The last `count` non-empty lines, without colour codes. */
  lines(count = 10): string[] {
    return this.#text
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .slice(-count);
  }

  /** The last lines under a heading, ready to show a student, or '' when nothing was printed. */
  quote(heading: string, count = 12): string {
    const lines = this.lines(count);
    return lines.length ? `${heading}\n${lines.map((line) => `  | ${line}`).join('\n')}` : '';
  }

  get text(): string {
    return this.#text;
  }
}
