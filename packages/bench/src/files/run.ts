/**
 * The files benchmark from end to end: make the folder, pick the load generator, measure the
 * servers, and write the report.
 *
 * The servers take turns: round 1 measures each server once, then round 2 each again, and so on,
 * every server started fresh and killed after its turn, so only one runs at a time. Had each
 * server had all its runs in one go, a busy minute on the machine (a test suite, a backup) would
 * land on one server's figures alone and show up as a difference between servers; in turns it
 * slows each server's runs alike, and the ratios stay fair.
 */
import type { BenchOptions } from '../benchmark.ts';
import { chooseLoadGenerator } from '../load-generator.ts';
import { describeDate, describeLoad, describeMachine } from '../machine.ts';
import { pinningNote } from '../pinning.ts';
import { formatNumber, formatSeconds } from '../table.ts';
import type { LoadGenerator } from '../load.ts';
import { measureRound, summarize, type RoundOutcome, type RoundSettings, type ServerMeasurement } from './measure.ts';
import { renderFilesReport } from './report.ts';
import { fileServers, type FileServer } from './servers.ts';
import { defaultSizes, makeSite, type Site, type SiteSizes } from './site.ts';

export interface FilesRunOptions extends BenchOptions {
  /** The servers to compare, the first being the one the others are divided by. */
  servers?: FileServer[];
  sizes?: SiteSizes;
  /** How long the downloads of the large file may take (default 60 s; they take a few). */
  downloadLimitMs?: number;
}

export interface FilesRun {
  measurements: ServerMeasurement[];
  report: string;
}

export async function runFiles(options: FilesRunOptions): Promise<FilesRun> {
  const { servers = fileServers(), sizes = defaultSizes, progress } = options;
  const load = chooseLoadGenerator(options.load);
  progress(`files: making the folder to serve (${formatNumber(siteMegabytes(sizes))} MB)`);
  const site = await makeSite(sizes);
  let measurements: ServerMeasurement[];
  try {
    measurements = await measureInTurns(servers, site, load, options);
  } finally {
    site.remove();
  }

  const report = renderFilesReport(measurements, {
    header: ['## files: serving a folder', '', ...describeRun(load, options)],
    sizes,
    command: options.command,
    caveats: load.caveat ? [load.caveat] : [],
  });
  return { measurements, report };
}

/** The lines under a report's title: date, machine, load generator and how the rounds ran. */
export function describeRun(load: LoadGenerator, options: Pick<BenchOptions, 'runs' | 'durationMs' | 'warmupMs'>): string[] {
  const warmup = options.warmupMs > 0 ? `after ${formatSeconds(load.runLengthMs(options.warmupMs))} of warm-up per file` : 'without warm-up';
  return [
    `- Date: ${describeDate()}`,
    `- Machine: ${[describeMachine(), describeLoad()].filter(Boolean).join('; ')}`,
    `- Load generator: ${load.title}; ${pinningNote()}`,
    `- Runs: ${options.runs} rounds; in each, every server in turn is started fresh, measured for ${formatSeconds(load.runLengthMs(options.durationMs))} per file ` +
      `${warmup}, and stopped; all on 127.0.0.1`,
  ];
}

/** How big the folder to serve is, for the progress line before it is written. */
export function siteMegabytes(sizes: SiteSizes): number {
  return (sizes.page + (sizes.morePages ?? []).reduce((total, bytes) => total + bytes, 0) + sizes.medium + sizes.large) / 1024 ** 2;
}

export interface TurnsOptions extends Pick<BenchOptions, 'runs' | 'durationMs' | 'warmupMs' | 'progress'> {
  downloadLimitMs?: number;
  samplePeak?: RoundSettings['samplePeak'];
}

/** Every server measured `runs` times, in turns (see the top of this file), then summarized. */
export async function measureInTurns(servers: readonly FileServer[], site: Site, load: LoadGenerator, options: TurnsOptions): Promise<ServerMeasurement[]> {
  const { runs, progress } = options;
  const outcomes = new Map<FileServer, RoundOutcome[]>(servers.map((server) => [server, []]));
  for (let round = 1; round <= runs; round++) {
    for (const server of servers) {
      const own = outcomes.get(server)!;
      // A server that could not be measured once is not tried again.
      if (own.some((outcome) => 'problem' in outcome)) continue;
      const outcome = await measureRound(server, site, load, {
        durationMs: options.durationMs,
        warmupMs: options.warmupMs,
        progress,
        downloadLimitMs: options.downloadLimitMs ?? 60_000,
        // Memory once per server, at the end: 20 downloads of 100 MB take a while.
        withMemory: round === runs,
        label: `round ${round} of ${runs}`,
        ...(options.samplePeak && { samplePeak: options.samplePeak }),
      });
      if ('problem' in outcome) progress(`${server.name}: ${outcome.problem}`);
      own.push(outcome);
    }
  }
  return servers.map((server) => summarize(server, outcomes.get(server)!));
}
