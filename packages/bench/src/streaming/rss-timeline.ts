/**
 * The server's RSS over time, not only its peak: one reading every 50 ms, each with the moment it
 * was taken (on the clock of `performance.now()`, the one the slow client stamps its milestones
 * with). The streaming report needs the shape: a careful server levels off, a naive one climbs
 * for as long as the file is being read.
 */
import { rssOf } from '../memory.ts';

export interface RssSample {
  at: number;
  bytes: number;
}

export interface RssTimeline {
  /** Stops sampling, takes one last reading, and resolves with every reading in order. */
  stop(): Promise<RssSample[]>;
}

export function sampleRssOverTime(pid: number, intervalMs = 50): RssTimeline {
  const samples: RssSample[] = [];
  let stopped = false;
  const readOnce = async () => {
    const bytes = await rssOf(pid);
    if (bytes !== undefined) samples.push({ at: performance.now(), bytes });
  };
  // One reading at a time: the next waits for the last, so slow reads (ps) never pile up.
  const loop = (async () => {
    while (!stopped) {
      await readOnce();
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await readOnce();
      return samples;
    },
  };
}

/** The highest reading taken at or before `moment`; undefined if there was none. */
export function highestBy(samples: readonly RssSample[], moment: number | undefined): number | undefined {
  if (moment === undefined) return undefined;
  const before = samples.filter((sample) => sample.at <= moment).map((sample) => sample.bytes);
  return before.length ? Math.max(...before) : undefined;
}
