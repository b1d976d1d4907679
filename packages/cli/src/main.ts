/**
 * The `workbook` command. `pnpm start` shows the board, `pnpm test ...` runs tests, and
 * `pnpm workbook <command>` reaches the rest. Every command answers --help.
 */
import { parseArgs } from 'node:util';
import { pc } from '@workbook/testkit/color';
import { board } from './board.ts';
import { setVitestLoader, type LoadVitest } from './run-vitest.ts';
import { starters } from './starters.ts';
import { test } from './test-command.ts';
import { ExerciseJsonError, UsageError } from '@workbook/course';

const usage = `Usage: pnpm workbook [command] [--help]

Working through the exercises:
  board                 your progress through the exercises (also: pnpm start, pnpm workbook)
  watch [exNN]          run an exercise's checks on every save, with hints a key away
  hint [exNN]           the next hint of an exercise
  solution <exNN>       the reference solution, once your exercise passes
  reset <exNN>          put an exercise's starter back (your files are kept)
  run <exNN|lesson-NN>  start your exercise's server, or a lesson's, to try it in a browser
  test [target]         run tests once (also: pnpm test): exercises/ex02, solutions/ex02,
                        packages/<lesson>, or nothing for the workbook's self-check
  fetch <url>           send one request and show every byte of the answer, \\r\\n and all
  cert                  make a certificate for https://localhost, signed by an authority of your own

For instructors and maintainers:
  grade <submissions>   grade a class: gradebook and feedback (also: pnpm grade)
  bench [name]          measure servers side by side (also: pnpm bench)
  starters [--update]   which exercises still hold their untouched starter

pnpm workbook <command> --help tells more about each.`;

const boardHelp = `Usage: pnpm workbook board [--dir <folder>]   (also: pnpm start)

Runs the checks of every exercise you have started and shows where you are: which pass, which
fail and how many of their checks pass, and what to do next. On a terminal, the arrow keys move
through the list and Enter starts watching the exercise chosen.

Options:
  --dir <folder>  the board of another copy of exercises/, a student's say`;

const testHelp = `Usage: pnpm test [target] [--watch]

  pnpm test exercises/ex02   your exercise's checks
  pnpm test solutions/ex02   the same checks against the reference solution
  pnpm test packages/<name>  a lesson's own tests
  pnpm test                  the workbook's self-check: everything, and every starter must fail

Options:
  --watch, -w   run again on every save (pnpm workbook watch is the friendlier loop)`;

const startersHelp = `Usage: pnpm workbook starters [--update] [exNN...]

Says which exercises still hold their untouched starter. After changing a starter on purpose,
--update records its new hash in exercise.json and its copy in .starter/ (for reset).`;

interface Command {
  /** Shown for --help (loaded only then); commands without it answer --help themselves. */
  help?: () => string | Promise<string>;
  run(args: string[]): Promise<number> | number;
}

const commands: Record<string, Command> = {
  board: {
    help: () => boardHelp,
    run: (args) => {
      const { values } = parseArgs({ args, options: { dir: { type: 'string' } } });
      return board(values.dir);
    },
  },
  test: {
    help: () => testHelp,
    run: (args) => {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { watch: { type: 'boolean', short: 'w' } } });
      if (positionals.length > 1) throw new UsageError(`Give one thing to test at a time, not ${positionals.length}: ${positionals.join(' ')}`, 'ERR_UNKNOWN_TARGET');
      return test(positionals[0], values.watch ?? false);
    },
  },
  // Loaded only when asked for: every command loaded up front would slow down `pnpm test`.
  watch: {
    help: async () => (await import('./loop/watch-command.ts')).watchHelp,
    run: async (args) => (await import('./loop/watch-command.ts')).watchCommand(args),
  },
  hint: {
    help: async () => (await import('./loop/hint-command.ts')).hintHelp,
    run: async (args) => (await import('./loop/hint-command.ts')).hintCommand(args),
  },
  solution: {
    help: async () => (await import('./loop/solution-command.ts')).solutionHelp,
    run: async (args) => (await import('./loop/solution-command.ts')).solutionCommand(args),
  },
  reset: {
    help: async () => (await import('./loop/reset-command.ts')).resetHelp,
    run: async (args) => (await import('./loop/reset-command.ts')).resetCommand(args),
  },
  run: {
    help: async () => (await import('./loop/run-command.ts')).runHelp,
    run: async (args) => (await import('./loop/run-command.ts')).runCommand(args),
  },
  starters: {
    help: () => startersHelp,
    run: (args) => {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { update: { type: 'boolean' } } });
      return starters(values.update ?? false, positionals);
    },
  },
  fetch: {
    help: async () => (await import('./fetch.ts')).fetchUsage,
    run: async (args) => (await import('./fetch.ts')).fetchCommand(args),
  },
  cert: {
    help: async () => (await import('@workbook/cert')).certHelp,
    run: async (args) => (await import('@workbook/cert')).certCommand(args),
  },
  bench: { run: async (args) => (await import('@workbook/bench')).bench(args) },
  grade: { run: async (args) => (await import('@workbook/grader')).grade(args) },
  help: {
    run: () => {
      console.log(usage);
      return 0;
    },
  },
};

export async function main(argv: string[], options: { loadVitest?: LoadVitest } = {}): Promise<number> {
  if (options.loadVitest) setVitestLoader(options.loadVitest);
  const [name = 'board', ...args] = argv;
  const key = name.replace(/^--?/, '');
  const command = commands[key === 'h' ? 'help' : key];
  if (!command) {
    console.error(`${pc.red('Unknown command:')} ${name}\n\n${usage}`);
    return 2;
  }
  // Everything after `--` belongs to the program `run` starts, --help included.
  const own = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (command.help && (own.includes('--help') || own.includes('-h'))) {
    console.log(await command.help());
    return 0;
  }
  try {
    return await command.run(args);
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    // parseArgs and our own argument checks say what is wrong; anything else is a real bug.
    if (error instanceof UsageError || code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${pc.red('Error:')} ${message}`);
      if (code?.startsWith('ERR_PARSE_ARGS')) console.error(`pnpm workbook ${key} --help lists what it takes.`);
      return 2;
    }
    // A broken exercise.json is the workbook's fault, not the typist's: the message names the field.
    if (error instanceof ExerciseJsonError) {
      console.error(`${pc.red('Error:')} ${message}`);
      return 1;
    }
    throw error;
  }
}
