/**
 * `pnpm bench`: the arithmetic and the text it prints, checked exactly; and one real, tiny run
 * against the minimal server, checked for its shape only. Timings depend on the machine, so no
 * test here says how fast anything must be.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { autocannonArgs, parseAutocannonReport } from '../src/autocannon.ts';
import { UsageError } from '@workbook/course';
import type { Benchmark } from '../src/benchmark.ts';
import { loadBenchmarks } from '../src/catalog.ts';
import { parseBenchArgs } from '../src/command.ts';
import { parseDuration } from '../src/duration.ts';
import { summarize, type RoundOutcome, type ServerMeasurement } from '../src/files/measure.ts';
import { renderFilesReport } from '../src/files/report.ts';
import { runFiles } from '../src/files/run.ts';
import { lessonServer, minimalServer, pythonServer } from '../src/files/servers.ts';
import { defaultSizes, htmlPage, KB, MB } from '../src/files/site.ts';
import { parseVmRss } from '../src/memory.ts';
import { median, spread } from '../src/statistics.ts';
import { formatNumber, formatRatio, formatSeconds, formatSpread, renderTable, sizeLabel } from '../src/table.ts';
import { parseWrkReport, wrkArgs, wrkSeconds } from '../src/wrk.ts';

describe('statistics', () => {
  test('the median of an odd count is the middle value, whatever the order', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([5])).toBe(5);
  });

  test('the median of an even count is halfway between the two middle values', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test('a spread has the median, the lowest and the highest run, and how many runs', () => {
    expect(spread([12, 9, 15])).toEqual({ median: 12, min: 9, max: 15, runs: 3 });
  });

  test('there is no median of nothing', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('formatting', () => {
  test('a ratio to the baseline has two decimals, one from 10× up', () => {
    expect(formatRatio(100, 100)).toBe('1.00×');
    expect(formatRatio(43, 100)).toBe('0.43×');
    expect(formatRatio(1234, 100)).toBe('12.3×');
  });

  test('a ratio with nothing to divide by is a dash, not Infinity or NaN', () => {
    expect(formatRatio(5, undefined)).toBe('–');
    expect(formatRatio(5, 0)).toBe('–');
    expect(formatRatio(Number.NaN, 5)).toBe('–');
  });

  test('numbers keep about three significant figures, with thousands separators', () => {
    expect(formatNumber(12345.6)).toBe('12,346');
    expect(formatNumber(98.76)).toBe('98.8');
    expect(formatNumber(4.567)).toBe('4.57');
    expect(formatNumber(0.8531)).toBe('0.853');
  });

  test('a spread reads median (lowest–highest)', () => {
    expect(formatSpread({ median: 12000, min: 11500, max: 12500, runs: 3 })).toBe('12,000 (11,500–12,500)');
    expect(formatSpread({ median: 7, min: 7, max: 7, runs: 1 })).toBe('7.00');
  });

  test('durations are whole seconds when they can be', () => {
    expect(formatSeconds(3000)).toBe('3 s');
    expect(formatSeconds(500)).toBe('0.500 s');
  });

  test('file sizes are named in KB and MB of 1024', () => {
    expect(sizeLabel(KB)).toBe('1 KB');
    expect(sizeLabel(10 * MB)).toBe('10 MB');
    expect(sizeLabel(1536)).toBe('1.50 KB');
  });

  test('a table pads every column and right-aligns the numbers, as Markdown', () => {
    const table = renderTable(
      ['server', 'req/s'],
      [
        ['lesson', '9,812'],
        ['minimal node:http', '21,400'],
      ],
      ['left', 'right'],
    );
    expect(table).toBe(['| server            |  req/s |', '| ----------------- | -----: |', '| lesson            |  9,812 |', '| minimal node:http | 21,400 |'].join('\n'));
  });
});

describe('reading the load generators', () => {
  const wrkOutput = [
    'Running 3s test @ http://127.0.0.1:40123/index.html',
    '  1 threads and 50 connections',
    '  Thread Stats   Avg      Stdev     Max   +/- Stdev',
    '    Latency     7.19ms    2.85ms  40.77ms   87.18%',
    '  20970 requests in 3.00s, 23.79MB read',
    'Requests/sec:   6990.00',
    'Transfer/sec:      7.93MB',
    'WORKBOOK_WRK {"requests":20970,"duration_us":3000000,"bytes":24944000,"errors":{"connect":0,"read":2,"write":0,"status":1,"timeout":0},"latency_us":{"p50":6285,"p99":15569}}',
    '',
  ].join('\n');

  test("wrk's figures come from the line its report script prints, in exact units", () => {
    expect(parseWrkReport(wrkOutput)).toEqual({ requests: 20970, seconds: 3, bytes: 24944000, p50Ms: 6.285, p99Ms: 15.569, errors: 3 });
  });

  test('wrk output without that line is an error that shows the output', () => {
    expect(() => parseWrkReport('unable to connect to 127.0.0.1:1 Connection refused')).toThrow(/Connection refused/);
  });

  test('wrk runs one thread, for whole seconds, with its report script', () => {
    expect(wrkSeconds(400)).toBe(1);
    expect(wrkSeconds(3000)).toBe(3);
    const args = wrkArgs({ url: 'http://127.0.0.1:1/', connections: 50, durationMs: 3000 });
    expect(args.slice(0, 3)).toEqual(['-t1', '-c50', '-d3s']);
    expect(args[args.indexOf('-s') + 1]).toMatch(/wrk-report\.lua$/);
  });

  test("autocannon's JSON gives totals and percentiles; its errors, timeouts and non-2xx add up", () => {
    const json = JSON.stringify({
      duration: 2.01,
      errors: 1,
      timeouts: 2,
      non2xx: 3,
      requests: { total: 5000, average: 2500 },
      throughput: { total: 6_000_000 },
      latency: { p50: 4, p99: 12 },
    });
    expect(parseAutocannonReport(`${json}\n`)).toEqual({ requests: 5000, seconds: 2.01, bytes: 6_000_000, p50Ms: 4, p99Ms: 12, errors: 6 });
    expect(autocannonArgs('/x/autocannon.js', { url: 'http://127.0.0.1:1/', connections: 4, durationMs: 500 })).toContain('--duration=0.5');
  });

  test('RSS is read from the VmRSS line of /proc/<pid>/status, in bytes', () => {
    expect(parseVmRss('Name:\tnode\nVmPeak:\t  999 kB\nVmRSS:\t   51234 kB\nThreads:\t7\n')).toBe(51234 * 1024);
    expect(parseVmRss('Name:\tzombie\n')).toBeUndefined();
  });
});

describe('what is typed after pnpm bench', () => {
  const files = { name: 'files', description: 'file servers', run: async () => '' } satisfies Benchmark;
  const loop = { name: 'loop', description: 'the event loop', run: async () => '' } satisfies Benchmark;
  const available = [files, loop];

  test('durations read as 3s, 500ms, 1m or bare seconds', () => {
    expect(parseDuration('3s')).toBe(3000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1m')).toBe(60_000);
    expect(parseDuration('2')).toBe(2000);
  });

  test('a duration that is not one, or out of bounds, says what would do', () => {
    for (const text of ['fast', '2h', '10ms', '-3s', '']) {
      expect(() => parseDuration(text)).toThrow(expect.objectContaining({ code: 'ERR_BAD_BENCH_OPTION', message: expect.stringContaining('such as 3s') }));
    }
  });

  test('no name runs every benchmark; names pick some', () => {
    const all = parseBenchArgs([], available);
    expect(all !== 'help' && all.benchmarks.map((benchmark) => benchmark.name)).toEqual(['files', 'loop']);
    const one = parseBenchArgs(['loop'], available);
    expect(one !== 'help' && one.benchmarks).toEqual([loop]);
  });

  test('defaults: 3 runs of 3 s after a 1 s warm-up; --quick is 1 s runs without warm-up', () => {
    const normal = parseBenchArgs(['files'], available);
    expect(normal !== 'help' && normal.options).toMatchObject({ durationMs: 3000, warmupMs: 1000, runs: 3, load: 'auto', quick: false });
    const quick = parseBenchArgs(['files', '--quick', '--load', 'autocannon'], available);
    expect(quick !== 'help' && quick.options).toMatchObject({ durationMs: 1000, warmupMs: 0, runs: 3, load: 'autocannon', quick: true });
    expect(quick !== 'help' && quick.flags).toEqual(['--quick', '--load', 'autocannon']);
  });

  test('an unknown benchmark lists the ones that exist', () => {
    let thrown: unknown;
    try {
      parseBenchArgs(['nope'], available);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UsageError);
    expect(thrown).toMatchObject({ code: 'ERR_UNKNOWN_BENCHMARK' });
    expect((thrown as Error).message).toContain('There is no benchmark "nope"');
    expect((thrown as Error).message).toMatch(/files +file servers\n +loop +the event loop/);
  });

  test('an unknown load generator, or option, is refused', () => {
    expect(() => parseBenchArgs(['--load', 'ab'], available)).toThrow(/--load takes wrk, autocannon or auto/);
    expect(() => parseBenchArgs(['--fast'], available)).toThrow(expect.objectContaining({ code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' }));
  });

  test('--help asks for the usage', () => {
    expect(parseBenchArgs(['files', '--help'], available)).toBe('help');
  });

  test('every file in src/benchmarks is a benchmark named after its file', async () => {
    const benchmarks = await loadBenchmarks();
    expect(benchmarks.map((benchmark) => benchmark.name)).toContain('files');
    for (const benchmark of benchmarks) expect(benchmark.description.length).toBeGreaterThan(0);
  });
});

describe('the command, as a process', () => {
  const bin = fileURLToPath(new URL('../../cli/bin/workbook.mjs', import.meta.url));
  const workbook = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

  test('pnpm bench nope says which benchmarks exist, with exit code 2', () => {
    const { status, stderr } = workbook('bench', 'nope');
    expect(status).toBe(2);
    expect(stderr).toContain('There is no benchmark "nope"');
    expect(stderr).toMatch(/^ {2}files /m);
  });

  test('pnpm bench --help lists the benchmarks and the options', () => {
    const { status, stdout } = workbook('bench', '--help');
    expect(status).toBe(0);
    expect(stdout).toContain('Usage: pnpm bench');
    expect(stdout).toMatch(/^ {2}files /m);
    expect(stdout).toContain('--duration');
    expect(stdout).toContain('--quick');
  });
});

describe('the files benchmark', () => {
  test('the page is exactly as big as asked, and still HTML', () => {
    for (const bytes of [100, 1024, 4096]) expect(Buffer.byteLength(htmlPage(bytes))).toBe(bytes);
    expect(htmlPage(1024)).toMatch(/^<!doctype html>/);
  });

  const spreadOf = (value: number) => ({ median: value, min: value, max: value, runs: 3 });
  const measured = (server: ServerMeasurement['server'], rps: number): ServerMeasurement => ({
    server,
    page: { requestsPerSecond: spreadOf(rps), p50Ms: spreadOf(2), p99Ms: spreadOf(9), errors: 0 },
    medium: { megabytesPerSecond: spreadOf(800), errors: 0 },
    large: { peakRssBytes: 80 * MB, downloads: { completed: 20, failed: 0, cutOff: false, seconds: 3 } },
  });
  const context = { header: ['## files'], sizes: defaultSizes, command: 'pnpm bench files', caveats: [] };

  test('every server gets a row, the lesson first; ratios are to the lesson server', () => {
    const report = renderFilesReport([measured(lessonServer(), 5000), measured(minimalServer, 10000)], context);
    expect(report).toMatch(/\| lesson 4 +\| +5,000 1\.00× \|/);
    expect(report).toMatch(/\| node:http minimal +\| +10,000 2\.00× \|/);
    expect(report).toContain('× lesson 4');
    expect(report).toContain('Reproduce: `pnpm bench files`');
  });

  test('without the lesson server the report says why, and divides by the first server measured', () => {
    const missing: ServerMeasurement = { server: lessonServer('/nowhere/lesson-04-file-server'), problem: 'skipped: lesson server not found' };
    const report = renderFilesReport([missing, measured(pythonServer, 2000), measured(minimalServer, 10000)], context);
    expect(report).toMatch(/\| lesson 4 +\| +– \|/);
    expect(report).toMatch(/\| node:http minimal +\| +10,000 5\.00× \|/);
    expect(report).toContain('lesson 4: skipped: lesson server not found');
    expect(report).toContain('Ratios are to python http.server because lesson 4 was not measured.');
  });

  test("a server's rounds add up to medians and ranges; memory comes from the round that measured it", () => {
    const round = (requests: number, megabytes: number): RoundOutcome => ({
      page: { requests, seconds: 2, bytes: 0, p50Ms: requests / 1000, p99Ms: 9, errors: 1 },
      medium: { requests: 10, seconds: 2, bytes: megabytes * MB * 2, errors: 0 },
    });
    const large = { peakRssBytes: 50 * MB, downloads: { completed: 20, failed: 0, cutOff: false, seconds: 2 } };
    const summary = summarize(minimalServer, [round(2000, 100), round(6000, 300), { ...round(4000, 200), large }]);
    expect(summary.page?.requestsPerSecond).toEqual({ median: 2000, min: 1000, max: 3000, runs: 3 });
    expect(summary.page?.p50Ms.median).toBe(4);
    expect(summary.page?.errors).toBe(3);
    expect(summary.medium?.megabytesPerSecond).toEqual({ median: 200, min: 100, max: 300, runs: 3 });
    expect(summary.large).toBe(large);
    expect(summary.problem).toBeUndefined();
  });

  test('a server that fails after some rounds keeps the figures it has, and the problem', () => {
    const ok: RoundOutcome = { page: { requests: 100, seconds: 1, bytes: 0, p50Ms: 1, p99Ms: 2, errors: 0 }, medium: { requests: 1, seconds: 1, bytes: MB, errors: 0 } };
    const summary = summarize(minimalServer, [ok, { problem: 'failed: it exited' }]);
    expect(summary.problem).toBe('failed: it exited');
    expect(summary.page?.requestsPerSecond.runs).toBe(1);
    expect(summarize(minimalServer, [{ problem: 'skipped: not installed' }])).toEqual({ server: minimalServer, problem: 'skipped: not installed' });
  });

  test('a missing lesson package is a reason to skip, not a crash', () => {
    expect(lessonServer('/nowhere/lesson-04-file-server').launch('/tmp', 1)).toMatch(/^lesson server not found/);
  });

  test('a tiny real run against the minimal server measures everything once per run, and stops the server', async () => {
    const progress: string[] = [];
    const { measurements, report } = await runFiles({
      servers: [minimalServer],
      sizes: { page: KB, medium: 256 * KB, large: MB },
      durationMs: 200,
      warmupMs: 0,
      runs: 3,
      // autocannon comes with the workbook, so this runs on every machine; wrk counts whole seconds.
      load: 'autocannon',
      quick: true,
      command: 'pnpm bench files --quick',
      progress: (line) => progress.push(line),
      downloadLimitMs: 10_000,
    });
    expect(measurements).toHaveLength(1);
    const [minimal] = measurements;
    expect(minimal?.problem).toBeUndefined();
    expect(minimal?.page?.requestsPerSecond.runs).toBe(3);
    expect(minimal?.page?.p99Ms.runs).toBe(3);
    expect(minimal?.medium?.megabytesPerSecond.runs).toBe(3);
    expect(minimal?.large?.downloads).toMatchObject({ completed: 20, failed: 0, cutOff: false });
    expect(report).toMatch(/^\| node:http minimal +\| [\d,.]+ \(.*\) 1\.00× \|/m);
    expect(report).toContain('autocannon');
    expect(progress).toContain('round 3 of 3, node:http minimal: starting');
    if (process.platform === 'linux') expect(livingChildren()).toEqual([]);
  });
});

/** What this process started that still runs (Linux): the server and load generators must be gone. */
function livingChildren(): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        // /proc/<pid>/stat: `pid (name) state ppid ...`; the name may hold spaces, so split after ')'.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(ppid) === process.pid && state !== 'Z' ? [stat.slice(0, stat.lastIndexOf(')') + 1)] : [];
      } catch {
        return [];
      }
    });
}
