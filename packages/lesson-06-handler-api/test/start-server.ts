/**
 * Starts a server inside the test process, on a port the system picks, quiet, with a short idle
 * timeout so the timeout tests finish quickly; and stops it again, connections and all.
 */
import { once } from 'node:events';
import type net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Address } from '@workbook/testkit';

export const TEST_IDLE_TIMEOUT_MS = 300;

export interface RunningServer {
  address: Address;
  stop(): Promise<void>;
}

export async function startServer(server: net.Server): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Port 0 asks the operating system for any free port, so tests never fight over one.
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    address: { host: '127.0.0.1', port },
    async stop() {
      const closed = new Promise((resolve) => server.close(resolve));
      // close() alone would wait for every open connection to end by itself.
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
