/**
 * The concurrency benchmark's report: two Markdown tables (the load alone, then with a slow
 * client) and the same figures as an SVG bar chart for the docs.
 */
import path from 'node:path';
import type { BenchOptions } from '../benchmark.ts';
import type { LoadGenerator, LoadResult } from '../load.ts';
import { describeDate, describeLoad, describeMachine } from '../machine.ts';
import { pinningNote } from '../pinning.ts';
import { spread, type Spread } from '../statistics.ts';
import { formatNumber, formatRatio, formatSeconds, formatSpread, renderTable } from '../table.ts';
import { root } from '@workbook/course';
import { renderBarChart } from './chart.ts';
import { BASELINE, WORKERS, type Contender } from './contenders.ts';

/** What the run measured for one contender, as the report shows it. */
export interface Measured {
  contender: Contender;
  problem?: string;
  /** Runs with the load alone. */
  alone: LoadResult[];
  /** Runs with one slow client connected first, trickling its request. */
  withSlowClient: LoadResult[];
  /** Whether the slow client got any answer (it should not: its request never ends). */
  slowClientAnswered: boolean;
}

const requestsPerSecond = (runs: LoadResult[]): Spread => spread(runs.map((run) => run.requests / run.seconds));

/**
 * Latency of the requests that were answered. A run in which nothing was answered has no latency
 * at all (wrk would print 0 ms, which reads like "instant"), so it counts as no figure.
 */
function latency(runs: LoadResult[], pick: (run: LoadResult) => number): Spread | undefined {
  const answered = runs.filter((run) => run.requests > 0);
  return answered.length ? spread(answered.map(pick)) : undefined;
}

/** Requests per second; a plain 0 when nothing at all was answered, which is the point of that row. */
const rateCell = (rate: Spread) => (rate.max === 0 ? '0' : formatSpread(rate));
const errors = (runs: LoadResult[]) => String(runs.reduce((total, run) => total + run.errors, 0));
const cell = (value: Spread | undefined) => (value ? formatSpread(value) : '–');
const ratio = (value: Spread | undefined, base: Spread | undefined) => (value && base ? formatRatio(value.median, base.median) : '–');

function aloneTable(measured: Measured[]): string {
  const baseline = measured.find((entry) => entry.contender.name === BASELINE && entry.alone.length > 0);
  const baseRate = baseline && requestsPerSecond(baseline.alone);
  const baseP50 = baseline && latency(baseline.alone, (run) => run.p50Ms);
  const baseP99 = baseline && latency(baseline.alone, (run) => run.p99Ms);
  const rows = measured.map(({ contender, alone }) => {
    if (alone.length === 0) return [contender.name, '–', '–', '–', '–', '–', '–', '–'];
    const rate = requestsPerSecond(alone);
    const p50 = latency(alone, (run) => run.p50Ms);
    const p99 = latency(alone, (run) => run.p99Ms);
    return [contender.name, rateCell(rate), formatRatio(rate.median, baseRate?.median), cell(p50), ratio(p50, baseP50), cell(p99), ratio(p99, baseP99), errors(alone)];
  });
  return renderTable(['model', 'requests/s', '×', 'p50 latency, ms', '×', 'p99 latency, ms', '×', 'errors'], rows);
}

function slowClientTable(measured: Measured[]): string {
  const rows = measured.map(({ contender, alone, withSlowClient }) => {
    if (withSlowClient.length === 0) return [contender.name, '–', '–', '–', '–', '–'];
    const rate = requestsPerSecond(withSlowClient);
    const before = alone.length ? requestsPerSecond(alone) : undefined;
    return [
      contender.name,
      rateCell(rate),
      formatRatio(rate.median, before?.median),
      cell(latency(withSlowClient, (run) => run.p50Ms)),
      cell(latency(withSlowClient, (run) => run.p99Ms)),
      errors(withSlowClient),
    ];
  });
  return renderTable(['model', 'requests/s', '× without it', 'p50 latency, ms', 'p99 latency, ms', 'errors'], rows);
}

export interface ReportContext {
  load: LoadGenerator;
  options: BenchOptions;
  connections: number;
  /** Where the chart was written, or undefined when it was not (a --quick run). */
  chartFile: string | undefined;
}

export function renderConcurrencyReport(measured: Measured[], { load, options, connections, chartFile }: ReportContext): string {
  const seconds = (ms: number) => formatSeconds(load.runLengthMs(ms));
  const warmup = options.warmupMs > 0 ? `, after ${seconds(options.warmupMs)} of warm-up each` : ', without warm-up';
  const answeredSlow = measured.filter((entry) => entry.slowClientAnswered).map((entry) => entry.contender.name);
  return [
    '## concurrency: one file server, served four ways',
    '',
    `- Date: ${describeDate()}`,
    `- Machine: ${[describeMachine(), describeLoad()].filter(Boolean).join('; ')}`,
    `- Load generator: ${load.title}; ${pinningNote()}`,
    `- Load: ${connections} keep-alive connections asking for GET / (lesson 7's index.html); ` +
      `${options.runs} runs of ${seconds(options.durationMs)} per model and scenario, taken in turns${warmup}; all on 127.0.0.1`,
    '',
    '### The load alone',
    '',
    aloneTable(measured),
    '',
    `Each figure is the median of the runs, with the lowest and highest in brackets; × is the ratio to the ${BASELINE}'s median ` +
      '(above 1 is more requests, or a longer wait). Errors are failed connections, reads and writes, and timeouts, over all runs.',
    '',
    '### With one slow client',
    '',
    'Before the load starts, one more client connects and sends its request one byte a second; it never finishes within the run.',
    '',
    slowClientTable(measured),
    '',
    '× is the ratio to the same model without the slow client. 0 requests/s means no client at all was answered during the run: ' +
      'they were all queued behind the slow one. Latency is that of the answered requests only, so a run with none has no figure.' +
      (answeredSlow.length ? ` (The slow client itself was answered by: ${answeredSlow.join(', ')}; it should not have been.)` : ''),
    '',
    'Models:',
    ...measured.map(({ contender, problem }) => `- ${contender.name}: ${contender.about}${problem ? `. **${problem}**` : ''}`),
    '',
    `The server and all its processes or threads share the one core it is pinned to (when pinning works), so the ${WORKERS} ` +
      'processes or threads cannot add computing power here; on a machine with more cores, give them more.',
    ...(load.caveat ? ['', `Note: ${load.caveat}`] : []),
    ...(chartFile ? ['', `Chart: ${path.relative(root, chartFile).split(path.sep).join('/')}`] : []),
    '',
    `Reproduce: \`${options.command}\``,
  ].join('\n');
}

export function renderConcurrencyChart(measured: Measured[], loadTitle: string): string {
  const median = (runs: LoadResult[]) => (runs.length ? requestsPerSecond(runs).median : undefined);
  return renderBarChart({
    title: 'Requests per second: lesson 7\u2019s file server, four ways (pnpm bench concurrency)',
    subtitle: `${describeDate()} · ${describeMachine()} · ${loadTitle}`,
    series: [
      { name: 'the load alone', colour: '#1d4ed8' },
      { name: 'with one slow client', colour: '#f59e0b' },
    ],
    groups: measured.map(({ contender, alone, withSlowClient }) => ({
      label: contender.name,
      values: [median(alone), median(withSlowClient)],
    })),
    format: (value) => (value === 0 ? '0 req/s: nobody was answered' : `${formatNumber(value)} req/s`),
  });
}
