/**
 * The streaming benchmark: lesson 11's download server, naive and careful, each sending a 100 MB
 * file to one slow client, with the server's memory (RSS) sampled all along. The careful server
 * should stay near its resting size; the naive one should grow by about the size of the file,
 * because it reads the file faster than the client takes it and queues the rest in memory.
 *
 * The two take turns (careful, naive, careful, naive, ...), each started fresh for its run and
 * stopped after it, so a busy moment on the machine falls on both alike.
 */
import { createRequire } from 'node:module';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { root } from '@workbook/course';
import { freePort } from '@workbook/testkit';
import type { BenchOptions } from '../benchmark.ts';
import { describeDate, describeLoad, describeMachine } from '../machine.ts';
import { canMeasureMemory, rssOf, samplePeakRss } from '../memory.ts';
import { pinningNote } from '../pinning.ts';
import { startServer, type ServerLaunch } from '../server-process.ts';
import { spread, type Spread } from '../statistics.ts';
import { formatNumber, formatRatio, formatSpread, renderTable } from '../table.ts';
import { downloadSlowly } from './slow-reader.ts';

export const LESSON_DIR = path.join(root, 'packages', 'lesson-11-streaming');
const LESSON_MAIN = path.join(LESSON_DIR, 'src', 'main.ts');
const MB = 1024 * 1024;
export const FILE_BYTES = 100 * MB;
/** The slow client's speed: a 100 MB download takes about 5 s (1 s with --quick). */
const SLOW_BYTES_PER_SECOND = 20 * MB;
const QUICK_BYTES_PER_SECOND = 100 * MB;
const TIME_LIMIT_MS = 60_000;

interface Contender {
  name: string;
  flags: string[];
  about: string;
}

const CONTENDERS: Contender[] = [
  { name: 'careful', flags: [], about: 'stops reading the file whenever write() returns false, until the socket drains (src/backpressure/send-file.ts, sendCarefully)' },
  { name: 'naive', flags: ['--naive'], about: 'writes every piece the moment it is read and ignores what write() returns (sendNaively)' },
];

interface Run {
  restingBytes: number;
  peakBytes: number;
  seconds: number;
  complete: boolean;
}

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function launch(contender: Contender, port: number, file: string): ServerLaunch {
  return {
    command: process.execPath,
    args: ['--import', tsx, LESSON_MAIN, '--demo', 'backpressure', ...contender.flags, '--quiet'],
    cwd: LESSON_DIR,
    env: { PORT: String(port), BIG_FILE: file },
  };
}

/** 100 MB of text lines in a fresh temporary folder. */
async function makeFile(folder: string): Promise<string> {
  const file = path.join(folder, 'big.bin');
  const line = Buffer.from('a line of the big file, sent slowly to show backpressure at work\n'.padEnd(64, '.'));
  const block = Buffer.concat(Array.from({ length: MB / line.length }, () => line));
  const out = createWriteStream(file);
  for (let written = 0; written < FILE_BYTES; written += block.length) {
    if (!out.write(block)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
  return file;
}

export async function runStreaming(options: BenchOptions): Promise<string> {
  if (!canMeasureMemory()) return '# streaming benchmark\n\nNot measured: memory cannot be read on this system (Windows).';
  const folder = mkdtempSync(path.join(tmpdir(), 'workbook-bench-streaming-'));
  const runs = new Map<Contender, Run[]>(CONTENDERS.map((contender) => [contender, []]));
  const problems: string[] = [];
  const rate = options.quick ? QUICK_BYTES_PER_SECOND : SLOW_BYTES_PER_SECOND;
  try {
    options.progress('streaming: writing the 100 MB file');
    const file = await makeFile(folder);
    for (let round = 1; round <= options.runs; round++) {
      for (const contender of CONTENDERS) {
        options.progress(`${contender.name}: run ${round} of ${options.runs}`);
        const port = await freePort();
        const server = startServer(launch(contender, port, file), port);
        try {
          await server.ready(15_000);
          // One fast download first, so the resting size includes what serving a file costs
          // anyway (compiled code, buffers the runtime keeps): the growth is then the slow client's doing.
          await downloadSlowly(port, '/download', Number.MAX_SAFE_INTEGER, TIME_LIMIT_MS);
          const restingBytes = (await rssOf(server.pid)) ?? 0;
          const sampler = samplePeakRss(server.pid);
          const download = await downloadSlowly(port, '/download', rate, TIME_LIMIT_MS);
          const peakBytes = (await sampler.stop()) ?? 0;
          runs.get(contender)!.push({ restingBytes, peakBytes, seconds: download.seconds, complete: download.complete && download.received > FILE_BYTES });
        } catch (error) {
          problems.push(`${contender.name}, run ${round}: not measured: ${(error as Error).message}`);
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  return renderReport(runs, problems, options, rate);
}

function renderReport(runs: Map<Contender, Run[]>, problems: string[], options: BenchOptions, rate: number): string {
  const figures = [...runs].map(([contender, own]) => ({
    contender,
    resting: own.length ? spread(own.map((run) => run.restingBytes / MB)) : undefined,
    peak: own.length ? spread(own.map((run) => run.peakBytes / MB)) : undefined,
    growth: own.length ? spread(own.map((run) => (run.peakBytes - run.restingBytes) / MB)) : undefined,
    seconds: own.length ? spread(own.map((run) => run.seconds)) : undefined,
    incomplete: own.filter((run) => !run.complete).length,
  }));
  const baseline = figures[0];
  const cell = (value: Spread | undefined, base: Spread | undefined) => (value ? `${formatSpread(value)} ${formatRatio(value.median, base?.median)}` : '–');
  const table = renderTable(
    ['server', 'RSS at rest, MB', 'peak RSS, MB', 'growth while sending, MB', 'download, s'],
    figures.map((entry) => [
      entry.contender.name,
      entry.resting ? formatSpread(entry.resting) : '–',
      cell(entry.peak, baseline?.peak),
      cell(entry.growth, baseline?.growth),
      entry.seconds ? formatSpread(entry.seconds) : '–',
    ]),
  );
  const load = describeLoad();
  const notes = [
    ...figures
      .filter((entry) => entry.incomplete > 0)
      .map((entry) => `${entry.contender.name}: ${entry.incomplete} download(s) did not complete within ${TIME_LIMIT_MS / 1000} s`),
    ...problems,
  ];
  return [
    '# streaming benchmark: results',
    '',
    `- Date: ${describeDate()}`,
    `- Machine: ${describeMachine()}${load ? `; ${load}` : ''}`,
    `- Placement: ${pinningNote()}`,
    `- Runs: ${options.runs} rounds; in each, both servers in turn are started fresh, send the ${formatNumber(FILE_BYTES / MB)} MB file once to one client reading ${formatNumber(rate / MB)} MB/s, and are stopped; all on 127.0.0.1`,
    '',
    table,
    '',
    'Each figure is the median of the runs, (lowest–highest); × careful compares the medians.',
    "RSS is the server process's resident memory: at rest after one fast download of the file (to warm up), then the highest sampled (every 50 ms) while the slow client downloads it.",
    '',
    'Servers (both `pnpm workbook run lesson-11 -- --demo backpressure`):',
    ...CONTENDERS.map((contender) => `- ${contender.name}${contender.flags.length ? ` (${contender.flags.join(' ')})` : ''}: ${contender.about}`),
    ...(notes.length ? ['', 'Notes:', ...notes.map((note) => `- ${note}`)] : []),
    '',
    `Reproduce: \`${options.command}\``,
  ].join('\n');
}
