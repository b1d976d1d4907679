/**
 * The `workbook` command. `pnpm start` shows the board, `pnpm test ...` runs tests, and
 * `pnpm workbook <command>` reaches the rest.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pc } from './color.ts';
import { board } from './board.ts';
import { setVitestLoader, type LoadVitest } from './run-vitest.ts';
import { starters } from './starters.ts';
import { TargetError } from './targets.ts';
import { test } from './test-command.ts';

const usage = `Usage: pnpm workbook <command>

Commands:
  board [--dir <folder>]      your progress through the exercises (also: pnpm start);
                              --dir: of another copy of exercises/, a student's say
  test [target] [--watch]     run tests (also: pnpm test). Targets:
                                exercises/ex02   your exercise
                                solutions/ex02   the reference solution
                                packages/<name>  a lesson's own tests
                                (nothing)        the workbook's self-check
  starters [--update] [exNN]  which exercises still hold their untouched starter;
                              --update records the starters' hashes after a deliberate change
  bench [name] [--quick]      measure servers side by side (also: pnpm bench);
                              pnpm bench --help lists the benchmarks and options
  fetch <url> [--raw] [--method M] [--header 'Name: value']...
                              send one request and show every byte of the exchange,
                              \\r\\n and all, with the framing problems found
  grade <submissions> [...]   grade a class's submissions: gradebook, feedback (also: pnpm grade);
                              pnpm grade --help lists the options; pnpm grade merge joins slices
  help                        this text`;

const commands: Record<string, (args: string[]) => Promise<number> | number> = {
  board: (args) => {
    const { values } = parseArgs({ args, options: { dir: { type: 'string' } } });
    return board(values.dir && path.resolve(values.dir));
  },
  test: (args) => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { watch: { type: 'boolean', short: 'w' } } });
    if (positionals.length > 1) throw new TargetError(`Give one thing to test at a time, not ${positionals.length}: ${positionals.join(' ')}`);
    return test(positionals[0], values.watch ?? false);
  },
  // Loaded only when asked for: every command loaded up front would slow down `pnpm test`.
  bench: async (args) => (await import('./bench/command.ts')).bench(args),
  grade: async (args) => (await import('./grade/command.ts')).grade(args),
  starters: (args) => {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { update: { type: 'boolean' } } });
    return starters(values.update ?? false, positionals);
  },
  fetch: async (args) => (await import('./fetch.ts')).fetchCommand(args),
  help: () => {
    console.log(usage);
    return 0;
  },
};

export async function main(argv: string[], options: { loadVitest?: LoadVitest } = {}): Promise<number> {
  if (options.loadVitest) setVitestLoader(options.loadVitest);
  const [name = 'board', ...args] = argv;
  const command = commands[name.replace(/^--?/, '')];
  if (!command) {
    console.error(`${pc.red('Unknown command:')} ${name}\n\n${usage}`);
    return 2;
  }
  try {
    return await command(args);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    // parseArgs and our own argument checks say what is wrong; anything else is a real bug.
    if (error instanceof TargetError || (error as Error).name === 'BenchUsageError' || code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${pc.red('Error:')} ${message}`);
      return 2;
    }
    throw error;
  }
}
