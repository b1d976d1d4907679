/** server.listen as a promise: resolves once listening, rejects with EADDRINUSE and the like. */
import { once } from 'node:events';
import type net from 'node:net';

export async function listen(server: net.Server, port: number, host?: string): Promise<void> {
  server.listen(port, host);
  // once() rejects if 'error' comes first: the port is taken, or not ours to use.
  await once(server, 'listening');
}
