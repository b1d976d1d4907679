/**
 * Step 5: more cores. Lesson 7's processes model (node:cluster) applied to step 4's server.
 *
 * One Node process runs JavaScript on one core at a time. With step 4 that core is the limit: the
 * disk is not touched, the bytes are in memory, and the server is busy parsing requests and
 * writing answers. So the primary process starts N workers, each a full copy of step 4 with its
 * own event loop and its own cache, all on the same port; the primary accepts the connections
 * and hands them to the workers in turn.
 *
 * It helps when there are idle cores. On a 2-core machine with the load generator on one core,
 * there is one core for the server either way, and two workers only take turns on it, each with
 * its own memory: measure before you believe it (`pnpm bench fast`).
 *
 * The primary also looks after its workers: one that dies is replaced, and SIGINT (Ctrl+C) or
 * SIGTERM stops them all before the primary itself ends, so no worker is left holding the port.
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';

export interface ClusterOptions {
  port: number;
  host: string;
  siteDir: string;
  workers: number;
  /** Where the primary says what happens to its workers. */
  say: (line: string) => void;
}

/** Resolves once every worker listens; rejects if one exits first (the port was taken, say). */
export async function listenWithCluster({ port, host, siteDir, workers: count, say }: ClusterOptions): Promise<Worker[]> {
  // The workers inherit how we were started (`node --import tsx`), so they can run a .ts file.
  cluster.setupPrimary({ exec: fileURLToPath(new URL('./worker.ts', import.meta.url)) });
  const env = { PORT: String(port), HOST: host, SITE_DIR: siteDir };
  let stopping = false;
  // Only a worker that got as far as listening is replaced when it dies.
  const listened = new WeakSet<Worker>();

  const start = (): Worker => {
    const worker = cluster.fork(env);
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      // A worker that never listened would die again the same way: replacing it would loop.
      if (!listened.has(worker)) {
        say(`Worker ${worker.process.pid} exited (${signal ?? `code ${code}`}) before it listened; not starting another.`);
        return;
      }
      const next = start();
      say(`Worker ${worker.process.pid} stopped (${signal ?? `code ${code}`}); worker ${next.process.pid} takes its place.`);
    });
    worker.once('listening', () => listened.add(worker));
    return worker;
  };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopping = true;
      void stopAll().then(() => process.exit(0));
    });
  }

  const workers = Array.from({ length: count }, start);
  try {
    await Promise.all(workers.map(listening));
    // Their process ids, so you can `kill` one and watch it being replaced.
    say(`Worker processes ${workers.map((worker) => worker.process.pid).join(', ')} are listening.`);
  } catch (error) {
    stopping = true;
    await stopAll();
    throw error;
  }
  return workers;
}

function listening(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.once('listening', () => resolve());
    worker.once('exit', (code) => reject(new Error(`Worker process ${worker.process.pid} exited with code ${code} before it listened.`)));
  });
}

/** SIGTERM to every worker (each writes out its log and ends), then wait until all are gone. */
async function stopAll(): Promise<void> {
  const alive = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined && !worker.isDead());
  await Promise.all(
    alive.map(
      (worker) =>
        new Promise<void>((resolve) => {
          worker.once('exit', () => resolve());
          worker.process.kill('SIGTERM');
        }),
    ),
  );
}
