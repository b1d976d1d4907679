/**
 * Starts a server inside the test process, on a port the system picks, quiet, with a short idle
 * timeout so the timeout tests finish quickly; and stops it again, connections and all.
 */
import { listenForTests, type ServerUnderTest } from '@workbook/testkit';

export const TEST_IDLE_TIMEOUT_MS = 300;

export type RunningServer = ServerUnderTest;

export const startServer = listenForTests;
