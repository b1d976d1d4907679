/**
 * The fast benchmark's report: the files report's table with sirv as the one the others are
 * divided by, then the story of lesson 14 (each step against the step before and against nginx),
 * the issue's targets checked against the last step, and what more cores did on this machine.
 */
import { availableParallelism } from 'node:os';
import { renderFilesReport } from '../files/report.ts';
import type { PageFigures, ServerMeasurement } from '../files/measure.ts';
import type { FileServer } from '../files/servers.ts';
import { MB, type SiteSizes } from '../files/site.ts';
import type { Spread } from '../statistics.ts';
import { LOAD_CORE, SERVER_CORE } from '../pinning.ts';
import { formatNumber, formatRatio, renderTable, sizeLabel } from '../table.ts';
import { type FastServer, STEP_5_WORKERS } from './contenders.ts';

export const BASELINE = 'sirv';

/** Issue 18's targets for lesson 14's last step (benchmarks, never timed tests). */
export const TARGETS = { pageTimesSirv: 1.2, fileTimesSirv: 1.0, peakRssBytes: 100 * MB };

export interface FastReportContext {
  header: string[];
  sizes: SiteSizes;
  command: string;
  caveats: string[];
  quick: boolean;
}

const stepOf = (server: FileServer) => (server as FastServer).step;
const onBothCores = (server: FileServer) => (server as FastServer).bothCores === true;

/** The three figures the story follows, as medians: small page, bigger page, big file. */
function storyFigures(measurement: ServerMeasurement | undefined): (Spread | undefined)[] {
  const pages: (PageFigures | undefined)[] = [measurement?.page, ...(measurement?.morePages ?? [])];
  return [...pages.map((page) => page?.requestsPerSecond), measurement?.medium?.megabytesPerSecond];
}

export function renderFastReport(measurements: readonly ServerMeasurement[], context: FastReportContext): string {
  return renderFilesReport(measurements, {
    header: context.header,
    sizes: context.sizes,
    command: context.command,
    caveats: context.caveats,
    baseline: BASELINE,
    memoryOf: "the highest resident memory of the server's processes added up (step 5's workers and their primary, nginx's worker and its master)",
    afterTable: [story(measurements, context.sizes), targets(measurements, context), cores(measurements, context.sizes)].filter((paragraph) => paragraph !== ''),
  });
}

/** Each step against the step before and against nginx, for the lesson page's story. */
function story(measurements: readonly ServerMeasurement[], sizes: SiteSizes): string {
  const steps = measurements.filter(({ server }) => stepOf(server) !== undefined);
  if (steps.length === 0) return '';
  const nginx = storyFigures(measurements.find(({ server }) => server.name === 'nginx'));
  const labels = [sizes.page, ...(sizes.morePages ?? [])].map((bytes) => `${sizeLabel(bytes)} page`).concat(`${sizeLabel(sizes.medium)} file`);
  const rows = steps.map((measurement, index) => {
    const figures = storyFigures(measurement);
    const before = index === 0 ? [] : storyFigures(steps[index - 1]);
    return [
      `step ${stepOf(measurement.server)}`,
      ...figures.flatMap((figure, column) => [
        figure ? formatRatio(figure.median, before[column]?.median) : '–',
        figure ? formatRatio(figure.median, nginx[column]?.median) : '–',
      ]),
    ];
  });
  const table = renderTable(['lesson 14', ...labels.flatMap((label) => [`${label}: × step before`, '× nginx'])], rows);
  return ['Lesson 14, step by step (req/s for the pages, MB/s for the file; each × the step before, and × nginx):', '', table].join('\n');
}

/**
 * Issue 18's targets, against the last step that runs in one process (step 4). Step 5 is step 4
 * in several processes: each holds a Node of its own in memory, and on a machine whose other core
 * runs the load generator they can only take turns, so its figures answer another question (the
 * note on cores).
 */
function targets(measurements: readonly ServerMeasurement[], context: FastReportContext): string {
  const steps = measurements.filter(({ server }) => (stepOf(server) ?? Number.POSITIVE_INFINITY) <= 4);
  const last = steps.at(-1);
  if (!last) return '';
  const sirv = measurements.find(({ server }) => server.name === BASELINE);
  const name = last.server.name;
  const verdict = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? 'met' : 'NOT met');
  const ratio = (value: number | undefined, base: number | undefined) => (value === undefined || !base ? undefined : value / base);
  const pageRatio = ratio(last.page?.requestsPerSecond.median, sirv?.page?.requestsPerSecond.median);
  const fileRatio = ratio(last.medium?.megabytesPerSecond.median, sirv?.medium?.megabytesPerSecond.median);
  const peak = last.large?.peakRssBytes;
  const shown = (value: number | undefined) => (value === undefined ? '–' : `${value.toFixed(2)}×`);
  return [
    `Targets (issue 18), for ${name}, the last step in one process${context.quick ? '; a --quick run is too short to settle them' : ''}:`,
    `- ${sizeLabel(context.sizes.page)} page: ${shown(pageRatio)} sirv, target ≥ ${TARGETS.pageTimesSirv.toFixed(1)}×: ${verdict(pageRatio === undefined ? undefined : pageRatio >= TARGETS.pageTimesSirv)}`,
    `- ${sizeLabel(context.sizes.medium)} file: ${shown(fileRatio)} sirv, target ≥ ${TARGETS.fileTimesSirv.toFixed(1)}×: ${verdict(fileRatio === undefined ? undefined : fileRatio >= TARGETS.fileTimesSirv)}`,
    `- peak RSS while 20 clients download the ${sizeLabel(context.sizes.large)} file: ${peak === undefined ? '–' : `${formatNumber(peak / MB)} MB`}, target < ${TARGETS.peakRssBytes / MB} MB: ${verdict(peak === undefined ? undefined : peak < TARGETS.peakRssBytes)}`,
  ].join('\n');
}

/** What the second core did, from the figures of steps 4 and 5, on one core and on both. */
function cores(measurements: readonly ServerMeasurement[], sizes: SiteSizes): string {
  const step = (number: number) => measurements.find(({ server }) => stepOf(server) === number);
  const [step4, step5] = [step(4), step(5)];
  const both = measurements.find(({ server }) => onBothCores(server));
  if (!step5?.page && !both?.page) return '';
  const page = `${sizeLabel(sizes.page)} page`;
  const file = `${sizeLabel(sizes.medium)} file`;
  const figures = (measurement: ServerMeasurement | undefined) => [measurement?.page?.requestsPerSecond, measurement?.medium?.megabytesPerSecond];
  const compare = (measurement: ServerMeasurement | undefined) => {
    const [pageNow, fileNow] = figures(measurement);
    const [pageBase, fileBase] = figures(step4);
    if (!pageNow || !pageBase) return '';
    return ` (${formatRatio(pageNow.median, pageBase.median)} step 4 on the ${page} and ${formatRatio(fileNow?.median ?? Number.NaN, fileBase?.median)} on the ${file})`;
  };
  const effect = (now: Spread | undefined, base: Spread | undefined) => {
    if (!now || !base) return undefined;
    return now.median > 1.05 * base.median ? 'helped' : now.median < 0.95 * base.median ? 'cost' : 'changed little';
  };
  const [onPage, onFile] = figures(both).map((figure, index) => effect(figure, figures(step4)[index]));
  const verdict = onPage && onFile ? `: the second core ${onPage} on the ${page} and ${onFile} on the ${file}` : '';
  return [
    `More cores, on this ${availableParallelism()}-core machine: the bench pins the server to core ${SERVER_CORE} and the load generator to core ${LOAD_CORE}.`,
    `Step 5 pinned like the others runs its ${STEP_5_WORKERS} worker processes on one core, where they only take turns${compare(step5)}.`,
    both?.page
      ? `Allowed on both cores (the "2 cores" row), its workers share core ${LOAD_CORE} with the load generator${compare(both)}${verdict}.`
      : 'The "2 cores" row was not measured (see the notes).',
    'A second core helps only as far as the load generator leaves it free: the small page keeps the load generator busy,',
    'the big file (4 connections, big reads) leaves it mostly idle. On a machine with cores to spare, workers help wherever',
    'JavaScript is what runs out of CPU; where the disk, the kernel or the network sets the pace, they do not.',
  ].join('\n');
}
