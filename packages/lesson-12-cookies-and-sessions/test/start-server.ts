/**
 * Starts the board inside the test process, on a port the system picks, with a board file of its
 * own in a fresh temporary folder. No fixed port and no shared file, so tests never clash with
 * each other or with a board you left running.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { listenForTests, type Address } from '@workbook/testkit';
import { createServer, type BoardServerOptions } from '../src/server.ts';

export interface RunningBoard {
  address: Address;
  /** The name BOARD_ADMIN would hold: `admin`, unless the options say otherwise. Not signed up yet. */
  admin: string | undefined;
  /** `http://127.0.0.1:54321`: what a browser sends as Origin for a form on this board. */
  origin: string;
  file: string;
  stop(): Promise<void>;
}

/** A board file path in a new temporary folder; `remove` deletes the folder again. */
export function tempBoardFile(): { file: string; folder: string; remove(): void } {
  const folder = mkdtempSync(path.join(tmpdir(), 'workbook-board-sessions-'));
  return { file: path.join(folder, 'messages.jsonl'), folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/**
 * Starts a board on `options.file`, or on a file of its own that `stop()` deletes, with `admin` as
 * its admin name unless the options say otherwise.
 */
export async function startBoard(options: BoardServerOptions = {}): Promise<RunningBoard> {
  const own = options.file === undefined ? tempBoardFile() : undefined;
  const file = own ? own.file : (options.file ?? '');
  const admin = 'admin' in options ? options.admin : 'admin';
  const { address, stop } = await listenForTests(createServer({ log: false, ...options, admin, file }));
  return {
    address,
    admin,
    origin: `http://127.0.0.1:${address.port}`,
    file,
    async stop() {
      await stop();
      own?.remove();
    },
  };
}
