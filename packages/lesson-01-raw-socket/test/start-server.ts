/**
 * Starts the lesson's server inside the test process, on a free port, quiet, with a short idle
 * timeout so the timeout tests finish quickly.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { Address } from '@workbook/testkit';
import { createServer } from '../src/server.ts';

export const TEST_IDLE_TIMEOUT_MS = 200;

export interface RunningServer {
  address: Address;
  stop: () => Promise<void>;
}

export async function startServer(): Promise<RunningServer> {
  const server = createServer({ idleTimeoutMs: TEST_IDLE_TIMEOUT_MS, log: false });
  // Port 0 asks the operating system for any free port, so tests never fight over one.
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    address: { host: '127.0.0.1', port },
    // close() waits for open connections; the idle timeout guarantees they all end.
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A path no hard-coded reply could guess. */
export function randomPath(): string {
  return `/hello-${Math.random().toString(36).slice(2, 10)}`;
}
