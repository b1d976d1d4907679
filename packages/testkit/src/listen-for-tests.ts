/**
 * Starts a server inside the test process, on a port the system picks, and stops it again with
 * every connection it has open. A lesson's own tests use it; no fixed port, so tests never clash
 * with each other or with a server left running.
 */
import { once } from 'node:events';
import type net from 'node:net';
import type { Address } from './address.ts';

export interface ServerUnderTest {
  address: Address;
  stop(): Promise<void>;
}

export async function listenForTests(server: net.Server): Promise<ServerUnderTest> {
  // close() alone waits for every open connection (an idle keep-alive one, say) to end by itself.
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  return {
    address: { host: '127.0.0.1', port },
    async stop() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
