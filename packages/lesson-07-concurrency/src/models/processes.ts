/**
 * Several processes (node:cluster): the source material's multiprocessing server, Node style.
 *
 * The primary process starts N workers, each a separate copy of Node with its own memory and its
 * own event loop, each running the event-loop server (process-worker.ts). They all listen on the
 * same port: the primary holds the real listening socket, accepts each connection and passes it
 * to the workers in turn (round-robin; on Windows the operating system picks).
 *
 * What it buys: N threads of JavaScript on N cores, and a crash that takes down one worker's
 * connections instead of all of them. What it costs: N times the memory, and nothing shared: a
 * count or a cache in one worker is invisible to the others.
 */
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import type { ServerOptions } from '../options.ts';

export async function listenWithProcesses(port: number, options: ServerOptions): Promise<void> {
  cluster.setupPrimary({ exec: fileURLToPath(new URL('./process-worker.ts', import.meta.url)) });
  // A worker learns its settings from its environment, like any program started with PORT. JSON
  // carries data only: a `log` function stays behind, and the workers print to the terminal.
  const env = { PORT: String(port), SERVER_OPTIONS: JSON.stringify(options) };
  const workers = Array.from({ length: options.workers }, () => cluster.fork(env));
  await Promise.all(workers.map(listening));
}

/** Resolves when the worker listens; rejects if it exits first (the port was taken, say). */
function listening(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.once('listening', () => resolve());
    worker.once('exit', (code) => reject(new Error(`Worker process ${worker.process.pid} exited with code ${code} before it listened.`)));
  });
}
