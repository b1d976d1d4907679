/**
 * Every benchmark `pnpm bench` knows: one file each in benchmarks/, named after the benchmark,
 * default-exporting defineBenchmark({ name, description, run }). Adding a benchmark is adding
 * such a file; nothing else needs to change.
 */
import { readdirSync } from 'node:fs';
import type { Benchmark } from './benchmark.ts';

const folder = new URL('./benchmarks/', import.meta.url);

export async function loadBenchmarks(): Promise<Benchmark[]> {
  const files = readdirSync(folder)
    .filter((file) => file.endsWith('.ts'))
    .sort();
  return Promise.all(
    files.map(async (file) => {
      const benchmark = ((await import(new URL(file, folder).href)) as { default?: Partial<Benchmark> }).default;
      const name = file.slice(0, -'.ts'.length);
      // The file name is the benchmark's name, so `pnpm bench x` is always found in benchmarks/x.ts.
      if (benchmark?.name !== name || typeof benchmark.description !== 'string' || typeof benchmark.run !== 'function') {
        throw new Error(`packages/bench/src/benchmarks/${file} must end with: export default defineBenchmark({ name: '${name}', description: '...', run })`);
      }
      return benchmark as Benchmark;
    }),
  );
}
