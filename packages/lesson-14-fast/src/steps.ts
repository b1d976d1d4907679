/**
 * The steps of this lesson that run in one process, by the number `--step` takes. Steps 1 and 2
 * are lesson 4 itself, with the request log of before and of now; each later step is a folder
 * holding only what it adds or changes. Step 5, several processes, is added by main.ts: a program
 * that imports node:cluster is run through tsx (its workers are .ts files), and tsx's loader would
 * add about 37 MB to the memory of steps 1 to 4. Without it here, `pnpm bench fast` can start
 * them from this file the way the kit starts every other lesson: built, with plain node.
 */
import type http from 'node:http';
import { createServer as createLesson4Server } from 'lesson-04-file-server/src/server.ts';
import { createServer as createCachingServer } from './3-cache/server.ts';
import { createServer as createSendingServer } from './4-sending/server.ts';

export interface Settings {
  port: number;
  host: string;
  siteDir: string;
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
} satisfies Record<string, Step>;

export type OneProcessStep = keyof typeof STEPS;

export function isOneProcessStep(text: string): text is OneProcessStep {
  return Object.hasOwn(STEPS, text);
}

/** listen(), as a promise that fails with the error (EADDRINUSE) instead of crashing later. */
function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}
