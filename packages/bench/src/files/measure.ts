/**
 * One round for one file server: started fresh, checked to serve the right bytes, warmed up,
 * loaded once with the small page (then with each bigger page, if the site has any) and once with
 * the medium file (and, in the last round, watched while many clients download the large file),
 * then killed. Whatever goes wrong becomes a
 * problem to report, and the benchmark moves on to the next server.
 */
import { freePort } from '@workbook/testkit';
import type { BenchOptions } from '../benchmark.ts';
import { downloadAtOnce, type DownloadsOutcome } from '../downloads.ts';
import type { LoadGenerator, LoadResult, LoadSpec, Throughput } from '../load.ts';
import { samplePeakRss, type PeakSampler } from '../memory.ts';
import { startServer, type ServerProcess } from '../server-process.ts';
import { spread, type Spread } from '../statistics.ts';
import { sizeLabel } from '../table.ts';
import { MB, type Site, type SiteFile } from './site.ts';
import type { FileServer } from './servers.ts';

/** Clients asking for the small page: enough to keep any of these servers busy. */
export const PAGE_CONNECTIONS = 50;
/** Clients downloading the medium file: a few, as for a page's images or a software download. */
export const MEDIUM_CONNECTIONS = 4;
/** Clients downloading the large file at once while memory is watched. */
export const LARGE_CLIENTS = 20;

export interface RoundSettings extends Pick<BenchOptions, 'durationMs' | 'warmupMs' | 'progress'> {
  /** How long the 20 downloads of the large file may take before they are cut off. */
  downloadLimitMs: number;
  /** Whether this round ends with the large file's downloads, while memory is sampled. */
  withMemory: boolean;
  /** `round 2 of 3`, for the progress lines. */
  label: string;
  /** How the peak memory is read: the server's own process unless told (the fast benchmark adds its children). */
  samplePeak?: (pid: number) => PeakSampler;
}

export interface LargeOutcome {
  peakRssBytes: number | undefined;
  downloads: DownloadsOutcome;
}

export type RoundOutcome = { page: LoadResult; morePages?: LoadResult[]; medium: Throughput; large?: LargeOutcome } | { problem: string };

export async function measureRound(server: FileServer, site: Site, load: LoadGenerator, settings: RoundSettings): Promise<RoundOutcome> {
  const port = await freePort();
  const launch = server.launch(site.dir, port);
  if (typeof launch === 'string') return { problem: `skipped: ${launch}` };

  const say = (what: string) => settings.progress(`${settings.label}, ${server.name}: ${what}`);
  say('starting');
  const running = startServer(launch, port);
  try {
    await running.ready(15_000);
    for (const file of [site.page, ...site.morePages, site.medium]) {
      const wrong = await servesWrongly(running, file);
      if (wrong) return { problem: `not measured: ${wrong}` };
    }

    const pageSpecs: LoadSpec[] = [site.page, ...site.morePages].map((file) => ({
      url: running.url(file.urlPath),
      connections: PAGE_CONNECTIONS,
      durationMs: settings.durationMs,
    }));
    const mediumSpec: LoadSpec = { url: running.url(site.medium.urlPath), connections: MEDIUM_CONNECTIONS, durationMs: settings.durationMs };
    if (settings.warmupMs > 0) {
      say('warming up');
      // Results thrown away: these runs are for the JIT and the file cache, not for the report.
      for (const pageSpec of pageSpecs) await load.requests({ ...pageSpec, durationMs: settings.warmupMs });
      await load.download({ ...mediumSpec, durationMs: settings.warmupMs });
    }
    const pages: LoadResult[] = [];
    for (const [index, pageSpec] of pageSpecs.entries()) {
      say(index === 0 ? 'small page' : `${sizeLabel(site.morePages[index - 1]!.bytes)} page`);
      pages.push(await load.requests(pageSpec));
    }
    const [page, ...morePages] = pages as [LoadResult, ...LoadResult[]];
    say('medium file');
    const medium = await load.download(mediumSpec);
    const figures = { page, ...(morePages.length > 0 && { morePages }), medium };
    if (!settings.withMemory) return figures;

    say(`${LARGE_CLIENTS} clients downloading the large file at once`);
    const sampler = (settings.samplePeak ?? samplePeakRss)(running.pid);
    const downloads = await downloadAtOnce(running.url(site.large.urlPath), LARGE_CLIENTS, site.large.bytes, settings.downloadLimitMs);
    return { ...figures, large: { peakRssBytes: await sampler.stop(), downloads } };
  } catch (error) {
    return { problem: `failed: ${(error as Error).message}` };
  } finally {
    await running.stop();
  }
}

/**
 * A server that answers 404, a redirect, or a different file would be fast for the wrong reason
 * (wrk counts only 4xx and 5xx as failures). One request each for the page and the medium file,
 * checked for status and length, says it serves the folder as asked.
 */
async function servesWrongly(running: ServerProcess, file: SiteFile): Promise<string | undefined> {
  try {
    const response = await fetch(running.url(file.urlPath), { redirect: 'manual', signal: AbortSignal.timeout(15_000) });
    const body = await response.arrayBuffer();
    if (response.status !== 200) return `GET ${file.urlPath} answered ${response.status}, not 200`;
    if (body.byteLength !== file.bytes) return `GET ${file.urlPath} sent ${body.byteLength} bytes, not the file's ${file.bytes}`;
    return undefined;
  } catch (error) {
    return `GET ${file.urlPath} failed: ${(error as Error).message}`;
  }
}

/** One page's figures over the rounds. */
export interface PageFigures {
  requestsPerSecond: Spread;
  p50Ms: Spread;
  p99Ms: Spread;
  errors: number;
}

export interface ServerMeasurement {
  server: FileServer;
  /** Why this server has no figures, or fewer: not installed, failed to start, served the wrong bytes... */
  problem?: string;
  page?: PageFigures;
  /** The site's morePages, in order, when it has any. */
  morePages?: PageFigures[];
  medium?: { megabytesPerSecond: Spread; errors: number };
  large?: LargeOutcome;
}

/** A server's rounds, added up: each figure's median and range over the rounds it finished. */
export function summarize(server: FileServer, outcomes: readonly RoundOutcome[]): ServerMeasurement {
  const rounds = outcomes.filter((outcome) => 'page' in outcome);
  const problem = outcomes.find((outcome) => 'problem' in outcome)?.problem;
  if (rounds.length === 0) return { server, ...(problem !== undefined && { problem }) };
  const large = rounds.find((round) => round.large)?.large;
  return {
    server,
    ...(problem !== undefined && { problem }),
    page: pageFigures(rounds.map(({ page }) => page)),
    ...(rounds[0]!.morePages && {
      morePages: rounds[0]!.morePages.map((_, index) => pageFigures(rounds.map(({ morePages }) => morePages![index]!))),
    }),
    medium: {
      megabytesPerSecond: spread(rounds.map(({ medium }) => medium.bytes / MB / medium.seconds)),
      errors: sum(rounds.map(({ medium }) => medium.errors)),
    },
    ...(large && { large }),
  };
}

function pageFigures(runs: readonly LoadResult[]): PageFigures {
  return {
    requestsPerSecond: spread(runs.map((run) => run.requests / run.seconds)),
    p50Ms: spread(runs.map((run) => run.p50Ms)),
    p99Ms: spread(runs.map((run) => run.p99Ms)),
    errors: sum(runs.map((run) => run.errors)),
  };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
