/**
 * Starts the file server inside the test process, on a port the system picks, and stops it
 * again. No fixed port, so the tests never clash with a server you left running.
 */
import { listenForTests, type ServerUnderTest } from '@workbook/testkit';
import { createServer, type FileServerOptions } from '../src/server.ts';

export type RunningServer = ServerUnderTest;

export function startServer(options: FileServerOptions = {}): Promise<RunningServer> {
  // Quiet unless a test asks for the log: a line per request would bury the test report.
  return listenForTests(createServer({ log: false, ...options }));
}
