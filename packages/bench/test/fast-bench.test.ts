/**
 * `pnpm bench fast`: the report from made-up figures (the table with ratios to sirv, lesson 14's
 * story step by step, the targets, the note on cores), nginx started from the config the bench
 * writes, and one tiny real run. The real benchmark takes many minutes and its figures depend on
 * the machine, so no test here says how fast anything must be.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '@workbook/testkit';
import { describe, expect, test } from 'vitest';
import { loadBenchmarks } from '../src/catalog.ts';
import type { FastServer } from '../src/fast/contenders.ts';
import { renderFastReport } from '../src/fast/report.ts';
import { runFast } from '../src/fast/run.ts';
import { processTree, treeRss } from '../src/fast/tree-rss.ts';
import type { ServerMeasurement } from '../src/files/measure.ts';
import { KB, MB } from '../src/files/site.ts';
import { startServer } from '../src/server-process.ts';
import { findNginx, nginxConfig, nginxServer } from '../src/servers/nginx.ts';

const nginx = findNginx();
const sizes = { page: KB, morePages: [100 * KB], medium: 10 * MB, large: 100 * MB };
const context = { header: ['## fast'], sizes, command: 'pnpm bench fast', caveats: [], quick: false };

const server = (name: string, extra: Partial<FastServer> = {}): FastServer => ({ name, about: `about ${name}`, launch: () => 'not started in this test', ...extra });
const spreadOf = (value: number) => ({ median: value, min: value, max: value, runs: 3 });
/** A server's made-up figures: 1 KB page req/s, 100 KB page req/s, 10 MB file MB/s, peak RSS in MB. */
function measured(figures: FastServer, page: number, bigPage: number, file: number, rss: number): ServerMeasurement {
  const pageFigures = (rps: number) => ({ requestsPerSecond: spreadOf(rps), p50Ms: spreadOf(1), p99Ms: spreadOf(5), errors: 0 });
  return {
    server: figures,
    page: pageFigures(page),
    morePages: [pageFigures(bigPage)],
    medium: { megabytesPerSecond: spreadOf(file), errors: 0 },
    large: { peakRssBytes: rss * MB, downloads: { completed: 20, failed: 0, cutOff: false, seconds: 4 } },
  };
}

function row(report: string, name: string): string {
  return report.split('\n').find((line) => line.startsWith(`| ${name} `)) ?? '';
}

const step = (number: number) => server(`lesson 14, step ${number}`, { step: number });

describe('the fast benchmark', () => {
  test('is in the catalog', async () => {
    expect((await loadBenchmarks()).map((benchmark) => benchmark.name)).toContain('fast');
  });

  test('the report divides by sirv, tells lesson 14 step by step, and checks the targets against the last step', () => {
    const report = renderFastReport(
      [
        measured(step(1), 5000, 4000, 800, 90),
        measured(step(2), 10000, 6000, 800, 80),
        measured(step(3), 20000, 9000, 1000, 70),
        measured(step(4), 25000, 12000, 1200, 60),
        measured(step(5), 24000, 11000, 1200, 90),
        measured(server('lesson 14, step 5, 2 cores', { bothCores: true }), 30000, 13000, 1300, 95),
        measured(server('lesson 4'), 10000, 6000, 800, 80),
        measured(server('sirv'), 20000, 10000, 1000, 70),
        measured(server('nginx'), 50000, 20000, 1500, 10),
      ],
      context,
    );
    expect(row(report, 'sirv')).toMatch(/^\| sirv +\| +20,000 1\.00× \| .* \| +10,000 1\.00× \| +1,000 1\.00× \| +70\.0 1\.00× \|$/);
    expect(row(report, 'lesson 14, step 5')).toMatch(/\| +24,000 1\.20× \| .* \| +11,000 1\.10× \| +1,200 1\.20× \| +90\.0 1\.29× \|$/);
    expect(report).toContain('then × sirv');
    expect(report).toContain('50 connections ask for the 1 KB page, then the 100 KB page;');
    expect(report).toContain("peak RSS is the highest resident memory of the server's processes added up (step 5's workers");
    // The story: each step × the one before and × nginx, for both pages and the file.
    expect(row(report, 'step 1')).toMatch(/^\| step 1 +\| +– \| +0\.10× \| +– \| +0\.20× \| +– \| +0\.53× \|$/);
    expect(row(report, 'step 2')).toMatch(/^\| step 2 +\| +2\.00× \| +0\.20× \| +1\.50× \| +0\.30× \| +1\.00× \| +0\.53× \|$/);
    expect(row(report, 'step 5')).toMatch(/^\| step 5 +\| +0\.96× \| +0\.48× \| +0\.92× \| +0\.55× \| +1\.00× \| +0\.80× \|$/);
    expect(report).not.toMatch(/^\| step 5, 2 cores/m);
    // The targets are step 4's, the last step in one process; step 5's 90 MB would count otherwise.
    expect(report).toContain('Targets (issue 18), for lesson 14, step 4, the last step in one process:');
    expect(report).toContain('- 1 KB page: 1.25× sirv, target ≥ 1.2×: met');
    expect(report).toContain('- 10 MB file: 1.20× sirv, target ≥ 1.0×: met');
    expect(report).toContain('- peak RSS while 20 clients download the 100 MB file: 60.0 MB, target < 100 MB: met');
    expect(report).toContain(
      'Step 5 pinned like the others runs its 2 worker processes on one core, where they only take turns (0.96× step 4 on the 1 KB page and 1.00× on the 10 MB file).',
    );
    expect(report).toContain(
      'share core 1 with the load generator (1.20× step 4 on the 1 KB page and 1.08× on the 10 MB file): the second core helped on the 1 KB page and helped on the 10 MB file.',
    );
    expect(report).toContain('Reproduce: `pnpm bench fast`');
  });

  test('a target missed says NOT met; without sirv the ratios go to the first server measured, and a missing nginx is noted', () => {
    const report = renderFastReport(
      [
        measured(step(4), 15000, 9000, 900, 120),
        measured(step(5), 15000, 9000, 900, 240),
        { server: server('sirv'), problem: 'skipped: sirv-cli is not installed; run: pnpm install' },
        { server: server('nginx'), problem: 'skipped: nginx is not installed' },
      ],
      { ...context, quick: true },
    );
    expect(report).toContain('Ratios are to lesson 14, step 4 because sirv was not measured.');
    expect(report).toContain('- nginx: skipped: nginx is not installed');
    expect(report).toContain('a --quick run is too short to settle them');
    expect(report).toContain('- 1 KB page: – sirv, target ≥ 1.2×: not measured');
    expect(report).toContain('- peak RSS while 20 clients download the 100 MB file: 120 MB, target < 100 MB: NOT met');
    expect(row(report, 'step 4')).toMatch(/^\| step 4 +\| +– \| +– \| +– \| +– \| +– \| +– \|$/);
    expect(report).toContain('The "2 cores" row was not measured');
  });

  test("a process tree's memory adds up the process and its children", async () => {
    const child = startServer({ command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'] }, 0);
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (process.platform === 'linux') expect(await processTree(process.pid)).toContain(child.pid);
      expect(await treeRss(process.pid)).toBeGreaterThan((await treeRss(child.pid))!);
    } finally {
      await child.stop();
    }
  });
});

describe('nginx, started by the bench', () => {
  test("its config keeps every file it writes in the bench's folder and listens on loopback only", () => {
    const config = nginxConfig('/srv/site "one"', 8123, '/tmp/run');
    expect(config).toContain('daemon off;');
    expect(config).toContain('worker_processes 1;');
    expect(config).toContain('listen 127.0.0.1:8123;');
    expect(config).toContain('root "/srv/site \\"one\\"";');
    expect(config).toContain('access_log off;');
    expect(config).toContain('pid "/tmp/run/nginx.pid";');
    expect(config).toContain('client_body_temp_path "/tmp/run/client_body";');
  });

  test('a missing nginx is a reason to skip, with the note the report prints', () => {
    // '' stands for "found nowhere": undefined would make it look on this machine.
    expect(nginxServer('')).toBe('nginx is not installed');
  });

  test.skipIf(!nginx)(`${nginx ? '' : '(skipped: nginx is not installed here) '}nginx accepts the config and serves a file on a free loopback port`, async () => {
    const site = mkdtempSync(path.join(tmpdir(), 'workbook-nginx-test-'));
    const launcher = nginxServer(nginx);
    if (typeof launcher === 'string') throw new Error(launcher);
    try {
      writeFileSync(path.join(site, 'index.html'), '<p>hello from nginx</p>\n');
      const port = await freePort();
      const launch = launcher.launch(site, port);
      if (typeof launch === 'string') throw new Error(launch);
      const checked = spawnSync(launch.command, [...launch.args, '-t'], { encoding: 'utf8', timeout: 10_000 });
      expect(checked.stderr).toContain('test is successful');
      expect(checked.status).toBe(0);
      const running = startServer(launch, port);
      try {
        await running.ready(10_000);
        const response = await fetch(running.url('/'));
        expect(response.status).toBe(200);
        expect(await response.text()).toBe('<p>hello from nginx</p>\n');
      } finally {
        await running.stop();
      }
    } finally {
      launcher.cleanUp();
      rmSync(site, { recursive: true, force: true });
    }
  });
});

describe('a tiny real run', () => {
  test('lesson 4, sirv and nginx, each page and the file checked and measured', async () => {
    const { measurements, report } = await runFast({
      only: ['lesson 4', 'sirv', 'nginx'],
      sizes: { page: KB, morePages: [100 * KB], medium: 256 * KB, large: MB },
      durationMs: 200,
      warmupMs: 0,
      runs: 1,
      load: 'autocannon',
      quick: true,
      command: 'pnpm bench fast --quick',
      progress: () => {},
      downloadLimitMs: 10_000,
    });
    expect(measurements.map((measurement) => measurement.server.name)).toEqual(['lesson 4', 'sirv', 'nginx']);
    for (const measurement of measurements) {
      if (measurement.server.name === 'nginx' && !nginx) continue;
      expect(measurement.problem).toBeUndefined();
      expect(measurement.morePages?.[0]?.requestsPerSecond.runs).toBe(1);
      expect(measurement.large?.downloads).toMatchObject({ completed: 20, failed: 0 });
    }
    expect(report).toMatch(/^\| sirv +\| +[\d,.]+ 1\.00× \|/m);
    expect(report).toContain('built by the kit, run with plain node');
  }, 30_000);
});
