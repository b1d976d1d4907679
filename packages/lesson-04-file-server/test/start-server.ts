/**
 * Starts the file server inside the test process, on a port the system picks, and stops it
 * again. No fixed port, so the tests never clash with a server you left running.
 */
import type http from 'node:http';
import { listenForTests, type ServerUnderTest } from '@workbook/testkit';
import { createServer, type FileServerOptions } from '../src/server.ts';

export type RunningServer = ServerUnderTest;

/** Anything that makes a file server from the same options as lesson 4's createServer. */
export type CreateFileServer = (options: FileServerOptions) => http.Server;

let serverUnderTest: CreateFileServer = createServer;

/**
 * Lesson 14 makes this server fast, step by step, and every step must still pass every test in
 * this folder. Rather than copy the tests, its test files call this with a step's createServer
 * and then import ours: the same tests, run against the faster server. Lesson 4's own test runs
 * never call it, so here they test lesson 4.
 */
export function setServerUnderTest(create: CreateFileServer): void {
  serverUnderTest = create;
}

/** Quiet unless a test asks for the log: a line per request would bury the test report. */
export function startServer(options: FileServerOptions = {}): Promise<RunningServer> {
  return listenForTests(serverUnderTest({ log: false, ...options }));
}
