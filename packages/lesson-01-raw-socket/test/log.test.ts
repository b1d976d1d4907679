import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, test, expect, vi } from 'vitest';
import { sendRaw } from '@workbook/testkit';
import { refusalLogLine, requestLogLine } from '../src/log.ts';
import { startServer, type RunningServer } from './start-server.ts';

// Colours may be on or off depending on the terminal, so these check the text, not the escapes.
describe('log lines', () => {
  test('a served request shows method, path and status', () => {
    const line = requestLogLine('GET', '/hello', 200);
    expect(line).toContain('GET');
    expect(line).toContain('/hello');
    expect(line).toContain('200');
  });

  test('a refused line is quoted, with its control bytes written out instead of sent to the terminal', () => {
    const line = refusalLogLine('BAD\x1b[2J\r', 400);
    expect(line).toContain('"BAD\\x1b[2J\\x0d"');
    expect(line).not.toContain('BAD\x1b');
  });

  test('a refused line is cut short, so a huge one cannot flood the terminal', () => {
    expect(refusalLogLine('x'.repeat(10_000), 431).length).toBeLessThan(200);
  });
});

describe('the log option', () => {
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
    vi.restoreAllMocks();
  });

  test('a function of your own gets each line', async () => {
    const lines: string[] = [];
    server = await startServer({ log: (line) => lines.push(line) });
    await sendRaw(server.address, 'GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await sendRaw(server.address, 'GARBAGE\r\n\r\n');
    expect(lines.map((line) => stripVTControlCharacters(line))).toEqual(['GET /hello 200', '"GARBAGE" 400']);
  });

  test('log: false keeps the terminal quiet', async () => {
    const consoleLog = vi.spyOn(console, 'log').mockImplementation(() => {});
    server = await startServer({ log: false });
    await sendRaw(server.address, 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(consoleLog).not.toHaveBeenCalled();
  });
});
