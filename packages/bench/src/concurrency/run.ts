/**
 * The concurrency benchmark from end to end: start every model of lesson 7's server, load them in
 * turns, first alone and then with one slow client hanging on, and write the report and the chart.
 *
 * The servers are started together and measured in turns (A B C, A B C, ...), as the handler
 * benchmark does: a server waiting for its turn uses no CPU, and a disturbance on the machine
 * then slows every server's runs alike instead of all the runs of one of them.
 */
import http from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '@workbook/testkit';
import type { BenchOptions } from '../benchmark.ts';
import { chooseLoadGenerator } from '../load-generator.ts';
import type { LoadSpec } from '../load.ts';
import { startServer, type ServerProcess } from '../server-process.ts';
import { root } from '@workbook/course';
import { CONTENDERS, launch } from './contenders.ts';
import { renderConcurrencyChart, renderConcurrencyReport, type Measured } from './report.ts';
import { startSlowClient } from './slow-client.ts';

/** Keep-alive clients at once: many more than any model has workers. */
export const CONNECTIONS = 50;
export const CHART_FILE = path.join(root, 'docs', 'images', 'concurrency.svg');

export async function runConcurrency(options: BenchOptions): Promise<string> {
  const load = chooseLoadGenerator(options.load);
  const measured: Measured[] = CONTENDERS.map((contender) => ({ contender, alone: [], withSlowClient: [], slowClientAnswered: false }));
  const running = new Map<Measured, ServerProcess>();
  try {
    for (const entry of measured) {
      const server = await start(entry, options);
      if (server) running.set(entry, server);
    }
    const spec = (server: ServerProcess, durationMs: number): LoadSpec => ({ url: server.url('/'), connections: CONNECTIONS, durationMs });

    if (options.warmupMs > 0) {
      for (const [entry, server] of running) {
        options.progress(`${entry.contender.name}: warming up`);
        await load.requests(spec(server, options.warmupMs));
      }
    }
    for (let round = 1; round <= options.runs; round++) {
      for (const [entry, server] of running) {
        options.progress(`${entry.contender.name}: run ${round} of ${options.runs}`);
        entry.alone.push(await load.requests(spec(server, options.durationMs)));
      }
      for (const [entry, server] of running) {
        options.progress(`${entry.contender.name}: run ${round} of ${options.runs}, with a slow client`);
        const slow = await startSlowClient(server.port);
        // A moment for the server to take the slow client in before the load arrives, so that a
        // server serving one connection at a time has it first in line.
        await new Promise((resolve) => setTimeout(resolve, 200));
        try {
          entry.withSlowClient.push(await load.requests(spec(server, options.durationMs)));
        } finally {
          entry.slowClientAnswered ||= slow.stop().answered;
        }
      }
    }
  } finally {
    await Promise.all([...running.values()].map((server) => server.stop()));
  }

  const report = renderConcurrencyReport(measured, { load, options, connections: CONNECTIONS, chartFile: options.quick ? undefined : CHART_FILE });
  // A --quick run's figures are too rough to replace the chart the docs show.
  if (!options.quick) {
    mkdirSync(path.dirname(CHART_FILE), { recursive: true });
    writeFileSync(CHART_FILE, renderConcurrencyChart(measured, load.title));
    options.progress(`concurrency: wrote ${path.relative(root, CHART_FILE)}`);
  }
  return report;
}

/** Starts one model and checks that it serves the page; a failure becomes the entry's `problem`. */
async function start(entry: Measured, options: BenchOptions): Promise<ServerProcess | undefined> {
  const { contender } = entry;
  options.progress(`${contender.name}: starting`);
  const port = await freePort();
  const server = startServer(launch(contender, port), port);
  try {
    await server.ready(15_000);
    // Every worker must be ready, not just the first: ask a few times, on a new connection each.
    for (let i = 0; i < 4; i++) {
      const status = await statusOf(server.url('/'));
      if (status !== 200) throw new Error(`GET / answered ${status}, not 200`);
    }
    return server;
  } catch (error) {
    entry.problem = `not measured: ${(error as Error).message}`;
    options.progress(`${contender.name}: ${entry.problem}`);
    await server.stop();
    return undefined;
  }
}

/**
 * The status of one GET on a connection of its own that closes afterwards (agent: false). A
 * kept-alive connection left in a pool would hold the one-at-a-time server all to itself.
 */
function statusOf(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent: false, timeout: 10_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 10 s')));
    request.on('error', reject);
  });
}
