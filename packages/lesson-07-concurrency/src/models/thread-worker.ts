/**
 * What each worker thread runs: wait for a job, serve the file, send the reply back. No sockets
 * here; this thread never sees a client.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serveFile } from '../site.ts';
import type { Done, Job } from './threads.ts';

const { siteDir } = workerData as { siteDir: string };

parentPort?.on('message', async ({ id, request }: Job) => {
  const reply = await serveFile(request, siteDir);
  parentPort?.postMessage({ id, reply } satisfies Done);
});
