import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { request } from '@workbook/testkit';
import { postMessage, signedUp } from './board-client.ts';
import { startBoard, type RunningBoard } from './start-server.ts';

// Colours come and go with the terminal, so compare the text without them.
const plain = (lines: string[]) => lines.map((line) => stripVTControlCharacters(line));

let board: RunningBoard | undefined;
afterEach(async () => {
  await board?.stop();
  board = undefined;
  vi.restoreAllMocks();
});

describe('the log', () => {
  test('says which board file is used and who is admin, then one line per answered request with its status', async () => {
    const lines: string[] = [];
    board = await startBoard({ log: (line) => lines.push(line) });
    const user = await signedUp(board);
    await postMessage(user, 'hi');
    await request(board.address, { path: '/' });
    await request(board.address, { path: '/nothing-here' });
    const file = board.file;
    // A line is written once the answer has gone out, which may be a moment after it arrived here.
    await vi.waitFor(() =>
      expect(plain(lines)).toEqual([
        `board file: 0 accounts and 0 messages in ${file}`,
        'sessions: admin may clear the board; session cookies signed with a random secret made at start; sessions live in memory and end when the board stops',
        'POST /sign-up 303',
        'POST /messages 303',
        'GET / 200',
        'GET /nothing-here 404',
      ]),
    );
  });

  test('no cookie, no password and no session id ever reaches the log', async () => {
    const lines: string[] = [];
    board = await startBoard({ log: (line) => lines.push(line) });
    const user = await signedUp(board);
    await postMessage(user, 'hi');
    const id = user.cookie.split('=')[1]?.split('.')[0] ?? '';
    await vi.waitFor(() => expect(lines).toHaveLength(4));
    expect(lines.join('\n')).not.toContain(id);
    expect(lines.join('\n')).not.toContain('correct horse');
  });

  test('without an admin, the log says how to name one', async () => {
    const lines: string[] = [];
    board = await startBoard({ admin: undefined, log: (line) => lines.push(line) });
    expect(plain(lines)[1]).toContain('nobody may clear the board (set BOARD_ADMIN=<name>)');
  });

  test('log: false keeps the terminal quiet', async () => {
    const consoleLog = vi.spyOn(console, 'log').mockImplementation(() => {});
    board = await startBoard({ log: false });
    await postMessage(await signedUp(board), 'quiet');
    expect(consoleLog).not.toHaveBeenCalled();
  });
});
