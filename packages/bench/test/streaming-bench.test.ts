/**
 * `pnpm bench streaming`: the slow client's milestones, the RSS timeline and the report, from a
 * tiny server of its own and made-up figures. The real run takes about a minute and its figures
 * depend on the machine, so it is not run here.
 */
import net from 'node:net';
import { describe, expect, test } from 'vitest';
import type { BenchOptions } from '../src/benchmark.ts';
import { loadBenchmarks } from '../src/catalog.ts';
import { canMeasureMemory } from '../src/memory.ts';
import { highestBy, sampleRssOverTime } from '../src/streaming/rss-timeline.ts';
import { CONTENDERS, FILE_BYTES, renderReport, type Run } from '../src/streaming/run.ts';
import { downloadSlowly } from '../src/streaming/slow-reader.ts';

const MB = 1024 * 1024;

const options: BenchOptions = {
  durationMs: 0,
  warmupMs: 0,
  runs: 2,
  load: 'autocannon',
  quick: false,
  command: 'pnpm bench streaming',
  progress: () => {},
};

function row(report: string, name: string): string {
  return report.split('\n').find((line) => line.startsWith(`| ${name} `)) ?? '';
}

describe('the streaming benchmark', () => {
  test('is in the catalog', async () => {
    expect((await loadBenchmarks()).map((benchmark) => benchmark.name)).toContain('streaming');
  });

  test('the highest reading by a moment counts only the readings taken until then', () => {
    const samples = [
      { at: 10, bytes: 5 },
      { at: 20, bytes: 9 },
      { at: 30, bytes: 7 },
      { at: 40, bytes: 12 },
    ];
    expect(highestBy(samples, 35)).toBe(9);
    expect(highestBy(samples, 40)).toBe(12);
    expect(highestBy(samples, 5)).toBeUndefined();
    expect(highestBy(samples, undefined)).toBeUndefined();
  });

  test.skipIf(!canMeasureMemory())('the timeline reads a real process, in order', async () => {
    const timeline = sampleRssOverTime(process.pid, 10);
    await new Promise((resolve) => setTimeout(resolve, 60));
    const samples = await timeline.stop();
    expect(samples.length).toBeGreaterThanOrEqual(2);
    expect(samples.every((sample) => sample.bytes > MB)).toBe(true);
    expect(samples.map((sample) => sample.at)).toEqual([...samples.map((sample) => sample.at)].sort((a, b) => a - b));
  });

  test('the slow client reads a whole answer and stamps each milestone as it passes it', async () => {
    const body = Buffer.alloc(300_000, 'x');
    const server = net.createServer((socket) => {
      socket.once('data', () => socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body])));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as net.AddressInfo;
      const download = await downloadSlowly(port, '/', 10 * MB, 10_000, [100_000, 200_000, 10 * MB]);
      expect(download.complete).toBe(true);
      expect(download.received).toBeGreaterThan(body.length);
      const [first, second, never] = download.reachedAt;
      expect(first).toBeTypeOf('number');
      expect(second).toBeGreaterThanOrEqual(first!);
      expect(never).toBeUndefined();
    } finally {
      server.close();
    }
  });

  test('the report gives idle, the quarters, the peak over idle, and the growth compared with careful', () => {
    const run = (idle: number, quarters: number[], peak: number): Run => ({
      idleBytes: idle * MB,
      byQuarter: quarters.map((value) => value * MB),
      peakBytes: peak * MB,
      seconds: 5,
      complete: true,
    });
    const [careful, naive] = CONTENDERS;
    const runs = new Map([
      [careful!, [run(80, [100, 110, 110], 110), run(80, [100, 110, 112], 112)]],
      [naive!, [run(80, [180, 180, 180], 180), run(82, [182, 182, 182], 182)]],
    ]);
    const report = renderReport(runs, [], options, 20 * MB);
    expect(row(report, 'careful')).toMatch(/\| +80\.0 \| +100 · 110 · 111 \| +111 \(110–112\) \| +1\.39× \| +31\.0 \(30\.0–32\.0\) 1\.00× \| +5\.00 \|$/);
    expect(row(report, 'naive')).toMatch(/\| +81\.0 \(80\.0–82\.0\) \| +181 · 181 · 181 \| +181 \(180–182\) \| +2\.23× \| +100 3\.23× \| +5\.00 \|$/);
    expect(report).toContain(`(sendNaively); ${FILE_BYTES / MB} MB file`);
    expect(report).toContain('Reproduce: `pnpm bench streaming`');
  });

  test('a download that did not finish, and a run that failed, are noted under the table', () => {
    const [careful, naive] = CONTENDERS;
    const cut: Run = { idleBytes: 80 * MB, byQuarter: [90 * MB, undefined, undefined], peakBytes: 90 * MB, seconds: 60, complete: false };
    const report = renderReport(
      new Map([
        [careful!, [cut]],
        [naive!, []],
      ]),
      ['naive, run 1: not measured: it exited'],
      options,
      20 * MB,
    );
    expect(row(report, 'careful')).toContain('90.0 · – · –');
    expect(row(report, 'naive')).toMatch(/^\| naive +\| +– \|/);
    expect(report).toContain('- careful: 1 download(s) did not complete within 60 s');
    expect(report).toContain('- naive, run 1: not measured: it exited');
  });
});
