/**
 * The streaming benchmark: lesson 11's download server, naive and careful, each sending a 100 MB
 * file to one slow client, with the server's memory (RSS) read every 50 ms all along. The naive
 * server should grow by about the size of the file, because it reads the file faster than the
 * client takes it and queues the rest in memory. The careful one holds a piece or two; its RSS
 * still rises a little at first (the pieces already sent wait for the garbage collector), then
 * stays level to the end, however big the file: a third run sends it a file four times as big,
 * four times as fast, to show that.
 *
 * What each run reports: the server's RSS idle (started fresh, one small request answered, no
 * download yet), the highest RSS by a quarter, a half and three quarters of the download, and the
 * peak. They take turns (careful, naive, careful with the big file, careful, ...), each started
 * fresh for its run and stopped after it, so a busy moment on the machine falls on all alike.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { root } from '@workbook/course';
import { freePort, type Launch, launch } from '@workbook/testkit';
import type { BenchOptions } from '../benchmark.ts';
import { describeDate, describeLoad, describeMachine } from '../machine.ts';
import { canMeasureMemory, rssOf } from '../memory.ts';
import { pinningNote } from '../pinning.ts';
import { startServer, type ServerLaunch } from '../server-process.ts';
import { spread, type Spread } from '../statistics.ts';
import { formatNumber, formatRatio, formatSpread, renderTable } from '../table.ts';
import { highestBy, sampleRssOverTime } from './rss-timeline.ts';
import { downloadSlowly } from './slow-reader.ts';

export const LESSON_DIR = path.join(root, 'packages', 'lesson-11-streaming');
const LESSON_MAIN = path.join(LESSON_DIR, 'src', 'main.ts');
const MB = 1024 * 1024;
export const FILE_BYTES = 100 * MB;
/** The same careful server once more with a file four times as big, to show its memory does not follow the file. */
const BIG_FILE_BYTES = 4 * FILE_BYTES;
/** The slow client's speed for the 100 MB file: about 5 s (1 s with --quick); the big file goes 4 times as fast, so it takes as long. */
const SLOW_BYTES_PER_SECOND = 20 * MB;
const QUICK_BYTES_PER_SECOND = 100 * MB;
const TIME_LIMIT_MS = 60_000;

export interface Contender {
  name: string;
  flags: string[];
  /** The size of the file it sends. */
  fileBytes: number;
  about: string;
}

export const CONTENDERS: Contender[] = [
  {
    name: 'careful',
    flags: [],
    fileBytes: FILE_BYTES,
    about: 'stops reading the file whenever write() returns false, until the socket drains (src/backpressure/send-file.ts, sendCarefully); 100 MB file',
  },
  { name: 'naive', flags: ['--naive'], fileBytes: FILE_BYTES, about: 'writes every piece the moment it is read and ignores what write() returns (sendNaively); 100 MB file' },
  {
    name: 'careful, 400 MB',
    flags: [],
    fileBytes: BIG_FILE_BYTES,
    about: 'the careful server again, with a 400 MB file and a client four times as fast (so it takes as long)',
  },
];

/** The moments the report reads the RSS at: when ¼, ½ and ¾ of the file had reached the client. */
const QUARTERS = [0.25, 0.5, 0.75];

export interface Run {
  idleBytes: number;
  /** The highest RSS by each of the QUARTERS. */
  byQuarter: (number | undefined)[];
  peakBytes: number;
  seconds: number;
  complete: boolean;
}

/**
 * The server runs as `pnpm workbook run lesson-11` runs it: built into one JavaScript file by the
 * kit and started with plain node. Through tsx instead, the idle figure would include tsx's own
 * loader, about 36 MB that the server itself does not use.
 */
function launchArgs(built: Launch, contender: Contender, port: number, file: string): ServerLaunch {
  return {
    command: process.execPath,
    args: [...built.args, '--demo', 'backpressure', ...contender.flags, '--quiet'],
    cwd: LESSON_DIR,
    env: { ...built.env, PORT: String(port), BIG_FILE: file },
  };
}

/** `bytes` of text lines in a fresh temporary folder. */
async function makeFile(folder: string, bytes: number): Promise<string> {
  const file = path.join(folder, `big-${bytes / MB}.bin`);
  const line = Buffer.from('a line of the big file, sent slowly to show backpressure at work\n'.padEnd(64, '.'));
  const block = Buffer.concat(Array.from({ length: MB / line.length }, () => line));
  const out = createWriteStream(file);
  for (let written = 0; written < bytes; written += block.length) {
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
  const built = await launch(LESSON_MAIN, { preload: false });
  try {
    const files = new Map<number, string>();
    for (const bytes of new Set(CONTENDERS.map((contender) => contender.fileBytes))) {
      options.progress(`streaming: writing the ${bytes / MB} MB file`);
      files.set(bytes, await makeFile(folder, bytes));
    }
    for (let round = 1; round <= options.runs; round++) {
      for (const contender of CONTENDERS) {
        options.progress(`${contender.name}: run ${round} of ${options.runs}`);
        const port = await freePort();
        const server = startServer(launchArgs(built, contender, port, files.get(contender.fileBytes)!), port);
        const scale = contender.fileBytes / FILE_BYTES;
        try {
          await server.ready(15_000);
          // One small answer first (GET /), so the idle size includes the code that answers; then
          // a moment's rest. No download yet: the idle figure has none of the file in it.
          await downloadSlowly(port, '/', Number.MAX_SAFE_INTEGER, TIME_LIMIT_MS);
          await sleep(200);
          const idleBytes = (await rssOf(server.pid)) ?? 0;
          const timeline = sampleRssOverTime(server.pid);
          const quarters = QUARTERS.map((share) => share * contender.fileBytes);
          const download = await downloadSlowly(port, '/download', rate * scale, TIME_LIMIT_MS, quarters);
          const samples = await timeline.stop();
          runs.get(contender)!.push({
            idleBytes,
            byQuarter: download.reachedAt.map((moment) => highestBy(samples, moment)),
            peakBytes: Math.max(0, ...samples.map((sample) => sample.bytes)),
            seconds: download.seconds,
            complete: download.complete && download.received > contender.fileBytes,
          });
        } catch (error) {
          problems.push(`${contender.name}, run ${round}: not measured: ${(error as Error).message}`);
        } finally {
          await server.stop();
        }
      }
    }
  } finally {
    built.cleanUp();
    rmSync(folder, { recursive: true, force: true });
  }
  return renderReport(runs, problems, options, rate);
}

export function renderReport(runs: Map<Contender, Run[]>, problems: string[], options: BenchOptions, rate: number): string {
  const mb = (bytes: number | undefined) => (bytes === undefined ? Number.NaN : bytes / MB);
  const figures = [...runs].map(([contender, own]) => {
    const of = (pick: (run: Run) => number) => (own.length ? spread(own.map(pick)) : undefined);
    return {
      contender,
      idle: of((run) => mb(run.idleBytes)),
      quarters: QUARTERS.map((_, index) => of((run) => mb(run.byQuarter[index]))),
      peak: of((run) => mb(run.peakBytes)),
      peakOverIdle: of((run) => run.peakBytes / run.idleBytes),
      growth: of((run) => mb(run.peakBytes - run.idleBytes)),
      seconds: of((run) => run.seconds),
      incomplete: own.filter((run) => !run.complete).length,
    };
  });
  const baseline = figures[0];
  const figure = (value: Spread | undefined) => (value ? formatSpread(value) : '–');
  const table = renderTable(
    ['server', 'idle RSS, MB', 'highest by ¼ · ½ · ¾ of the download, MB', 'peak RSS, MB', 'peak ÷ idle', 'growth, MB (× careful)', 'download, s'],
    figures.map((entry) => [
      entry.contender.name,
      figure(entry.idle),
      entry.quarters.map((quarter) => (quarter ? formatNumber(quarter.median) : '–')).join(' · '),
      figure(entry.peak),
      entry.peakOverIdle ? `${entry.peakOverIdle.median.toFixed(2)}×` : '–',
      entry.growth ? `${formatSpread(entry.growth)} ${formatRatio(entry.growth.median, baseline?.growth?.median)}` : '–',
      figure(entry.seconds),
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
    `- Runs: ${options.runs} rounds; in each, the servers in turn are started fresh, send the file once to one client reading ${formatNumber(rate / MB)} MB/s (the ${formatNumber(BIG_FILE_BYTES / MB)} MB file: ${formatNumber((rate * BIG_FILE_BYTES) / FILE_BYTES / MB)} MB/s), and are stopped; all on 127.0.0.1`,
    '',
    table,
    '',
    'Each figure is the median of the runs, (lowest–highest); the quarters are medians only.',
    "RSS is the server process's resident memory, read from the system every 50 ms (the client is this benchmark, another process).",
    'Idle: started fresh, one small request (GET /) answered, no download yet. Highest by ¼: the highest reading up to the moment a quarter of the file had reached the client.',
    'Peak ÷ idle and growth (peak minus idle) are per run; × careful compares the growths.',
    '',
    'Servers (all `pnpm workbook run lesson-11 -- --demo backpressure`):',
    ...CONTENDERS.map((contender) => `- ${contender.name}${contender.flags.length ? ` (${contender.flags.join(' ')})` : ''}: ${contender.about}`),
    ...(notes.length ? ['', 'Notes:', ...notes.map((note) => `- ${note}`)] : []),
    '',
    `Reproduce: \`${options.command}\``,
  ].join('\n');
}
