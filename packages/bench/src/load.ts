/**
 * What a load run asks for and what it measures, whichever program sends the requests (wrk,
 * autocannon or the download loop): the words every benchmark and every load generator share.
 */
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
