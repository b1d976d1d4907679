/**
 * The board's live view over real HTTP: GET /events stays open, a post reaches every open
 * stream, a reconnecting client gets what it missed, idle streams get comments, and a closed
 * stream is forgotten. Lesson 5's safety stays: the same-origin check, the limits, the escaping.
 */
import { once } from 'node:events';
import net from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { random, request } from '@workbook/testkit';
import { LiveEvents } from '../src/board/live-events.ts';
import { CONTENT_SECURITY_POLICY, createServer } from '../src/board/server.ts';
import { clearBoard, getPage, postMessage } from './board-client.ts';
import { openEvents, type OpenStream } from './event-stream.ts';
import { startBoard, tempBoardFile, type RunningBoard } from './start-board.ts';

let board: RunningBoard;
let live: LiveEvents;
let streams: OpenStream[] = [];
beforeAll(async () => {
  live = new LiveEvents({ pingMs: 50, maxStreams: 5 });
  board = await startBoard({ live });
});
afterAll(() => board.stop());
beforeEach(async () => {
  await clearBoard(board);
});
afterEach(async () => {
  await Promise.all(streams.map((stream) => stream.close()));
  streams = [];
  await expect.poll(() => live.size).toBe(0);
});

async function open(path = '/events', headers: Record<string, string> = {}): Promise<OpenStream> {
  const stream = await openEvents(board.address, path, headers);
  streams.push(stream);
  return stream;
}

const isMessage = (text: string) => (event: { event?: string; data?: string }) => event.event === 'message' && JSON.parse(event.data ?? '{}').text === text;

describe('GET /events', () => {
  test('answers 200 with text/event-stream and Cache-Control: no-cache, and stays open', async () => {
    const stream = await open();
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toBe('text/event-stream');
    expect(stream.headers['cache-control']).toBe('no-cache');
    // The length of a stream is never known: node frames it in chunks.
    expect(stream.headers['transfer-encoding']).toBe('chunked');
    expect(stream.headers['content-length']).toBeUndefined();
    await expect.poll(() => live.size).toBe(1);
  });

  test('a post reaches two open streams, as one event each, with an id, the type and the message', async () => {
    const [first, second] = [await open(), await open()];
    const text = random.text();
    await postMessage(board, text);
    for (const stream of [first, second]) {
      const event = await stream.next(isMessage(text), `message event for ${JSON.stringify(text)}`);
      expect(event.id).toMatch(/^[0-9a-f]{8}-\d+$/);
      expect(JSON.parse(event.data ?? '')).toEqual({ text, postedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
      expect(stream.events.filter(isMessage(text))).toHaveLength(1);
    }
  });

  test('a message with line breaks and <script> travels as one line of JSON, unescaped: the page adds it as text', async () => {
    const stream = await open();
    const text = `<script>alert(1)</script>\nsecond line ${random.word()}`;
    await postMessage(board, text);
    const event = await stream.next(isMessage(text), 'the message event');
    expect(JSON.parse(event.data ?? '').text).toBe(text);
  });

  test('clearing sends a clear event', async () => {
    const stream = await open();
    await clearBoard(board);
    await stream.next((event) => event.event === 'clear', 'clear event');
  });

  test('an idle stream gets `: ping` comments', async () => {
    const stream = await open();
    await expect.poll(() => stream.comments.filter((comment) => comment === 'ping').length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
  });

  test('tells the client to wait 2 s before reconnecting', async () => {
    const stream = await open();
    await stream.next((event) => event.retry !== undefined, 'retry field');
    expect(stream.events[0]?.retry).toBe('2000');
  });
});

describe('reconnecting with Last-Event-ID', () => {
  test('gets exactly the events it missed, in order', async () => {
    const stream = await open();
    const seen = random.text();
    await postMessage(board, seen);
    const lastSeen = await stream.next(isMessage(seen), 'the first message');
    await stream.close();
    streams = [];

    const missed = [random.text(), random.text()];
    for (const text of missed) await postMessage(board, text);
    const again = await open('/events', { 'last-event-id': lastSeen.id ?? '' });
    await again.next(isMessage(missed[1] ?? ''), 'the last missed message');
    const messages = again.events.filter((event) => event.event === 'message').map((event) => JSON.parse(event.data ?? '').text);
    expect(messages).toEqual(missed);
  });

  test('the page carries the latest id, and ?since= starts the stream right after it', async () => {
    await postMessage(board, random.text());
    const html = await getPage(board);
    const since = /data-last-event-id="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(since).toBe(live.lastId);
    const after = random.text();
    await postMessage(board, after);
    const stream = await open(`/events?since=${encodeURIComponent(since)}`);
    await stream.next(isMessage(after), 'the message after the page');
    expect(stream.events.filter((event) => event.event === 'message')).toHaveLength(1);
  });

  test.each([
    ['an id from another run of the server', () => `0badbeef-1`],
    ['an id from the future', () => `${live.lastId.split('-')[0]}-${Number(live.lastId.split('-')[1]) + 1000}`],
    ['garbage', () => 'not an id'],
    ['our run with no number after the dash', () => `${live.lastId.split('-')[0]}-`],
    ['our run with a negative number', () => `${live.lastId.split('-')[0]}--1`],
    ['our run with a fraction', () => `${live.lastId.split('-')[0]}-0.5`],
    ['a huge number', () => `${live.lastId.split('-')[0]}-${'9'.repeat(400)}`],
    ['an id of 8000 characters', () => 'x'.repeat(8000)],
  ])('%s gets a reload event: the server cannot tell what was missed', async (_name, id) => {
    const stream = await open('/events', { 'last-event-id': id() });
    await stream.next((event) => event.event === 'reload', 'reload event');
  });
});

describe('closed connections are forgotten', () => {
  test('open three, close two: the board holds one; close it: none', async () => {
    const three = [await open(), await open(), await open()];
    await expect.poll(() => live.size).toBe(3);
    await three[0]?.close();
    await three[1]?.close();
    await expect.poll(() => live.size).toBe(1);
    // The survivor still gets posts; the closed ones cause no error.
    const text = random.text();
    await postMessage(board, text);
    await three[2]?.next(isMessage(text), 'the message');
    await three[2]?.close();
    await expect.poll(() => live.size).toBe(0);
  });

  test('past the limit of open streams, one more gets 503; closing one makes room again', async () => {
    for (let i = 0; i < 5; i++) await open();
    const { response } = await request(board.address, { path: '/events' });
    expect(response?.status).toBe(503);
    expect(response?.headers['retry-after']).toBe('10');
    await streams.shift()?.close();
    await expect.poll(() => live.size).toBe(4);
    expect((await open()).status).toBe(200);
  });
});

describe('a client that never reads', () => {
  test('is dropped once too much waits for it, instead of being fed for ever; the others keep their streams', async () => {
    const reader = await open();
    const socket = net.connect(board.address.port, board.address.host);
    socket.on('error', () => {});
    await once(socket, 'connect');
    socket.pause();
    socket.write('GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await expect.poll(() => live.size).toBe(2);
    // Big events, straight into the live view, until the kernel's buffers are full and the
    // server's queue for the silent client passes its limit. Each is small enough that a client
    // that reads never falls that far behind. Bounded: 40 MB at the very most.
    const big = 'x'.repeat(20_000);
    for (let i = 0; i < 2000 && live.size === 2; i++) {
      live.publish('message', { text: big, postedAt: new Date().toISOString() });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(live.size).toBe(1);
    socket.destroy();
    // The reading stream is still there, and gets the next real post.
    const text = random.text();
    await postMessage(board, text);
    await reader.next(isMessage(text), 'the message after the silent client was dropped');
  });
});

describe('stopping the server', () => {
  test('server.close() ends the open streams, and so does not wait for ever', async () => {
    const own = tempBoardFile();
    const server = createServer({ file: own.file, log: false });
    try {
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const { port } = server.address() as net.AddressInfo;
      const stream = await openEvents({ host: '127.0.0.1', port });
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Bounded by the test's own timeout: without the fix this would never resolve.
      await closed;
      await stream.close();
    } finally {
      own.remove();
    }
  });
});

describe("lesson 5's safety stays", () => {
  test('a post from another site is refused, and no event is sent', async () => {
    const stream = await open();
    const text = random.text();
    const { response } = await postMessage(board, text, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(response?.status).toBe(403);
    // A post that works afterwards arrives, and it is the only message.
    const after = random.text();
    await postMessage(board, after);
    await stream.next(isMessage(after), 'the message after the refused one');
    expect(stream.events.filter(isMessage(text))).toHaveLength(0);
  });

  test('POST /events is 405 with Allow: GET, HEAD', async () => {
    const { response } = await request(board.address, { method: 'POST', path: '/events', body: 'x' });
    expect(response?.status).toBe(405);
    expect(response?.headers.allow).toBe('GET, HEAD');
  });

  test('the page runs only its own script: CSP script-src and connect-src are self', async () => {
    const { response } = await request(board.address);
    expect(response?.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'self'");
    expect(response?.text).toContain('<script src="/live.js" defer></script>');
    const script = await request(board.address, { path: '/live.js' });
    expect(script.response?.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.response?.text).toContain('new EventSource');
    expect(script.response?.text).not.toMatch(/\.innerHTML\s*=|insertAdjacentHTML/);
  });
});
