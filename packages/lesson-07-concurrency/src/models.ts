/**
 * The four ways of serving many clients that this lesson compares, by the name `--model` takes.
 * Each lives in its own file under models/; they share everything else.
 */
import { listenWithEventLoop } from './models/event-loop.ts';
import { listenOneAtATime } from './models/one-at-a-time.ts';
import { listenWithProcesses } from './models/processes.ts';
import { listenWithThreads } from './models/threads.ts';
import type { ServerOptions } from './options.ts';

export interface Model {
  /** One line for the terminal, saying how this model serves its clients. */
  describe(options: ServerOptions): string;
  listen(port: number, options: ServerOptions): Promise<unknown>;
}

export const MODELS = {
  'one-at-a-time': {
    describe: () => 'one connection at a time: the others wait their turn',
    listen: listenOneAtATime,
  },
  processes: {
    describe: ({ workers }) => `${workers} processes (node:cluster), each with its own event loop`,
    listen: listenWithProcesses,
  },
  threads: {
    describe: ({ workers }) => `one event loop for the sockets, ${workers} worker threads to prepare the replies`,
    listen: listenWithThreads,
  },
  'event-loop': {
    describe: () => 'one thread, one event loop, every connection at once',
    listen: listenWithEventLoop,
  },
} satisfies Record<string, Model>;

export type ModelName = keyof typeof MODELS;

export const MODEL_NAMES = Object.keys(MODELS) as ModelName[];

export function isModelName(name: string): name is ModelName {
  return Object.hasOwn(MODELS, name);
}
