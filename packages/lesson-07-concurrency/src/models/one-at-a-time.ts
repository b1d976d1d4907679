/**
 * One connection at a time: the source material's first server, a loop that accepts a client, serves it
 * to the end, and only then accepts the next.
 *
 * Node has no blocking accept(): it accepts every connection as soon as it arrives. So the honest
 * way to get the old loop back is to let the connections queue up unread. `pauseOnConnect` keeps
 * each new socket from reading anything (its bytes wait in the operating system's buffer, as they
 * would for a server that has not called accept() yet), and the loop below takes the sockets from
 * that queue one by one, awaiting each to the end.
 *
 * (Setting `server.maxConnections = 1` looks like the same thing, but is not: Node then closes
 * every connection beyond the first at once. Those clients are turned away, not kept waiting.)
 */
import { on } from 'node:events';
import net from 'node:net';
import { serveConnection } from '../connection.ts';
import { listen } from '../listen.ts';
import type { ServerOptions } from '../options.ts';

export async function listenOneAtATime(port: number, options: ServerOptions): Promise<net.Server> {
  const server = net.createServer({ pauseOnConnect: true, allowHalfOpen: true });
  void serveInTurn(server, options);
  await listen(server, port, options.host);
  return server;
}

async function serveInTurn(server: net.Server, options: ServerOptions): Promise<void> {
  // on() turns the 'connection' events into a queue we can loop over. Connections that arrive
  // while we are busy are kept in it, in order, until the loop comes back for them.
  for await (const [socket] of on(server, 'connection') as AsyncIterable<[net.Socket]>) {
    // serveConnection starts reading this socket, and everyone else waits here, unread: a slow
    // client, or a kept-alive one that is merely idle, holds the whole server until it finishes
    // or its idle timeout runs out.
    await serveConnection(socket, options);
  }
}
