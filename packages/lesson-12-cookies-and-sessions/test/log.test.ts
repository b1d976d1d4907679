import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { request } from '@workbook/testkit';
import { postMessage } from './board-client.ts';
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
  test('says which board file is used, then one line per answered request with its status', async () => {
    const lines: string[] = [];
    board = await startBoard({ log: (line) => lines.push(line) });
    await postMessage(board, 'hi');
    await request(board.address, { path: '/' });
    await request(board.address, { path: '/nothing-here' });
    const file = board.file;
    // A line is written once the answer has gone out, which may be a moment after it arrived here.
    await vi.waitFor(() => expect(plain(lines)).toEqual([`board file: 0 messages in ${file}`, 'POST /messages 303', 'GET / 200', 'GET /nothing-here 404']));
  });

  test('log: false keeps the terminal quiet', async () => {
    const consoleLog = vi.spyOn(console, 'log').mockImplementation(() => {});
    board = await startBoard({ log: false });
    await postMessage(board, 'quiet');
    expect(consoleLog).not.toHaveBeenCalled();
  });
});
