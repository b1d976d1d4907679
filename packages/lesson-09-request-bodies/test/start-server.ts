/**
 * Starts a server inside the test process, on a port the system picks, quiet, with a short idle
 * timeout so the timeout tests finish quickly; and stops it again, connections and all. The
 * upload server gets a fresh folder of its own, removed afterwards.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { listenForTests, type ServerUnderTest } from '@workbook/testkit';
import { createServer } from '../src/upload-server.ts';

export const TEST_IDLE_TIMEOUT_MS = 300;

export type RunningServer = ServerUnderTest;

export const startServer = listenForTests;

export interface RunningUploadServer extends RunningServer {
  /** Where it stores uploads: a folder inside a parent of its own, so escapes can be looked for. */
  filesDir: string;
  /** Every file in filesDir, temporary ones included. */
  storedNames(): string[];
  /** Every file next to filesDir: where an escaping name would land. */
  namesBesideFilesDir(): string[];
  /** The log, without colours. */
  lines: string[];
}

export async function startUploadServer(options: { maxUploadBytes?: number } = {}): Promise<RunningUploadServer> {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'lesson-09-'));
  const filesDir = path.join(parent, 'files');
  const lines: string[] = [];
  const server = await listenForTests(createServer({ filesDir, log: (line) => lines.push(stripVTControlCharacters(line)), idleTimeoutMs: TEST_IDLE_TIMEOUT_MS, ...options }));
  return {
    ...server,
    filesDir,
    lines,
    storedNames: () => readdirSync(filesDir).sort(),
    namesBesideFilesDir: () => readdirSync(parent).filter((name) => name !== 'files'),
    async stop() {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}
