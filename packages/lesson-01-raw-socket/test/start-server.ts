/**
 * Starts the lesson's server inside the test process, on a free port, quiet (unless the test
 * passes a log of its own), with a short idle timeout so the timeout tests finish quickly.
 */
import { listenForTests, type ServerUnderTest } from '@workbook/testkit';
import { createServer, type ServerOptions } from '../src/server.ts';

export const TEST_IDLE_TIMEOUT_MS = 200;

export type RunningServer = ServerUnderTest;

export function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  return listenForTests(createServer({ idleTimeoutMs: TEST_IDLE_TIMEOUT_MS, log: false, ...options }));
}

/** A path no hard-coded reply could guess. */
export function randomPath(): string {
  return `/hello-${Math.random().toString(36).slice(2, 10)}`;
}
