/**
 * The servers the concurrency benchmark compares: lesson 7's one file server, started in each of
 * its models, the way `pnpm --filter lesson-07-concurrency start -- --model <name>` starts it.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerLaunch } from '../server-process.ts';
import { root } from '@workbook/course';

export const LESSON_DIR = path.join(root, 'packages', 'lesson-07-concurrency');
export const LESSON_MAIN = path.join(LESSON_DIR, 'src', 'main.ts');

/** Processes and threads: two, one per core of the smallest machine the workbook supports. */
export const WORKERS = 2;

export interface Contender {
  /** The name in the tables and the chart. */
  name: string;
  /** What `--model` and the other flags start. */
  flags: string[];
  /** One line for the notes under the tables. */
  about: string;
}

export const BASELINE = 'event loop';

export const CONTENDERS: Contender[] = [
  {
    name: 'one at a time',
    flags: ['--model', 'one-at-a-time', '--close'],
    about:
      'a loop that serves one connection to its end before it takes the next. Run with --close (one request per connection, ' +
      "like the source material's first server): with keep-alive it would serve the load generator's first connection for the whole run and none of the others",
  },
  { name: 'processes', flags: ['--model', 'processes', '--workers', String(WORKERS)], about: `node:cluster, ${WORKERS} worker processes each running the event loop` },
  { name: 'threads', flags: ['--model', 'threads', '--workers', String(WORKERS)], about: `one event loop for the sockets, ${WORKERS} worker threads reading the files` },
  { name: BASELINE, flags: ['--model', 'event-loop'], about: "Node's own model: one thread, every connection at once, keep-alive" },
  { name: 'event loop, --close', flags: ['--model', 'event-loop', '--close'], about: 'the same, hanging up after every response: a new TCP connection for every request' },
];

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export function launch(contender: Contender, port: number): ServerLaunch {
  return {
    command: process.execPath,
    args: ['--import', tsx, LESSON_MAIN, ...contender.flags, '--quiet'],
    cwd: LESSON_DIR,
    env: { PORT: String(port), HOST: '127.0.0.1' },
  };
}
