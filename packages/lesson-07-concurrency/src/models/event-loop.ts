/**
 * The event loop: one process, one thread, every connection at once.
 *
 * This is Node's own model, and the counterpart of the source material's non-blocking loop, of gevent
 * and of epoll. The operating system watches all the sockets (epoll on Linux, kqueue on macOS,
 * IOCP on Windows) and wakes the one thread whenever any of them has bytes. The thread runs our
 * code for that socket until it has to wait (an `await`), and then serves whichever socket is
 * ready next. Nobody waits for a slow client, because no code ever sits blocked on one.
 *
 * The catch: there is only the one thread. Code that computes for a long time without an `await`
 * holds up every connection at once.
 */
import net from 'node:net';
import { serveConnection } from '../connection.ts';
import { listen } from '../listen.ts';
import type { ServerOptions } from '../options.ts';

export async function listenWithEventLoop(port: number, options: ServerOptions): Promise<net.Server> {
  // allowHalfOpen: a client may close its sending side right after its request and still wait
  // for the answer; we decide when our side closes.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    // No `await`: this callback returns at once, and the next connection is let in while this one
    // is still waiting for its bytes.
    void serveConnection(socket, options);
  });
  await listen(server, port, options.host);
  return server;
}
