/**
 * `pnpm bench [name...]`: runs the benchmarks asked for, or all of them, and prints each report
 * on stdout (Markdown, ready to paste); progress goes to stderr, so `pnpm bench > out.md` keeps
 * only the reports.
 */
import { parseArgs } from 'node:util';
import { pc } from '@workbook/testkit/color';
import { UsageError } from '@workbook/course';
import type { Benchmark, BenchOptions } from './benchmark.ts';
import { loadBenchmarks } from './catalog.ts';
import { parseDuration } from './duration.ts';
import { loadGeneratorChoices } from './load.ts';
import { stopOnSignals } from '@workbook/testkit';

export const RUNS = 3;
export const DEFAULT_DURATION = '3s';
export const DEFAULT_WARMUP_MS = 1000;
/** wrk measures in whole seconds, so a run cannot be shorter than this and still be the same everywhere. */
export const QUICK_DURATION = '1s';

/** One line per benchmark, names in a column: `  files    the lesson's file server against ...`. */
function listBenchmarks(benchmarks: readonly Benchmark[]): string {
  const width = Math.max(...benchmarks.map((benchmark) => benchmark.name.length), 8);
  return benchmarks.map((benchmark) => `  ${benchmark.name.padEnd(width)}  ${benchmark.description}`).join('\n');
}

export function benchUsage(benchmarks: readonly Benchmark[]): string {
  return `Usage: pnpm bench [name...] [options]

Runs servers side by side on this machine, talking to them over 127.0.0.1 only, and prints a
Markdown table: each figure is the median of ${RUNS} runs, with the lowest and highest run. With no
name, runs every benchmark. Close other busy programs first; they move the figures.

Benchmarks:
${listBenchmarks(benchmarks)}

Options:
  --duration <time>   how long each measured run lasts: ${DEFAULT_DURATION} unless told (500ms, 5s, 1m)
  --quick             a smoke run: ${QUICK_DURATION} runs and no warm-up; the figures are rough
  --load <tool>       the load generator: wrk, autocannon, or auto (the default): wrk when it is
                      installed, else autocannon, which comes with the workbook but tops out
                      near 75k req/s on 2 cores (big files then go through a node:http loop)
  --help              this text`;
}

export interface BenchRequest {
  benchmarks: Benchmark[];
  options: Omit<BenchOptions, 'command' | 'progress'>;
  /** The flags as typed, for each report's "reproduce" line. */
  flags: string[];
}

/** Reads what was typed after `pnpm bench`; throws a UsageError that says what would work. */
export function parseBenchArgs(args: string[], available: readonly Benchmark[]): BenchRequest | 'help' {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      duration: { type: 'string' },
      quick: { type: 'boolean' },
      load: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';

  const unknown = positionals.filter((name) => !available.some((benchmark) => benchmark.name === name));
  if (unknown.length > 0) {
    throw new UsageError(
      `There is no benchmark "${unknown.join('", "')}". The benchmarks are:\n${listBenchmarks(available)}\n` +
        'Run one with: pnpm bench <name>, or all of them with: pnpm bench',
      'ERR_UNKNOWN_BENCHMARK',
    );
  }
  const load = loadGeneratorChoices.find((choice) => choice === (values.load ?? 'auto'));
  if (!load) throw new UsageError(`--load takes wrk, autocannon or auto, not "${values.load}".`, 'ERR_BAD_BENCH_OPTION');
  const quick = values.quick ?? false;
  const flags = [
    ...(quick ? ['--quick'] : []),
    ...(values.duration !== undefined ? ['--duration', values.duration] : []),
    ...(values.load !== undefined ? ['--load', values.load] : []),
  ];
  return {
    benchmarks: positionals.length ? available.filter((benchmark) => positionals.includes(benchmark.name)) : [...available],
    options: {
      durationMs: parseDuration(values.duration ?? (quick ? QUICK_DURATION : DEFAULT_DURATION)),
      warmupMs: quick ? 0 : DEFAULT_WARMUP_MS,
      runs: RUNS,
      load,
      quick,
    },
    flags,
  };
}

export async function bench(args: string[]): Promise<number> {
  // The servers and load generators run in process groups of their own: Ctrl+C stops them here.
  stopOnSignals();
  const available = await loadBenchmarks();
  const request = parseBenchArgs(args, available);
  if (request === 'help') {
    console.log(benchUsage(available));
    return 0;
  }
  const progress = (line: string) => process.stderr.write(`${pc.dim(line)}\n`);
  for (const [index, benchmark] of request.benchmarks.entries()) {
    const command = ['pnpm bench', benchmark.name, ...request.flags].join(' ');
    progress(`${index > 0 ? '\n' : ''}Running ${pc.bold(benchmark.name)}: ${command}`);
    const report = await benchmark.run({ ...request.options, command, progress });
    console.log(`${index > 0 ? '\n' : ''}${report}`);
  }
  return 0;
}
