/**
 * The files benchmark's report: one row per server, each figure as the median of the runs with
 * the lowest and highest run, and as a ratio to the lesson's server (or to the server named as the
 * baseline), so a reader sees at once how far the lesson is from the tools people use and from
 * what Node can do.
 */
import { formatNumber, formatRatio, formatSpread, renderTable, sizeLabel } from '../table.ts';
import type { Spread } from '../statistics.ts';
import { LARGE_CLIENTS, MEDIUM_CONNECTIONS, PAGE_CONNECTIONS, type ServerMeasurement } from './measure.ts';
import { MB, type SiteSizes } from './site.ts';

export interface FilesReportContext {
  /** The first lines: date, machine, load generator and how it ran. */
  header: string[];
  sizes: SiteSizes;
  /** The command that reproduces the run. */
  command: string;
  /** Caveats that apply to the whole run (a load generator's limits, say). */
  caveats: string[];
  /** The name of the server the others are divided by, when it is not the first one. */
  baseline?: string;
  /** What the peak RSS is of, when not `the server process's` (the fast benchmark adds up a server's processes). */
  memoryOf?: string;
  /** Paragraphs after the table's explanation, before the list of servers (the fast benchmark's story and targets). */
  afterTable?: string[];
}

/** The server meant to be the one the others are divided by: the named one, else the first (the lesson's). */
function intendedBaseline(measurements: readonly ServerMeasurement[], name: string | undefined): ServerMeasurement | undefined {
  return measurements.find((measurement) => measurement.server.name === name) ?? measurements[0];
}

/** The server the others are divided by: the intended one when it was measured, else the first that was. */
export function baselineOf(measurements: readonly ServerMeasurement[], name?: string): ServerMeasurement | undefined {
  const intended = intendedBaseline(measurements, name);
  return intended?.page ? intended : measurements.find((measurement) => measurement.page);
}

export function renderFilesReport(measurements: readonly ServerMeasurement[], context: FilesReportContext): string {
  const { sizes } = context;
  const baseline = baselineOf(measurements, context.baseline);
  const morePages = sizes.morePages ?? [];
  const cell = (figure: Spread | undefined, base: Spread | undefined) => (figure ? `${formatSpread(figure)} ${formatRatio(figure.median, base?.median)}` : '–');

  const rows = measurements.map((measurement) => {
    const { page, medium, large } = measurement;
    const peak = large?.peakRssBytes;
    const basePeak = baseline?.large?.peakRssBytes;
    return [
      measurement.server.name,
      cell(page?.requestsPerSecond, baseline?.page?.requestsPerSecond),
      cell(page?.p50Ms, baseline?.page?.p50Ms),
      cell(page?.p99Ms, baseline?.page?.p99Ms),
      ...morePages.map((_, index) => cell(measurement.morePages?.[index]?.requestsPerSecond, baseline?.morePages?.[index]?.requestsPerSecond)),
      cell(medium?.megabytesPerSecond, baseline?.medium?.megabytesPerSecond),
      peak === undefined ? '–' : `${formatNumber(peak / MB)} ${formatRatio(peak, basePeak)}`,
    ];
  });
  const table = renderTable(
    [
      'server',
      `${sizeLabel(sizes.page)} page: req/s`,
      'p50 latency, ms',
      'p99 latency, ms',
      ...morePages.map((bytes) => `${sizeLabel(bytes)} page: req/s`),
      `${sizeLabel(sizes.medium)} file: MB/s`,
      `peak RSS, MB (${LARGE_CLIENTS} × ${sizeLabel(sizes.large)})`,
    ],
    rows,
  );

  const remarks = notes(measurements, context);
  return [
    ...context.header,
    '',
    table,
    '',
    explanation(baseline, context),
    ...(context.afterTable ?? []).flatMap((paragraph) => ['', paragraph]),
    '',
    'Servers:',
    ...measurements.map(({ server }) => `- ${server.name}: ${server.about}`),
    ...(remarks.length ? ['', 'Notes:', ...remarks.map((line) => `- ${line.replace(/\n/g, '\n  ')}`)] : []),
    '',
    `Reproduce: \`${context.command}\``,
  ].join('\n');
}

function explanation(baseline: ServerMeasurement | undefined, context: FilesReportContext): string {
  const { sizes } = context;
  const against = baseline ? baseline.server.name : 'the first server measured';
  return [
    `Each figure is the median of the runs, (lowest–highest), then × ${against}: above 1.00× is more`,
    'requests or MB per second (better), or more latency or memory (worse).',
    `${PAGE_CONNECTIONS} connections ask for the ${[sizes.page, ...(sizes.morePages ?? [])].map(sizeLabel).join(' page, then the ')} page; ${MEDIUM_CONNECTIONS} download the ${sizeLabel(sizes.medium)} file;`,
    `peak RSS is ${context.memoryOf ?? "the server process's highest resident memory"} while ${LARGE_CLIENTS} clients download the ${sizeLabel(sizes.large)} file at once.`,
  ].join('\n');
}

function notes(measurements: readonly ServerMeasurement[], context: FilesReportContext): string[] {
  const lines: string[] = [...context.caveats];
  const baseline = baselineOf(measurements, context.baseline);
  const lesson = intendedBaseline(measurements, context.baseline);
  if (lesson && baseline && lesson !== baseline) lines.push(`Ratios are to ${baseline.server.name} because ${lesson.server.name} was not measured.`);
  for (const measurement of measurements) {
    const { server, problem, page, medium, large } = measurement;
    if (problem) lines.push(`${server.name}: ${problem}`);
    const errors = (page?.errors ?? 0) + sumErrors(measurement.morePages) + (medium?.errors ?? 0);
    if (errors > 0) lines.push(`${server.name}: ${formatNumber(errors)} failed requests (socket errors, timeouts or bad statuses) during the runs.`);
    const downloads = large?.downloads;
    if (downloads && downloads.failed > 0) {
      const why = downloads.cutOff ? `cut off after ${formatNumber(downloads.seconds)} s` : 'failed';
      lines.push(`${server.name}: ${downloads.failed} of ${LARGE_CLIENTS} downloads of the ${sizeLabel(context.sizes.large)} file ${why}.`);
    }
    if (large && large.peakRssBytes === undefined) lines.push(`${server.name}: memory could not be read on this system.`);
  }
  return lines;
}

function sumErrors(pages: readonly { errors: number }[] = []): number {
  return pages.reduce((total, figures) => total + figures.errors, 0);
}
