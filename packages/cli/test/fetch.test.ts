/**
 * `pnpm workbook fetch`: against a tiny server started here, one path per kind of answer.
 */
import net from 'node:net';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { freePort } from '@workbook/testkit';
import { fetchCommand } from '../src/fetch.ts';
import { main } from '../src/main.ts';

const answers: Record<string, string> = {
  '/good': 'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 6\r\n\r\nGrüß',
  // Two classic mistakes at once: LF line ends, and Content-Length counting characters.
  '/sloppy': 'HTTP/1.1 200 OK\nContent-Type: text/plain; charset=utf-8\nContent-Length: 4\n\nGrüß',
  '/long': `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3000\r\n\r\n${'x'.repeat(3000)}`,
};

let origin = '';
let lastRequest = '';
const server = net.createServer((socket) => {
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk.toString('latin1');
    if (!received.includes('\r\n\r\n')) return;
    lastRequest = received;
    const path = received.split(' ')[1] ?? '';
    socket.end(Buffer.from(answers[path] ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n', 'utf8'));
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

/** Runs the command and returns its exit code and what it printed, without colours. */
async function fetchAndPrint(...args: string[]) {
  const out = vi.spyOn(console, 'log').mockImplementation(() => {});
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  const code = await fetchCommand(args);
  const text = (spy: typeof out) => stripVTControlCharacters(spy.mock.calls.map((call) => call.join(' ')).join('\n'));
  return { code, out: text(out), err: text(err) };
}
afterEach(() => vi.restoreAllMocks());

describe('pnpm workbook fetch <url>', () => {
  test('shows the request and the response line by line, \\r\\n visible, and finds nothing wrong', async () => {
    const { code, out } = await fetchAndPrint(`${origin}/good`);
    expect(code).toBe(0);
    expect(out).toContain(`"GET /good HTTP/1.1\\r\\n"\n  "Host: 127.0.0.1:`);
    expect(out).toContain('"Connection: close\\r\\n"\n  "\\r\\n"');
    expect(out).toContain('"HTTP/1.1 200 OK\\r\\n"\n  "Content-Type: text/plain; charset=utf-8\\r\\n"\n  "Content-Length: 6\\r\\n"\n  "\\r\\n"');
    expect(out).toContain('body, 6 bytes:\n  "Grüß"');
    expect(out).toContain('✓ Status 200 OK. No framing problems found.');
  });

  test('names the framing problems: bare \\n, and a Content-Length that counted characters', async () => {
    const { code, out } = await fetchAndPrint(`${origin}/sloppy`);
    expect(code).toBe(0);
    expect(out).toContain('"HTTP/1.1 200 OK\\n"');
    expect(out).toContain('Lines must end with \\r\\n (CRLF)');
    expect(out).toContain('Content-Length says 4 bytes, but 6 bytes of body arrived');
  });

  test('--raw: the response as one escaped string, bytes above 127 as \\xNN', async () => {
    const { out } = await fetchAndPrint(`${origin}/sloppy`, '--raw');
    expect(out).toContain(String.raw`"HTTP/1.1 200 OK\nContent-Type: text/plain; charset=utf-8\nContent-Length: 4\n\nGr\xc3\xbc\xc3\x9f"`);
  });

  test('a long body: the first 1024 bytes, and how many more there are', async () => {
    const { out } = await fetchAndPrint(`${origin}/long`);
    expect(out).toContain(`"${'x'.repeat(1024)}"\n  … and 1976 more bytes, not shown`);
  });

  test('--method and --header go into the request; a given header replaces the default', async () => {
    const { out } = await fetchAndPrint(`${origin}/good?x=1`, '--method', 'head', '--header', 'Connection: keep-alive', '--header', 'X-Try: 1');
    expect(lastRequest).toBe(`HEAD /good?x=1 HTTP/1.1\r\nHost: ${origin.slice(7)}\r\nUser-Agent: workbook-fetch\r\nConnection: keep-alive\r\nX-Try: 1\r\n\r\n`);
    expect(out).toContain('"HEAD /good?x=1 HTTP/1.1\\r\\n"');
  });

  test('nothing listening: says so, exit code 1', async () => {
    const { code, err } = await fetchAndPrint(`http://127.0.0.1:${await freePort()}/`);
    expect(code).toBe(1);
    expect(err).toContain('Nothing is listening at 127.0.0.1:');
  });

  test.each([
    [['localhost:4321'], 'is not a full URL. Start it with http://'],
    [['https://127.0.0.1/'], 'must start with http://, not https://'],
    [['http://127.0.0.1/', '--rwa'], 'Unknown option --rwa. The options are --raw, --method and --header.'],
    [['http://127.0.0.1/', '--header', 'no colon'], "--header takes 'Name: value'"],
    [[], 'Give the URL to fetch'],
  ])('%j: what is wrong and what is valid, exit code 2', async (args, message) => {
    const { code, err } = await fetchAndPrint(...args);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('Usage: pnpm workbook fetch <url>');
  });

  test('is a workbook command: main() reaches it, and the help lists it', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await main(['fetch', 'https://127.0.0.1/'])).toBe(2);
    expect(stripVTControlCharacters(error.mock.calls.join('\n'))).toContain('Usage: pnpm workbook fetch <url>');
    expect(await main(['help'])).toBe(0);
    expect(stripVTControlCharacters(log.mock.calls.join('\n'))).toContain('fetch <url>');
    expect(await main(['fetch', '--help'])).toBe(0);
    expect(stripVTControlCharacters(log.mock.calls.join('\n'))).toContain("fetch <url> [--raw] [--method M] [--header 'Name: value']...");
  });
});
