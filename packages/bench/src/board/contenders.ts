/**
 * The boards the board benchmark compares, and how to start each one on a port with its own board
 * file: lesson 5 as its `start` script runs it, and an in-memory node:http board that shows what
 * the lesson would do without the disk.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ServerLaunch } from '../server-process.ts';
import { root } from '@workbook/course';

export interface BoardServer {
  /** The name in the table. */
  name: string;
  /** One line for the notes under the table. */
  about: string;
  /** The TypeScript file to run with tsx. */
  file: string;
  /** Whether a post ends up in the board file (the lesson's), or only in memory. */
  writesFile: boolean;
}

export const LESSON_MAIN = path.join(root, 'packages', 'lesson-05-message-board', 'src', 'main.ts');

export const LESSON_BOARD: BoardServer = {
  name: 'lesson 5',
  about:
    'the lesson as `pnpm --filter lesson-05-message-board start` runs it (src/main.ts): every post is checked, appended to ' +
    'the board file and fsynced before its 303, one post after the other; every request is logged (to /dev/null here)',
  file: LESSON_MAIN,
  writesFile: true,
};

export const IN_MEMORY_BOARD: BoardServer = {
  name: 'in-memory node:http',
  about:
    "the same page (the lesson's renderBoard), the messages in an array: a post is pushed and answered 303 at once, " +
    'nothing written, nothing checked, no log (packages/bench/src/servers/in-memory-board.ts): a post without the disk',
  file: fileURLToPath(new URL('../servers/in-memory-board.ts', import.meta.url)),
  writesFile: false,
};

/** The lesson first: the others are divided by it. */
export const BOARD_SERVERS: readonly BoardServer[] = [LESSON_BOARD, IN_MEMORY_BOARD];

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

export function launch(server: BoardServer, boardFile: string, port: number): ServerLaunch {
  return {
    command: process.execPath,
    args: ['--import', tsx, server.file],
    cwd: path.dirname(path.dirname(server.file)),
    env: { PORT: String(port), BOARD_FILE: boardFile },
  };
}
