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

/** A line is written once its response is done, which can be a moment after the client has it. */
async function waitForLines(lines: string[], count: number) {
  for (let waited = 0; lines.length < count && waited < 2000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the request log', () => {
  test('one line per request: method, path and the status it got', async () => {
    const lines: string[] = [];
    server = await startServer({ log: (line) => lines.push(line) });
    await request(server.address, { path: '/' });
    await request(server.address, { path: '/guide' });
    await request(server.address, { path: '/no-such-page.html' });
    await request(server.address, { method: 'POST', path: '/', body: 'hi' });
    await waitForLines(lines, 4);
    expect(plain(lines)).toEqual(['GET / 200', 'GET /guide 301', 'GET /no-such-page.html 404', 'POST / 405']);
  });

  test('a reload with the tag shows 304', async () => {
    const lines: string[] = [];
    server = await startServer({ log: (line) => lines.push(line) });
    const first = await request(server.address, { path: '/style.css' });
    await request(server.address, { path: '/style.css', headers: { 'if-none-match': first.response?.headers.etag ?? '' } });
    await waitForLines(lines, 2);
    expect(plain(lines)).toEqual(['GET /style.css 200', 'GET /style.css 304']);
  });

  test('a request node could not parse is logged with the reason', async () => {
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
    // Give the line that must not come the time it would have needed.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(consoleLog).not.toHaveBeenCalled();
  });
});

describe('the line', () => {
  test('reads like the request and its answer, once the colours are gone', () => {
    expect(stripVTControlCharacters(requestLogLine('GET', '/logo.png', 200, true))).toBe('GET /logo.png 200');
  });

  test('says when an answer was cut off', () => {
    expect(stripVTControlCharacters(requestLogLine('GET', '/big.bin', 200, false))).toBe('GET /big.bin 200 (cut off)');
  });

  test('a huge path is shortened', () => {
    const line = stripVTControlCharacters(requestLogLine('GET', `/${'a'.repeat(5000)}`, 414, true));
    expect(line.length).toBeLessThan(120);
    expect(line).toMatch(/… 414$/);
  });
});
