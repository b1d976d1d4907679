/**
 * The memory of a server that is more than one process: lesson 14's last step forks workers, and
 * nginx answers from a worker its master started. Reading the first process alone would leave the
 * workers out, so here the peak is of the sum over the process and all its descendants, read
 * every 50 ms. On Linux the children come from /proc/<pid>/task/<tid>/children; elsewhere only the
 * process itself is read, and the report's figure is that of the first process.
 */
import { readdir, readFile } from 'node:fs/promises';
import { type PeakSampler, rssOf } from '../memory.ts';

/** The process and everything it started, still running, as pids. */
export async function processTree(pid: number): Promise<number[]> {
  if (process.platform !== 'linux') return [pid];
  const tree = [pid];
  for (let index = 0; index < tree.length; index++) {
    const parent = tree[index]!;
    const threads = await readdir(`/proc/${parent}/task`).catch(() => [] as string[]);
    for (const thread of threads) {
      const children = await readFile(`/proc/${parent}/task/${thread}/children`, 'utf8').catch(() => '');
      tree.push(...children.split(' ').filter(Boolean).map(Number));
    }
  }
  return tree;
}

/** The RSS of the process and its descendants, added up; undefined when not even the process could be read. */
export async function treeRss(pid: number): Promise<number | undefined> {
  const readings = await Promise.all((await processTree(pid)).map(rssOf));
  if (readings[0] === undefined) return undefined;
  return readings.reduce<number>((total, reading) => total + (reading ?? 0), 0);
}

/** Like memory.ts's samplePeakRss, for the whole tree: one reading at a time, the highest kept. */
export function samplePeakTreeRss(pid: number, intervalMs = 50): PeakSampler {
  let peak: number | undefined;
  let stopped = false;
  const sampleOnce = async () => {
    const rss = await treeRss(pid);
    if (rss !== undefined && (peak === undefined || rss > peak)) peak = rss;
  };
  const loop = (async () => {
    while (!stopped) {
      await sampleOnce();
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      // One last reading: the peak may be right at the end.
      await sampleOnce();
      return peak;
    },
  };
}
