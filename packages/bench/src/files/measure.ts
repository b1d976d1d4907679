/**
 * One round for one file server: started fresh, checked to serve the right bytes, warmed up,
 * loaded once with the small page and once with the medium file (and, in the last round, watched
 * while many clients download the large file), then killed. Whatever goes wrong becomes a
 * problem to report, and the benchmark moves on to the next server.
 */
import { freePort } from '@workbook/testkit';
import type { BenchOptions } from '../benchmark.ts';
import { downloadAtOnce, type DownloadsOutcome } from '../downloads.ts';
import type { LoadGenerator, LoadResult, LoadSpec, Throughput } from '../load.ts';
import { samplePeakRss } from '../memory.ts';
import { startServer, type ServerProcess } from '../server-process.ts';
import { spread, type Spread } from '../statistics.ts';
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
}

export interface LargeOutcome {
  peakRssBytes: number | undefined;
  downloads: DownloadsOutcome;
}

export type RoundOutcome = { page: LoadResult; medium: Throughput; large?: LargeOutcome } | { problem: string };

export async function measureRound(server: FileServer, site: Site, load: LoadGenerator, settings: RoundSettings): Promise<RoundOutcome> {
  const port = await freePort();
  const launch = server.launch(site.dir, port);
  if (typeof launch === 'string') return { problem: `skipped: ${launch}` };

  const say = (what: string) => settings.progress(`${settings.label}, ${server.name}: ${what}`);
  say('starting');
  const running = startServer(launch, port);
  try {
    await running.ready(15_000);
    const wrong = (await servesWrongly(running, site.page)) ?? (await servesWrongly(running, site.medium));
    if (wrong) return { problem: `not measured: ${wrong}` };

    const pageSpec: LoadSpec = { url: running.url(site.page.urlPath), connections: PAGE_CONNECTIONS, durationMs: settings.durationMs };
    const mediumSpec: LoadSpec = { url: running.url(site.medium.urlPath), connections: MEDIUM_CONNECTIONS, durationMs: settings.durationMs };
    if (settings.warmupMs > 0) {
      say('warming up');
      // Results thrown away: these runs are for the JIT and the file cache, not for the report.
      await load.requests({ ...pageSpec, durationMs: settings.warmupMs });
      await load.download({ ...mediumSpec, durationMs: settings.warmupMs });
    }
    say('small page');
    const page = await load.requests(pageSpec);
    say('medium file');
    const medium = await load.download(mediumSpec);
    if (!settings.withMemory) return { page, medium };

    say(`${LARGE_CLIENTS} clients downloading the large file at once`);
    const sampler = samplePeakRss(running.pid);
    const downloads = await downloadAtOnce(running.url(site.large.urlPath), LARGE_CLIENTS, site.large.bytes, settings.downloadLimitMs);
    return { page, medium, large: { peakRssBytes: await sampler.stop(), downloads } };
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

export interface ServerMeasurement {
  server: FileServer;
  /** Why this server has no figures, or fewer: not installed, failed to start, served the wrong bytes... */
  problem?: string;
  page?: { requestsPerSecond: Spread; p50Ms: Spread; p99Ms: Spread; errors: number };
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
    page: {
      requestsPerSecond: spread(rounds.map(({ page }) => page.requests / page.seconds)),
      p50Ms: spread(rounds.map(({ page }) => page.p50Ms)),
      p99Ms: spread(rounds.map(({ page }) => page.p99Ms)),
      errors: sum(rounds.map(({ page }) => page.errors)),
    },
    medium: {
      megabytesPerSecond: spread(rounds.map(({ medium }) => medium.bytes / MB / medium.seconds)),
      errors: sum(rounds.map(({ medium }) => medium.errors)),
    },
    ...(large && { large }),
  };
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
