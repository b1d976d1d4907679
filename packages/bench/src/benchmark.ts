/**
 * What a benchmark is, to `pnpm bench`: a name to ask for it by, one line saying what it
 * measures, and a function that measures and returns the report. Each benchmark lives in its own
 * file in benchmarks/ and default-exports one of these; the catalog finds it there.
 */
import type { LoadGeneratorChoice } from './load.ts';

export interface BenchOptions {
  /** How long each measured run lasts. */
  durationMs: number;
  /** How long the load runs, unmeasured, before the first measured run, so the JIT has warmed up. */
  warmupMs: number;
  /** How many times each measurement is repeated; the report gives the median and the range. */
  runs: number;
  /** wrk where it is installed, else autocannon, unless one is asked for. */
  load: LoadGeneratorChoice;
  /** A smoke run: the shortest durations that still exercise everything. */
  quick: boolean;
  /** The command line that reproduces this run, for the report: `pnpm bench files --quick`. */
  command: string;
  /** Progress for the person waiting (stderr in the CLI), kept apart from the report. */
  progress: (line: string) => void;
}

export interface Benchmark {
  /** What to type after `pnpm bench`: lower case, one word. */
  name: string;
  /** One line for `pnpm bench --help`. */
  description: string;
  /** Measures, and resolves with the report: Markdown, ready to print or to save. */
  run(options: BenchOptions): Promise<string>;
}

/** A benchmark file's default export. It only gives the object its type. */
export function defineBenchmark(benchmark: Benchmark): Benchmark {
  return benchmark;
}
