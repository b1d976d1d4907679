/**
 * Starts the file server inside the test process, on a port the system picks, and stops it
 * again. No fixed port, so the tests never clash with a server you left running.
 */
import type { AddressInfo } from 'node:net';
import type { Address } from '@workbook/testkit';
import { createServer, type FileServerOptions } from '../src/server.ts';

export interface RunningServer {
  address: Address;
  stop(): Promise<void>;
}

export async function startServer(options: FileServerOptions = {}): Promise<RunningServer> {
  const server = createServer({ log: false, ...options });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: { host: '127.0.0.1', port },
    async stop() {
      const closed = new Promise((resolve) => server.close(resolve));
      // close() alone waits for idle keep-alive connections; the tests have no reason to.
      server.closeAllConnections();
      await closed;
    },
  };
}
