/**
 * The compression benchmark: lesson 10's file server, started once as a process, asked for the
 * demo site's pages with three Accept-Encodings (none, gzip, br). For each it reports the bytes
 * a page takes on the wire and the requests per second the server answers, with ratios to the
 * uncompressed answer. Compression trades the server's time for the network's bytes; on
 * loopback the network is free, so the req/s column shows the whole cost and none of the gain.
 *
 * The encodings take turns within each round (none, gzip, br, none, ...), so a busy moment on
 * the machine falls on all three alike.
 */
import path from 'node:path';
import { root } from '@workbook/course';
import { freePort, launch } from '@workbook/testkit';
import type { BenchOptions } from '../benchmark.ts';
import { describeDate, describeLoad, describeMachine } from '../machine.ts';
import { pinningNote } from '../pinning.ts';
import { startServer } from '../server-process.ts';
import { spread } from '../statistics.ts';
import { formatNumber, formatRatio, formatSpread, renderTable } from '../table.ts';
import { fetchOnce, runEncodedLoad } from './keep-alive-load.ts';

export const LESSON_DIR = path.join(root, 'packages', 'lesson-10-compression');
const LESSON_MAIN = path.join(LESSON_DIR, 'src', 'main.ts');

/** The demo site's pages big enough to be compressed (lesson 10 leaves files under 1 KB alone). */
export const PAGES = ['/', '/guide/headers.html'];

export interface Encoding {
  name: string;
  acceptEncoding: string | undefined;
}
export const ENCODINGS: Encoding[] = [
  { name: 'none', acceptEncoding: undefined },
  { name: 'gzip', acceptEncoding: 'gzip' },
  { name: 'br', acceptEncoding: 'br' },
];

const CONNECTIONS = 8;

export interface Measured {
  page: string;
  encoding: Encoding;
  /** The body on the wire, in bytes: the same every run, so measured once. */
  wireBytes: number;
  /** Requests per second, one per run. */
  perSecond: number[];
  errors: number;
}

export async function runCompression(options: BenchOptions): Promise<string> {
  const built = await launch(LESSON_MAIN, { preload: false });
  const port = await freePort();
  const server = startServer({ command: process.execPath, args: built.args, cwd: LESSON_DIR, env: { ...built.env, PORT: String(port) } }, port);
  const measured: Measured[] = [];
  const problems: string[] = [];
  try {
    await server.ready(15_000);
    for (const page of PAGES) {
      for (const encoding of ENCODINGS) {
        const answer = await fetchOnce(port, page, encoding.acceptEncoding);
        const sentAs = answer.encoding ?? 'none';
        if (sentAs !== encoding.name) problems.push(`${page} with ${encoding.name}: the server answered with Content-Encoding ${sentAs}`);
        measured.push({ page, encoding, wireBytes: answer.body.length, perSecond: [], errors: 0 });
      }
    }
    if (options.warmupMs > 0) {
      options.progress('compression: warming up');
      for (const entry of measured) await runEncodedLoad(loadFor(port, entry, options.warmupMs / measured.length));
    }
    for (let round = 1; round <= options.runs; round++) {
      for (const entry of measured) {
        options.progress(`${entry.page} ${entry.encoding.name}: run ${round} of ${options.runs}`);
        const result = await runEncodedLoad(loadFor(port, entry, options.durationMs));
        entry.perSecond.push(result.requests / result.seconds);
        entry.errors += result.errors;
      }
    }
  } catch (error) {
    problems.push(`not measured: ${(error as Error).message}`);
  } finally {
    await server.stop();
    built.cleanUp();
  }
  return renderReport(measured, problems, options);
}

function loadFor(port: number, entry: Measured, durationMs: number) {
  return { port, path: entry.page, acceptEncoding: entry.encoding.acceptEncoding, connections: CONNECTIONS, durationMs };
}

export function renderReport(measured: Measured[], problems: string[], options: BenchOptions): string {
  const rows = measured.map((entry) => {
    const none = measured.find((other) => other.page === entry.page && other.encoding.name === 'none');
    const rate = entry.perSecond.length ? spread(entry.perSecond) : undefined;
    const noneRate = none?.perSecond.length ? spread(none.perSecond).median : undefined;
    return [
      `\`${entry.page}\``,
      entry.encoding.name,
      entry.wireBytes.toLocaleString('en-US'),
      formatRatio(entry.wireBytes, none?.wireBytes),
      rate ? formatSpread(rate) : '–',
      rate ? formatRatio(rate.median, noneRate) : '–',
    ];
  });
  const table = renderTable(['page', 'Accept-Encoding', 'body on the wire, bytes', '× none', 'req/s', '× none'], rows, ['left', 'left', 'right', 'right', 'right', 'right']);
  const load = describeLoad();
  const notes = [...measured.filter((entry) => entry.errors > 0).map((entry) => `${entry.page} ${entry.encoding.name}: ${entry.errors} failed request(s)`), ...problems];
  return [
    '# compression benchmark: results',
    '',
    `- Date: ${describeDate()}`,
    `- Machine: ${describeMachine()}${load ? `; ${load}` : ''}`,
    `- Placement: ${pinningNote()}`,
    `- Load: ${CONNECTIONS} kept-alive node:http clients over 127.0.0.1, ${formatNumber(options.durationMs / 1000)} s per run; each figure is the median of ${options.runs} runs (lowest–highest)`,
    '',
    table,
    '',
    'Bytes are the body as it travelled. Lesson 10 compresses on every request (gzip level 6, brotli quality 5) and keeps nothing, so the req/s column is what that costs; on loopback the smaller body saves no time, on a real network it does.',
    ...(notes.length ? ['', ...notes.map((note) => `- ${note}`)] : []),
    '',
    `Reproduce: \`${options.command}\``,
  ].join('\n');
}
