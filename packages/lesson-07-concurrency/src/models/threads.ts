/**
 * Worker threads (node:worker_threads): the source material's multithreaded server, as far as Node allows.
 *
 * In Python each thread took one client and blocked on its socket. Node cannot do that: a socket
 * belongs to the thread that accepted it and cannot be handed to another thread (cluster can only
 * hand them to other processes), and threads cannot share a listening port. So the sockets stay
 * here, on the main thread's event loop, and the threads get the part that is not I/O: turning a
 * request into a reply (here, finding and reading the file). The main thread sends them the
 * request as a message and writes the reply they send back.
 *
 * That pays when a reply takes real computing (a template, compression, an image). For a small
 * file, the two messages cost about what they save: see `pnpm bench concurrency`.
 */
import net from 'node:net';
import { Worker } from 'node:worker_threads';
import { serveConnection } from '../connection.ts';
import { listen } from '../listen.ts';
import type { ServerOptions } from '../options.ts';
import type { Reply } from '../reply.ts';
import type { FileRequest } from '../site.ts';

export async function listenWithThreads(port: number, options: ServerOptions): Promise<net.Server> {
  const pool = new ThreadPool(options.workers, options.siteDir);
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    void serveConnection(socket, options, (request) => pool.run(request));
  });
  await listen(server, port, options.host);
  return server;
}

/** What travels between the threads: structured-cloneable data only, no sockets, no functions. */
export interface Job {
  id: number;
  request: FileRequest;
}
export interface Done {
  id: number;
  reply: Reply;
}

/** N threads, each given the next job in turn. */
class ThreadPool {
  readonly #threads: Worker[];
  readonly #siteDir: string;
  readonly #waiting = new Map<number, { thread: Worker; resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  #nextId = 0;

  constructor(size: number, siteDir: string) {
    this.#siteDir = siteDir;
    this.#threads = Array.from({ length: size }, (_, slot) => this.#start(slot));
  }

  run(request: FileRequest): Promise<Reply> {
    const id = this.#nextId++;
    const thread = this.#threads[id % this.#threads.length];
    return new Promise((resolve, reject) => {
      if (!thread) return reject(new Error('The pool has no threads.'));
      this.#waiting.set(id, { thread, resolve, reject });
      thread.postMessage({ id, request } satisfies Job);
    });
  }

  #start(slot: number): Worker {
    // thread-worker.mjs is a plain JavaScript door into thread-worker.ts: that file says why.
    const thread = new Worker(new URL('./thread-worker.mjs', import.meta.url), { workerData: { siteDir: this.#siteDir } });
    thread.on('message', ({ id, reply }: Done) => {
      const job = this.#waiting.get(id);
      this.#waiting.delete(id);
      // A Buffer arrives as a plain Uint8Array on this side: wrap it again, without copying.
      job?.resolve({ ...reply, body: Buffer.from(reply.body.buffer, reply.body.byteOffset, reply.body.byteLength) });
    });
    // A thread that crashes takes its unanswered jobs with it. Fail them, so that their clients
    // get a 500 instead of waiting, and start a new thread in its place.
    thread.on('error', (error) => {
      for (const [id, job] of this.#waiting) {
        if (job.thread !== thread) continue;
        this.#waiting.delete(id);
        job.reject(error);
      }
      this.#threads[slot] = this.#start(slot);
    });
    return thread;
  }
}
