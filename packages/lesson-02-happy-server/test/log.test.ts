import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { request, sendRaw } from '@workbook/testkit';
import { requestLogLine } from '../src/log.ts';
import { startServer, type RunningServer } from './start-server.ts';

// Colours come and go with the terminal, so compare the text without them.
const plain = (lines: string[]) => lines.map((line) => stripVTControlCharacters(line));

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
  vi.restoreAllMocks();
});

describe('the request log', () => {
  test('one line per request: method, path and HTTP version', async () => {
    const lines: string[] = [];
    server = await startServer({ log: (line) => lines.push(line) });
    await request(server.address, { path: '/hello?name=you' });
    await request(server.address, { method: 'POST', path: '/favicon.ico', body: 'hi' });
    expect(plain(lines)).toEqual(['GET /hello?name=you HTTP/1.1', 'POST /favicon.ico HTTP/1.1']);
  });

  test('shows the version the client spoke', async () => {
    const lines: string[] = [];
    server = await startServer({ log: (line) => lines.push(line) });
    await sendRaw(server.address, 'GET /old-style HTTP/1.0\r\n\r\n');
    expect(plain(lines)).toEqual(['GET /old-style HTTP/1.0']);
  });

  test('a rejected request is logged with the reason', async () => {
    const lines: string[] = [];
    server = await startServer({ log: (line) => lines.push(line) });
    await sendRaw(server.address, 'NOT HTTP\r\n\r\n');
    expect(plain(lines)).toHaveLength(1);
    expect(plain(lines)[0]).toMatch(/^HTTP\/1\.1 400 Bad Request \(HPE_\w+\)$/);
  });

  test('log: false keeps the terminal quiet', async () => {
    const consoleLog = vi.spyOn(console, 'log').mockImplementation(() => {});
    server = await startServer({ log: false });
    await request(server.address);
    expect(consoleLog).not.toHaveBeenCalled();
  });

  test('the line reads like the request line, once the colours are gone', () => {
    expect(stripVTControlCharacters(requestLogLine('DELETE', '/notes/3', '1.1'))).toBe('DELETE /notes/3 HTTP/1.1');
  });
});
