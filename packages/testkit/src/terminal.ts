/**
 * A program run in a real pseudo-terminal, with a terminal emulator reading what it draws: what a
 * person would see on the screen. Tests type keys and read the screen, so a full-screen terminal
 * program (the watch view) is tested the way it is used.
 *
 *   const term = openTerminal({ args: [bin, 'watch', 'ex02'] });
 *   await term.waitFor('0 of 5 checks pass');
 *   term.press('h');
 *   await term.waitFor('Hint 1 of 3');
 *
 * The pseudo-terminal comes from @lydell/node-pty, which ships built binaries for Linux, macOS and
 * Windows; where none fits, `terminalFound` is false and such tests are skipped with a notice. A
 * separate entry point (`@workbook/testkit/terminal`), so other tests never load it.
 */
import { createRequire } from 'node:module';
import type { IPty } from '@lydell/node-pty';
import xterm from '@xterm/headless';

type NodePty = typeof import('@lydell/node-pty');

function loadPty(): NodePty | undefined {
  try {
    return createRequire(import.meta.url)('@lydell/node-pty') as NodePty;
  } catch {
    return undefined;
  }
}

const pty = loadPty();

export const terminalFound = pty !== undefined;

export const TERMINAL_SKIP_NOTICE = `skipped: no pseudo-terminal for ${process.platform}-${process.arch} (@lydell/node-pty has no build for it)`;

export interface TerminalOptions {
  /** The program: node unless told (`process.execPath`). */
  command?: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string | undefined>;
  columns?: number;
  rows?: number;
}

export class Terminal {
  readonly #pty: IPty;
  readonly #emulator: InstanceType<typeof xterm.Terminal>;
  readonly #changed = new Set<() => void>();
  /** Resolves with the exit code once the program has ended. */
  readonly exited: Promise<number>;

  constructor(child: IPty, emulator: InstanceType<typeof xterm.Terminal>) {
    this.#pty = child;
    this.#emulator = emulator;
    child.onData((data) => emulator.write(data, () => this.#changed.forEach((wake) => wake())));
    this.exited = new Promise((resolve) => child.onExit(({ exitCode }) => resolve(exitCode)));
  }

  /** The lines on the screen now, trailing spaces removed. */
  screen(): string {
    const buffer = this.#emulator.buffer.active;
    const lines: string[] = [];
    for (let row = 0; row < this.#emulator.rows; row++) lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
    return lines.join('\n').trimEnd();
  }

  /** Waits until the screen shows `pattern`; fails with what the screen showed instead. */
  waitFor(pattern: string | RegExp, timeoutMs = 20_000): Promise<string> {
    const shows = () => (typeof pattern === 'string' ? this.screen().includes(pattern) : pattern.test(this.screen()));
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!shows()) return;
        done();
        resolve(this.screen());
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`The screen did not show ${String(pattern)} within ${timeoutMs} ms. It showed:\n${this.screen()}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.#changed.delete(check);
      };
      this.#changed.add(check);
      check();
    });
  }

  /** Types keys, as a person would: 'h', 'q', '\r' for Enter, '\x1b[B' for the down arrow. */
  press(keys: string): void {
    this.#pty.write(keys);
  }

  /** Ends the program and everything it started, and waits for it. */
  async close(): Promise<void> {
    try {
      // The program leads a session of its own in the pseudo-terminal: its group has its pid.
      if (process.platform === 'win32') this.#pty.kill();
      else process.kill(-this.#pty.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await Promise.race([this.exited, new Promise((wake) => setTimeout(wake, 2000))]);
    this.#emulator.dispose();
  }
}

export function openTerminal(options: TerminalOptions): Terminal {
  if (!pty) throw new Error(TERMINAL_SKIP_NOTICE);
  const columns = options.columns ?? 100;
  const rows = options.rows ?? 40;
  const emulator = new xterm.Terminal({ cols: columns, rows, allowProposedApi: true });
  const env = Object.fromEntries(
    Object.entries({ ...process.env, TERM: 'xterm-256color', ...options.env }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const child = pty.spawn(options.command ?? process.execPath, options.args, { name: 'xterm-256color', cols: columns, rows, cwd: options.cwd ?? process.cwd(), env });
  return new Terminal(child, emulator);
}
