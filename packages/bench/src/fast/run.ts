/**
 * The fast benchmark from end to end: build the workbook's servers, make the folder, measure
 * every server in turns as the files benchmark does (same rounds, same loads, one more page), and
 * write the report with sirv as the one the others are divided by.
 */
import type { BenchOptions } from '../benchmark.ts';
import type { ServerMeasurement } from '../files/measure.ts';
import { describeRun, measureInTurns, siteMegabytes } from '../files/run.ts';
import { defaultSizes, KB, makeSite, type SiteSizes } from '../files/site.ts';
import { chooseLoadGenerator } from '../load-generator.ts';
import { formatNumber } from '../table.ts';
import { fastContenders, type FastServer } from './contenders.ts';
import { renderFastReport } from './report.ts';
import { samplePeakTreeRss } from './tree-rss.ts';

/** The files benchmark's sizes with a 100 KB page between the 1 KB page and the 10 MB file. */
export const fastSizes: SiteSizes = { ...defaultSizes, morePages: [100 * KB] };

export interface FastRunOptions extends BenchOptions {
  /** Where lesson 14 is (a stand-in for tests). */
  lesson14Dir?: string;
  /** Only these rows, by name (tests and smoke runs). */
  only?: string[];
  sizes?: SiteSizes;
  downloadLimitMs?: number;
}

export async function runFast(options: FastRunOptions): Promise<{ measurements: ServerMeasurement[]; report: string }> {
  const { sizes = fastSizes, progress } = options;
  const load = chooseLoadGenerator(options.load);
  progress('fast: building the workbook servers');
  const contenders = await fastContenders(options.lesson14Dir);
  const servers: FastServer[] = contenders.servers.filter((server) => !options.only || options.only.includes(server.name));
  let measurements: ServerMeasurement[];
  try {
    progress(`fast: making the folder to serve (${formatNumber(siteMegabytes(sizes))} MB)`);
    const site = await makeSite(sizes);
    try {
      measurements = await measureInTurns(servers, site, load, {
        ...options,
        ...(options.downloadLimitMs !== undefined && { downloadLimitMs: options.downloadLimitMs }),
        samplePeak: samplePeakTreeRss,
      });
    } finally {
      site.remove();
    }
  } finally {
    contenders.cleanUp();
  }
  const report = renderFastReport(measurements, {
    header: ['## fast: lesson 14 step by step, against the file servers people use', '', ...describeRun(load, options), `- Started: ${contenders.startedAs}`],
    sizes,
    command: options.command,
    caveats: load.caveat ? [load.caveat] : [],
    quick: options.quick,
  });
  return { measurements, report };
}
