/**
 * `pnpm bench concurrency`: its tables and its chart, from made-up figures. The real run takes
 * minutes and its figures depend on the machine, so it is not run here.
 */
import { describe, expect, test } from 'vitest';
import type { BenchOptions } from '../src/benchmark.ts';
import { loadBenchmarks } from '../src/catalog.ts';
import { escapeXml, renderBarChart } from '../src/concurrency/chart.ts';
import { CONTENDERS } from '../src/concurrency/contenders.ts';
import { renderConcurrencyChart, renderConcurrencyReport } from '../src/concurrency/report.ts';
import type { Measured } from '../src/concurrency/report.ts';
import type { LoadGenerator, LoadResult } from '../src/load.ts';

const result = (requests: number, p50Ms = 2, p99Ms = 9): LoadResult => ({ requests, seconds: 1, bytes: requests * 800, p50Ms, p99Ms, errors: 0 });

/** Every model at 1000 requests a second, except one at a time, which answers nobody with the slow client. */
function measured(): Measured[] {
  return CONTENDERS.map((contender) => ({
    contender,
    alone: [result(contender.name === 'event loop' ? 2000 : 1000)],
    withSlowClient: [result(contender.name === 'one at a time' ? 0 : 1000)],
    slowClientAnswered: false,
  }));
}

const load: LoadGenerator = {
  name: 'wrk',
  title: 'wrk 4.1.0',
  runLengthMs: (ms) => ms,
  requests: () => Promise.reject(new Error('not in this test')),
  download: () => Promise.reject(new Error('not in this test')),
};

const options: BenchOptions = {
  durationMs: 1000,
  warmupMs: 0,
  runs: 1,
  load: 'auto',
  quick: true,
  command: 'pnpm bench concurrency --quick',
  progress: () => {},
};

describe('the concurrency benchmark', () => {
  test('is in the catalog', async () => {
    expect((await loadBenchmarks()).map((benchmark) => benchmark.name)).toContain('concurrency');
  });

  test('gives ratios to the event loop, and a plain 0 with no latency when nobody was answered', () => {
    const report = renderConcurrencyReport(measured(), { load, options, connections: 50, chartFile: undefined });
    const row = (table: string, name: string) => table.split('\n').find((line) => line.startsWith(`| ${name} `))!;
    const [alone = '', slow = ''] = report.split('### With one slow client');
    expect(row(alone, 'event loop')).toMatch(/\|\s+2,000 \|\s+1\.00× \|/);
    expect(row(alone, 'processes')).toMatch(/\|\s+1,000 \|\s+0\.50× \|/);
    expect(row(slow, 'one at a time')).toMatch(/^\| one at a time\s+\|\s+0 \|\s+0\.00× \|\s+– \|\s+– \|\s+0 \|$/);
    expect(report).toContain('Reproduce: `pnpm bench concurrency --quick`');
  });

  test('draws one bar per model and scenario, the longest for the largest figure', () => {
    const svg = renderConcurrencyChart(measured(), 'wrk 4.1.0');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const widths = [...svg.matchAll(/<rect x="190" y="\d+" width="(\d+)" height="14"/g)].map((match) => Number(match[1]));
    expect(widths).toHaveLength(CONTENDERS.length * 2);
    expect(Math.max(...widths)).toBe(450);
    expect(svg).toContain('0 req/s: nobody was answered');
  });

  test('escapes text, so a label cannot break the SVG', () => {
    expect(escapeXml('a < b & "c"')).toBe('a &lt; b &amp; &quot;c&quot;');
    const svg = renderBarChart({
      title: '<script>',
      subtitle: '',
      series: [{ name: 'x', colour: '#000' }],
      groups: [{ label: 'a&b', values: [undefined] }],
      format: String,
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('a&amp;b');
    expect(svg).toContain('not measured');
  });
});
