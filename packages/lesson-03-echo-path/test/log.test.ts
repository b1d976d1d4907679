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
  test('one line per request: the request line as sent, then the status', async () => {
    const lines: string[] = [];
    server = await startServer({ log: (line) => lines.push(line) });
    await request(server.address, { path: '/hello%20you?name=me' });
    await request(server.address, { path: '/favicon.ico' });
    await request(server.address, { path: '/%c0%ae' });
    expect(plain(lines)).toEqual(['GET /hello%20you?name=me HTTP/1.1 200', 'GET /favicon.ico HTTP/1.1 200', 'GET /%c0%ae HTTP/1.1 400']);
  });

  test('a request node refused is logged with the reason', async () => {
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

  test('the line reads like the request line and a status, once the colours are gone', () => {
    expect(stripVTControlCharacters(requestLogLine('DELETE', '/notes/3', '1.1', 200))).toBe('DELETE /notes/3 HTTP/1.1 200');
  });
});
