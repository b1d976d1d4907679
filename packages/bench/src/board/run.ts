/**
 * The board benchmark from end to end: give each board a fresh file of 100 messages, start them,
 * measure page views in turns, then posts in turns, stop them, look at the files, and write the
 * report.
 *
 * Page views come first, all of them, because every post makes the page longer: measured after a
 * few thousand posts, the page would be a different page for each board. The boards are started
 * once and measured in turns (A B, A B, ...), as in the handler benchmark: a board waiting for its
 * turn uses no CPU, and a busy moment on the machine slows both boards' runs alike.
 */
import { mkdtempSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { atExit, freePort } from '@workbook/testkit';
import type { BenchOptions } from '../benchmark.ts';
import { chooseLoadGenerator } from '../load-generator.ts';
import type { LoadGenerator } from '../load.ts';
import { describeDate, describeLoad, describeMachine } from '../machine.ts';
import { pinningNote } from '../pinning.ts';
import { startServer, type ServerProcess } from '../server-process.ts';
import { formatSeconds, sizeLabel } from '../table.ts';
import { BOARD_SERVERS, launch } from './contenders.ts';
import { FORM_TYPE, formBody, POSTED_MESSAGE, PRELOADED, seedBoard } from './messages.ts';
import { postLoad } from './post-load.ts';
import { renderBoardReport, type BoardFile, type BoardMeasurement } from './report.ts';

/** Keep-alive clients asking for the page: enough to keep either board busy. */
export const PAGE_CONNECTIONS = 50;
/**
 * Keep-alive clients posting: a very busy board. The lesson writes one post after the other, so
 * a post waits for those ahead of it; with more clients, its latency grows and its rate does not.
 */
export const POST_CONNECTIONS = 10;
const POST_PATH = '/messages';

interface Entry {
  measurement: BoardMeasurement;
  boardFile: string;
  running?: ServerProcess;
}

export async function runBoard(options: BenchOptions): Promise<string> {
  const load = chooseLoadGenerator(options.load);
  const folder = mkdtempSync(path.join(tmpdir(), 'workbook-bench-board-'));
  const forgetFolder = atExit(() => rmSync(folder, { recursive: true, force: true }));
  const body = formBody(POSTED_MESSAGE);
  const entries: Entry[] = BOARD_SERVERS.map((server, index) => ({
    measurement: { server, pages: [], posts: [], answeredPosts: 0 },
    boardFile: path.join(folder, `board-${index + 1}.jsonl`),
  }));
  let pageBytes = 0;
  try {
    const posts = postLoad(load, body, folder);
    try {
      for (const entry of entries) {
        writeFileSync(entry.boardFile, seedBoard());
        const bytes = await start(entry, options);
        pageBytes ||= bytes ?? 0;
      }
      await inTurns(entries, 'page views', options, async (entry, durationMs, measured) => {
        const result = await load.requests({ url: entry.running!.url('/'), connections: PAGE_CONNECTIONS, durationMs });
        if (measured) entry.measurement.pages.push(result);
      });
      for (const entry of entries.filter((candidate) => candidate.running)) await checkPost(entry, body, options);
      await inTurns(entries, 'posts', options, async (entry, durationMs, measured) => {
        const result = await posts({ url: entry.running!.url(POST_PATH), connections: POST_CONNECTIONS, durationMs });
        // Warm-up posts are saved too, so they count when the file is checked.
        entry.measurement.answeredPosts += result.requests - result.errors;
        if (measured) entry.measurement.posts.push(result);
      });
    } finally {
      await Promise.all(entries.map((entry) => entry.running?.stop()));
    }
    for (const entry of entries) {
      if (entry.measurement.server.writesFile) entry.measurement.file = readBoardFile(entry.boardFile);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
    forgetFolder();
  }

  return renderBoardReport(
    entries.map((entry) => entry.measurement),
    {
      header: header(load, options, pageBytes, body),
      command: options.command,
      caveats: [...(onTmpfs(tmpdir()) ? [TMPFS_CAVEAT] : []), ...(load.caveat ? [load.caveat] : [])],
    },
  );
}

type Measure = (entry: Entry, durationMs: number, measured: boolean) => Promise<void>;

/** A warm-up for each board still running, unless there is none, then `runs` rounds, the boards in turns. */
async function inTurns(entries: readonly Entry[], what: string, options: BenchOptions, measure: Measure): Promise<void> {
  const running = () => entries.filter((entry) => entry.running);
  const say = (entry: Entry, when: string) => options.progress(`${entry.measurement.server.name}: ${what}, ${when}`);
  if (options.warmupMs > 0) {
    for (const entry of running()) {
      say(entry, 'warming up');
      await measure(entry, options.warmupMs, false);
    }
  }
  for (let round = 1; round <= options.runs; round++) {
    for (const entry of running()) {
      say(entry, `run ${round} of ${options.runs}`);
      await measure(entry, options.durationMs, true);
    }
  }
}

function header(load: LoadGenerator, options: BenchOptions, pageBytes: number, body: string): string[] {
  const seconds = (ms: number) => formatSeconds(load.runLengthMs(ms));
  const warmup = options.warmupMs > 0 ? `after ${seconds(options.warmupMs)} of warm-up each` : 'without warm-up';
  const shown = body.length > 40 ? `${body.slice(0, 40)}...` : body;
  return [
    '## board: page views and durable posts',
    '',
    `- Date: ${describeDate()}`,
    `- Machine: ${[describeMachine(), describeLoad()].filter(Boolean).join('; ')}`,
    `- Load generator: ${load.title}; ${pinningNote()}`,
    `- Page views: ${PAGE_CONNECTIONS} keep-alive connections asking for GET / (a ${sizeLabel(pageBytes)} page of ${PRELOADED} messages)`,
    `- Posts: ${POST_CONNECTIONS} keep-alive connections sending POST ${POST_PATH}, ${FORM_TYPE}, \`${shown}\` (${Buffer.byteLength(body)} bytes), no Origin header`,
    `- Runs: ${options.runs} runs of ${seconds(options.durationMs)} per board for page views, then as many for posts, taken in turns, ${warmup}; all on 127.0.0.1`,
    `- Board files: fresh ones in ${tmpdir()}, ${PRELOADED} messages each to start with`,
  ];
}

/**
 * Starts one board and checks that it shows the board it was given; resolves with the page's size.
 * A failure becomes the board's `problem`, and the benchmark goes on without it.
 */
async function start(entry: Entry, options: BenchOptions): Promise<number | undefined> {
  options.progress(`${entry.measurement.server.name}: starting`);
  const port = await freePort();
  const running = startServer(launch(entry.measurement.server, entry.boardFile, port), port);
  entry.running = running;
  try {
    await running.ready(15_000);
    const page = await ask(running.url('/'), 'GET');
    if (page.status !== 200) throw new Error(`GET / answered ${page.status}, not 200`);
    const shown = page.body.split('<li>').length - 1;
    if (shown !== PRELOADED) throw new Error(`GET / showed ${shown} messages, not the ${PRELOADED} in its board file`);
    return Buffer.byteLength(page.body);
  } catch (error) {
    await giveUp(entry, `not measured: ${(error as Error).message}`, options);
    return undefined;
  }
}

/** One post before the load: a board that does not answer 303 would be fast for the wrong reason. */
async function checkPost(entry: Entry, body: string, options: BenchOptions): Promise<void> {
  try {
    const answer = await ask(entry.running!.url(POST_PATH), 'POST', body);
    if (answer.status !== 303 || answer.location !== '/') {
      throw new Error(`a post answered ${answer.status}${answer.location ? ` to ${answer.location}` : ''}, not 303 to /: ${answer.body.slice(0, 80)}`);
    }
    entry.measurement.answeredPosts += 1;
  } catch (error) {
    await giveUp(entry, `posts not measured: ${(error as Error).message}`, options);
  }
}

async function giveUp(entry: Entry, problem: string, options: BenchOptions): Promise<void> {
  entry.measurement.problem = problem;
  options.progress(`${entry.measurement.server.name}: ${problem}`);
  await entry.running?.stop();
  delete entry.running;
}

interface Answer {
  status: number;
  location: string | undefined;
  body: string;
}

/**
 * One request on a connection of its own, with no headers but the ones set here: no Origin, as
 * from curl or the load generators (fetch may add headers a browser would send).
 */
function ask(url: string, method: 'GET' | 'POST', body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = body === undefined ? {} : { 'Content-Type': FORM_TYPE, 'Content-Length': Buffer.byteLength(body) };
    const request = http.request(url, { method, headers, agent: false, timeout: 10_000 }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, location: response.headers.location, body: text }));
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 10 s')));
    request.on('error', reject);
    request.end(body);
  });
}

/** The file's size, and its lines: one message each. */
function readBoardFile(file: string): BoardFile | undefined {
  try {
    const text = readFileSync(file, 'utf8');
    return { bytes: statSync(file).size, messages: text.split('\n').filter((line) => line.trim() !== '').length };
  } catch {
    return undefined;
  }
}

const TMPFS_MAGIC = 0x01021994;
const TMPFS_CAVEAT =
  'The board files were on tmpfs, a file system in memory, where fsync has no disk to wait for: the posts were not ' +
  'really durable, and were faster than they would be on a disk. Set TMPDIR to a folder on a disk and run again.';

/** Whether `folder` is on tmpfs (Linux only; elsewhere, as far as this can tell, it is not). */
function onTmpfs(folder: string): boolean {
  try {
    return process.platform === 'linux' && statfsSync(folder).type === TMPFS_MAGIC;
  } catch {
    return false;
  }
}
