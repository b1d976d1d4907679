/**
 * How much memory a server holds while it works: its resident set size (RSS), the part of its
 * memory actually in RAM, sampled every 50 ms, keeping the highest. On Linux it is read from
 * /proc/<pid>/status, which costs no extra process; on macOS and the BSDs from `ps`; on Windows
 * it is not measured.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `VmRSS:   51234 kB` from /proc/<pid>/status, in bytes. */
export function parseVmRss(status: string): number | undefined {
  const kilobytes = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  return kilobytes === undefined ? undefined : Number(kilobytes) * 1024;
}

export function canMeasureMemory(): boolean {
  return process.platform !== 'win32';
}

/** The process's RSS in bytes now, or undefined if it cannot be read (it has exited, say). */
export async function rssOf(pid: number): Promise<number | undefined> {
  try {
    if (process.platform === 'linux') return parseVmRss(await readFile(`/proc/${pid}/status`, 'utf8'));
    if (!canMeasureMemory()) return undefined;
    const { stdout } = await run('ps', ['-o', 'rss=', '-p', String(pid)]);
    const kilobytes = Number(stdout.trim());
    return stdout.trim() && Number.isFinite(kilobytes) ? kilobytes * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export interface PeakSampler {
  /** Stops sampling; resolves with the highest RSS seen, or undefined if none could be read. */
  stop(): Promise<number | undefined>;
}

export function samplePeakRss(pid: number, intervalMs = 50): PeakSampler {
  let peak: number | undefined;
  let pending: Promise<void> = Promise.resolve();
  const sample = () => {
    pending = rssOf(pid).then((rss) => {
      if (rss !== undefined && (peak === undefined || rss > peak)) peak = rss;
    });
  };
  sample();
  // A slow read (ps takes a few ms) is not overlapped by the next one: the timer waits for it.
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const next = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      sample();
      void pending.then(next);
    }, intervalMs);
  };
  void pending.then(next);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await pending;
      // One last reading: the peak may be right at the end.
      sample();
      await pending;
      return peak;
    },
  };
}
