/**
 * The program that sends the requests. wrk when it is installed, because it is fast enough to
 * measure any of these servers; otherwise autocannon for many small requests and a node:http
 * download loop for big files, because both come with the workbook.
 */
import { autocannonBin, autocannonVersion, runAutocannon } from './autocannon.ts';
import { UsageError } from '@workbook/course';
import { runDownloadLoop } from './download-loop.ts';
import { findWrk, runWrk, wrkSeconds, wrkVersion } from './wrk.ts';

export type LoadGeneratorChoice = 'auto' | 'wrk' | 'autocannon';
export const loadGeneratorChoices: readonly LoadGeneratorChoice[] = ['auto', 'wrk', 'autocannon'];

/** One load run: `connections` clients asking for `url` over and over, for `durationMs`. */
export interface LoadSpec {
  url: string;
  connections: number;
  durationMs: number;
}

export interface LoadResult {
  /** Responses received in the run. */
  requests: number;
  /** How long the run actually lasted. */
  seconds: number;
  /** Bytes received, headers included. */
  bytes: number;
  p50Ms: number;
  p99Ms: number;
  /** Failed connections, reads, writes and timeouts, and answers other than 2xx or 3xx. */
  errors: number;
}

/** What a run that downloads big files measures: bytes over time. */
export type Throughput = Pick<LoadResult, 'requests' | 'bytes' | 'seconds' | 'errors'>;

export interface LoadGenerator {
  name: 'wrk' | 'autocannon';
  /** `wrk 4.1.0`, for the report. */
  title: string;
  /** A caveat the report should carry, if any. */
  caveat?: string;
  /** How long a run asked to last `durationMs` really lasts (wrk counts whole seconds). */
  runLengthMs(durationMs: number): number;
  /** Many small responses: requests per second and latency. */
  requests(spec: LoadSpec): Promise<LoadResult>;
  /** A few big responses: bytes per second. */
  download(spec: LoadSpec): Promise<Throughput>;
}

export function chooseLoadGenerator(choice: LoadGeneratorChoice): LoadGenerator {
  const wrk = choice === 'autocannon' ? undefined : findWrk();
  if (wrk) {
    const run = (spec: LoadSpec) => runWrk(wrk, spec);
    return { name: 'wrk', title: `wrk ${wrkVersion(wrk)}`, runLengthMs: (ms) => wrkSeconds(ms) * 1000, requests: run, download: run };
  }
  if (choice === 'wrk') {
    throw new UsageError('wrk is not installed. Install it (Debian/Ubuntu: apt-get install wrk; macOS: brew install wrk), or leave out --load to use autocannon.', 'ERR_BAD_BENCH_OPTION');
  }
  const bin = autocannonBin();
  return {
    name: 'autocannon',
    title: `autocannon ${autocannonVersion(bin)} (pages), a node:http download loop (files)`,
    caveat: 'autocannon is written in Node: on 2 cores it saturates near 75k requests/s, so it under-reports fast servers, ' +
      'and it measures latency in whole milliseconds. Install wrk for sharper figures.',
    runLengthMs: (ms) => ms,
    requests: (spec) => runAutocannon(bin, spec),
    download: runDownloadLoop,
  };
}
