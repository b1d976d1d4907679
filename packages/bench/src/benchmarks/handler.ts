/**
 * `pnpm bench handler`: lesson 6's own HTTP library (a parser written in TypeScript) and lesson 2's
 * happy server (node:http) against a bare node:http hello (llhttp, written in C) and a node:net
 * loop that parses nothing, all answering the same keep-alive "hello" over and over.
 *
 * The two lessons run as shipped, request log on. Their output goes to a pipe that this benchmark
 * reads and throws away, as a terminal, `| tee` or a log collector would: a log sent to /dev/null
 * costs nothing to write, and that would hide what the log costs.
 *
 * The servers are started together and measured in turns (A B C D, A B C D, ...) rather than one
 * after the other. A server waiting for its turn uses no CPU, and when something else on the
 * machine slows a stretch of the benchmark down, it slows every server's runs alike instead of
 * all the runs of one of them.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort } from '@workbook/testkit';
import { defineBenchmark, type BenchOptions } from '../benchmark.ts';
import { chooseLoadGenerator } from '../load-generator.ts';
import type { LoadResult, LoadSpec } from '../load.ts';
import { describeDate, describeLoad, describeMachine } from '../machine.ts';
import { pinningNote } from '../pinning.ts';
import { type ServerLaunch, type ServerProcess, startServer } from '../server-process.ts';
import { spread } from '../statistics.ts';
import { formatNumber, formatRatio, formatSpread, renderTable } from '../table.ts';
import { root } from '@workbook/course';

/** Keep-alive clients at once: enough to keep any of these servers busy. */
const CONNECTIONS = 50;
const HAPPY_BODY = 'I am the happy server! :-)';

interface HelloServer {
  name: string;
  about: string;
  /** The TypeScript file to run with tsx, the way each lesson's `start` script runs it. */
  file: string;
  /** It logs every request: its stdout goes to a pipe the benchmark reads, instead of nowhere. */
  logs?: boolean;
}

const servers = (): HelloServer[] => [
  {
    name: 'lesson 2',
    about: 'the happy server as `pnpm --filter lesson-02-happy-server start` runs it (src/main.ts), logging every request to a pipe the benchmark reads',
    file: path.join(root, 'packages', 'lesson-02-happy-server', 'src', 'main.ts'),
    logs: true,
  },
  {
    name: 'lesson 6',
    about: 'the lesson as `pnpm --filter lesson-06-handler-api start` runs it (src/main.ts), logging every request to a pipe the benchmark reads',
    file: path.join(root, 'packages', 'lesson-06-handler-api', 'src', 'main.ts'),
    logs: true,
  },
  {
    name: 'lesson 6, log off',
    about: 'the same server with its log turned off (packages/bench/src/servers/lesson-06-quiet.ts): the library alone',
    file: benchServer('lesson-06-quiet.ts'),
  },
  {
    name: 'node:http',
    about: 'a bare node:http hello (packages/bench/src/servers/hello-node-http.ts): the yardstick',
    file: benchServer('hello-node-http.ts'),
  },
  {
    name: 'node:net reply loop',
    about: 'a canned reply for every "\\r\\n\\r\\n" received, no parsing (packages/bench/src/servers/hello-node-net.ts): the ceiling',
    file: benchServer('hello-node-net.ts'),
  },
];

const BASELINE = 'node:http';

function benchServer(file: string): string {
  return fileURLToPath(new URL(`../servers/${file}`, import.meta.url));
}

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Contender {
  server: HelloServer;
  running?: ServerProcess;
  /** Lines read from the server's stdout: with the log on, about one per request. */
  logLines: number;
  problem?: string;
  runs: LoadResult[];
}

async function run(options: BenchOptions): Promise<string> {
  const load = chooseLoadGenerator(options.load);
  const contenders: Contender[] = servers().map((server) => ({ server, logLines: 0, runs: [] }));
  try {
    for (const contender of contenders) await start(contender, options);
    const ready = contenders.filter((contender) => contender.running);
    const spec = (contender: Contender, durationMs: number): LoadSpec => ({ url: contender.running!.url('/'), connections: CONNECTIONS, durationMs });

    if (options.warmupMs > 0) {
      for (const contender of ready) {
        options.progress(`${contender.server.name}: warming up`);
        await load.requests(spec(contender, options.warmupMs));
      }
    }
    for (let round = 1; round <= options.runs; round++) {
      for (const contender of ready) {
        options.progress(`${contender.server.name}: run ${round} of ${options.runs}`);
        contender.runs.push(await load.requests(spec(contender, options.durationMs)));
      }
    }
  } finally {
    await Promise.all(contenders.map((contender) => contender.running?.stop()));
  }

  const seconds = (ms: number) => `${formatNumber(ms / 1000)} s`;
  return [
    '## handler: the happy server (lesson 2) and a hand-written HTTP library (lesson 6) against node:http',
    '',
    `- Date: ${describeDate()}`,
    `- Machine: ${[describeMachine(), describeLoad()].filter(Boolean).join('; ')}`,
    `- Load generator: ${load.title}; ${pinningNote()}`,
    `- Load: ${CONNECTIONS} keep-alive connections asking for GET / (a ${Buffer.byteLength(HAPPY_BODY)}-byte answer); ` +
      `${options.runs} runs of ${seconds(load.runLengthMs(options.durationMs))} per server, taken in turns` +
      `${options.warmupMs > 0 ? `, after ${seconds(load.runLengthMs(options.warmupMs))} of warm-up each` : ', without warm-up'}; all on 127.0.0.1`,
    '',
    table(contenders),
    '',
    `Each figure is the median of the runs, with the lowest and highest in brackets; × is the ratio to ${BASELINE}'s median.`,
    '',
    'Servers:',
    ...contenders.map(
      ({ server, problem, logLines }) =>
        `- ${server.name}: ${server.about}${server.logs ? ` (${formatNumber(logLines)} lines read)` : ''}${problem ? `. **${problem}**` : ''}`,
    ),
    ...(load.caveat ? ['', `Note: ${load.caveat}`] : []),
    '',
    `Reproduce: \`${options.command}\``,
  ].join('\n');
}

/** Starts one server and checks it answers the happy sentence; a failure becomes its `problem`. */
async function start(contender: Contender, options: BenchOptions): Promise<void> {
  const { server } = contender;
  options.progress(`${server.name}: starting`);
  const port = await freePort();
  const launch: ServerLaunch = { command: process.execPath, args: ['--import', tsx, server.file], cwd: path.dirname(path.dirname(server.file)), env: { PORT: String(port) } };
  const running = startServer(launch, port, server.logs ? countLines(contender) : undefined);
  contender.running = running;
  try {
    await running.ready(15_000);
    const response = await fetch(running.url('/'), { signal: AbortSignal.timeout(10_000) });
    const body = await response.text();
    if (response.status !== 200 || body !== HAPPY_BODY) throw new Error(`GET / answered ${response.status} ${JSON.stringify(body.slice(0, 60))}, not the happy sentence`);
  } catch (error) {
    contender.problem = `not measured: ${(error as Error).message}`;
    options.progress(`${server.name}: ${contender.problem}`);
    await running.stop();
    delete contender.running;
  }
}

/** The server's stdout, piped to us and counted line by line as it comes. */
function countLines(contender: Contender): (chunk: Buffer) => void {
  return (chunk) => {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) contender.logLines += 1;
  };
}

function table(contenders: readonly Contender[]): string {
  const requestsPerSecond = (contender: Contender) => spread(contender.runs.map((result) => result.requests / result.seconds));
  const baseline = contenders.find((contender) => contender.server.name === BASELINE && contender.runs.length > 0);
  const base = baseline && requestsPerSecond(baseline).median;
  const rows = contenders.map((contender) => {
    if (contender.runs.length === 0) return [contender.server.name, '–', '–', '–', '–', '–'];
    const rate = requestsPerSecond(contender);
    return [
      contender.server.name,
      formatSpread(rate),
      formatRatio(rate.median, base),
      formatSpread(spread(contender.runs.map((result) => result.p50Ms))),
      formatSpread(spread(contender.runs.map((result) => result.p99Ms))),
      String(contender.runs.reduce((total, result) => total + result.errors, 0)),
    ];
  });
  return renderTable(['server', 'requests/s', `× ${BASELINE}`, 'p50 latency, ms', 'p99 latency, ms', 'errors'], rows);
}

export default defineBenchmark({
  name: 'handler',
  description: "lesson 2's happy server and lesson 6's hand-written HTTP library, log on, against node:http and a bare node:net reply loop (keep-alive hello)",
  run,
});
