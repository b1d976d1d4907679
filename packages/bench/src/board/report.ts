/**
 * The board benchmark's report: one row per board, page views and posts side by side, each figure
 * as the median of the runs with the lowest and highest, and as a ratio to the lesson's board; then
 * what became of the board file, checked against the posts that were answered.
 */
import type { LoadResult } from '../load.ts';
import { spread, type Spread } from '../statistics.ts';
import { formatRatio, formatSpread, namesThenFigures, renderTable, sizeLabel } from '../table.ts';
import type { BoardServer } from './contenders.ts';
import { PRELOADED } from './messages.ts';

/** The board file once its server has stopped: its size, and how many messages (lines) it holds. */
export interface BoardFile {
  bytes: number;
  messages: number;
}

export interface BoardMeasurement {
  server: BoardServer;
  /** Why this board has no figures, or no figures for posts. */
  problem?: string;
  /** The measured runs of GET /. */
  pages: LoadResult[];
  /** The measured runs of POST /messages. */
  posts: LoadResult[];
  /** Posts answered without an error, warm-up and the check before it included. */
  answeredPosts: number;
  /** The board file afterwards, for a board that writes one. */
  file?: BoardFile;
}

export interface BoardReportContext {
  /** The first lines: title, date, machine, load generator and how it ran. */
  header: string[];
  /** The command that reproduces the run. */
  command: string;
  /** Caveats that apply to the whole run (a load generator's limits, a board file in memory). */
  caveats: string[];
}

const perSecond = (runs: readonly LoadResult[]) => spread(runs.map((run) => run.requests / run.seconds));

/** Latency of answered requests only: a run that answered nothing has no latency (wrk would say 0). */
function latency(runs: readonly LoadResult[], pick: (run: LoadResult) => number): Spread | undefined {
  const answered = runs.filter((run) => run.requests > 0);
  return answered.length ? spread(answered.map(pick)) : undefined;
}

const errorsIn = (runs: readonly LoadResult[]) => runs.reduce((total, run) => total + run.errors, 0);
/** A count, whole, with thousands separators: 12,345 (formatNumber would write 7 as 7.00). */
const count = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 0 });

interface Figures {
  rate?: Spread;
  p50?: Spread;
  p99?: Spread;
}

function figures(runs: readonly LoadResult[]): Figures {
  if (runs.length === 0) return {};
  return { rate: perSecond(runs), p50: latency(runs, (run) => run.p50Ms), p99: latency(runs, (run) => run.p99Ms) };
}

/** `12,345 (11,000–13,000) 2.50×`, or a dash when there is no figure. */
function cell(figure: Spread | undefined, base: Spread | undefined): string {
  return figure ? `${formatSpread(figure)} ${formatRatio(figure.median, base?.median)}` : '–';
}

/** `1.38 MB, 10,100 messages`, or what a board without a file keeps. */
export function fileCell(measurement: BoardMeasurement): string {
  if (!measurement.server.writesFile) return 'none: posts kept in memory';
  const { file } = measurement;
  return file ? `${sizeLabel(file.bytes)}, ${count(file.messages)} messages` : '–';
}

export function renderBoardReport(measurements: readonly BoardMeasurement[], context: BoardReportContext): string {
  const [lesson] = measurements;
  const base = { pages: figures(lesson?.pages ?? []), posts: figures(lesson?.posts ?? []) };
  const rows = measurements.map((measurement) => {
    const pages = figures(measurement.pages);
    const posts = figures(measurement.posts);
    return [
      measurement.server.name,
      cell(pages.rate, base.pages.rate),
      cell(pages.p50, base.pages.p50),
      cell(pages.p99, base.pages.p99),
      cell(posts.rate, base.posts.rate),
      cell(posts.p50, base.posts.p50),
      cell(posts.p99, base.posts.p99),
      count(errorsIn(measurement.pages) + errorsIn(measurement.posts)),
      fileCell(measurement),
    ];
  });
  const table = renderTable(['board', 'page views/s', 'p50, ms', 'p99, ms', 'posts/s', 'p50, ms', 'p99, ms', 'errors', 'board file afterwards'], rows, [
    ...namesThenFigures(8),
    // The last column is words, not a figure.
    'left',
  ]);
  const against = lesson?.server.name ?? 'the first board';
  const remarks = notes(measurements, context);
  return [
    ...context.header,
    '',
    table,
    '',
    `Each figure is the median of the runs, (lowest–highest), then × ${against}: above 1.00× is more page views or posts`,
    'per second (better), or more latency (worse). The first three columns are GET / (page views), the next three',
    'POST /messages (posts). Every page view was measured before the first post, on the board of',
    `${PRELOADED} messages each server started with. A post to ${against} is durable: its 303 is sent once its line`,
    'is on the disk (fsync). A post to the in-memory board is gone when the server stops.',
    '',
    'Boards:',
    ...measurements.map(({ server }) => `- ${server.name}: ${server.about}`),
    ...(remarks.length ? ['', 'Notes:', ...remarks.map((line) => `- ${line}`)] : []),
    '',
    `Reproduce: \`${context.command}\``,
  ].join('\n');
}

function notes(measurements: readonly BoardMeasurement[], context: BoardReportContext): string[] {
  const lines: string[] = [];
  for (const measurement of measurements) {
    const { server, problem, file } = measurement;
    if (problem) lines.push(`${server.name}: ${problem}`);
    const errors = errorsIn(measurement.pages) + errorsIn(measurement.posts);
    if (errors > 0) lines.push(`${server.name}: ${count(errors)} failed requests (socket errors, timeouts or error statuses) during the runs.`);
    if (file && measurement.posts.length > 0) lines.push(fileNote(measurement, file));
  }
  return [...lines, ...context.caveats];
}

/**
 * Every post the load generators saw answered must be a line in the file: that is the lesson's
 * promise. The file may hold a few more, posts whose line was written while the run was ending,
 * before their answer arrived.
 */
export function fileNote({ server, answeredPosts }: BoardMeasurement, file: BoardFile): string {
  const posted = file.messages - PRELOADED;
  const start =
    `${server.name}'s board file afterwards: ${sizeLabel(file.bytes)}, ${count(file.messages)} messages, ` +
    `the ${PRELOADED} it started with and ${count(posted)} posts. The load generators counted ${count(answeredPosts)} ` +
    'answered posts (warm-up included)';
  if (posted >= answeredPosts) return `${start}, and every one of them is a line in the file.`;
  return `${start}: **${count(answeredPosts - posted)} answered posts are missing from the file.**`;
}
