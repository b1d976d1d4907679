/**
 * The five steps of this lesson, by the number `--step` takes. Steps 1 and 2 are lesson 4 itself,
 * with the request log of before and of now; each later step is a folder holding only what it
 * adds or changes.
 */
import type http from 'node:http';
import os from 'node:os';
import { createServer as createLesson4Server } from 'lesson-04-file-server/src/server.ts';
import { createServer as createCachingServer } from './3-cache/server.ts';
import { createServer as createSendingServer } from './4-sending/server.ts';
import { listenWithCluster } from './5-cores/cluster.ts';

export interface Settings {
  port: number;
  host: string;
  siteDir: string;
  /** Step 5 only: how many worker processes. */
  workers: number;
}

export interface Step {
  title: string;
  /** Resolves once the server listens. */
  listen(settings: Settings): Promise<unknown>;
}

export const STEPS = {
  '1': {
    title: 'lesson 4 with a console.log per request (the before)',
    listen: ({ port, host, siteDir }) => listen(createLesson4Server({ root: siteDir, log: console.log }), port, host),
  },
  '2': {
    title: 'lesson 4 as shipped: the request log written a batch at a time',
    listen: ({ port, host, siteDir }) => listen(createLesson4Server({ root: siteDir }), port, host),
  },
  '3': {
    title: 'caching what the file system said (src/3-cache)',
    listen: ({ port, host, siteDir }) => listen(createCachingServer({ root: siteDir }), port, host),
  },
  '4': {
    title: 'sending: one write for a small file, bigger pieces for a big one, precompressed siblings (src/4-sending)',
    listen: ({ port, host, siteDir }) => listen(createSendingServer({ root: siteDir }), port, host),
  },
  '5': {
    title: 'more cores: step 4 in worker processes sharing one port (src/5-cores)',
    listen: (settings) => listenWithCluster({ ...settings, say: console.log }),
  },
} satisfies Record<string, Step>;

export type StepNumber = keyof typeof STEPS;
export const STEP_NUMBERS = Object.keys(STEPS) as StepNumber[];

export function isStepNumber(text: string): text is StepNumber {
  return Object.hasOwn(STEPS, text);
}

/** One per CPU core: more than that only take turns on the same cores. */
export const DEFAULT_WORKERS = os.availableParallelism();

/** listen(), as a promise that fails with the error (EADDRINUSE) instead of crashing later. */
function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}
