/**
 * Every model serves the same site, correctly. The concurrent ones answer whoever is ready, in any
 * order; the one-at-a-time model answers connections strictly in the order they arrived. No test
 * measures time: each one checks what had been answered while something else was still waiting.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, sendRaw, type Program } from '@workbook/testkit';
import type { ModelName } from '../src/models.ts';
import { get, openConnections, pause } from './client.ts';
import { startModel } from './start-model.ts';

const CONCURRENT: ModelName[] = ['processes', 'threads', 'event-loop'];
const ALL: ModelName[] = ['one-at-a-time', ...CONCURRENT];

/** Four files, told apart by their Content-Type, so each connection can check it got its own. */
const FILES = [
  { path: '/', type: 'text/html; charset=utf-8' },
  { path: '/style.css', type: 'text/css; charset=utf-8' },
  { path: '/notes.txt', type: 'text/plain; charset=utf-8' },
  { path: '/dots.svg', type: 'image/svg+xml' },
] as const;

describe.each(ALL)('the %s model', (model) => {
  let server: Program;
  beforeAll(async () => {
    server = await startModel(model);
  });
  afterAll(() => server?.stop());

  test('serves the pages of the site', async () => {
    const { response, error } = await request(server, { path: '/' });
    expect(error).toBeUndefined();
    expect(response?.status).toBe(200);
    expect(response?.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response?.text).toContain('<h1>Many clients at once</h1>');
    expect(response?.headers['x-served-by']).toMatch(/^process \d+/);

    const css = await request(server, { path: '/style.css?v=2' });
    expect(css.response?.headers['content-type']).toBe('text/css; charset=utf-8');
  });

  test('answers a missing file and a path that climbs out of the site with 404', async () => {
    expect((await request(server, { path: '/no-such-page.html' })).response?.status).toBe(404);
    // undici would tidy `..` away before sending; a raw socket sends it as written.
    const climb = await sendRaw(server, 'GET /../package.json HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
    expect(climb.response?.status).toBe(404);
    const encoded = await sendRaw(server, 'GET /%2e%2e/package.json HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
    expect(encoded.response?.status).toBe(404);
  });

  test('frames every response with Content-Length, so a kept-open connection can carry the next', async () => {
    const exchange = await sendRaw(server, get('/notes.txt', { close: true }));
    expect(exchange.response?.problems).toEqual([]);
    expect(exchange.response?.headers['connection']).toBe('close');
    expect(exchange.closedByServer).toBe(true);
  });
});

describe.each(CONCURRENT)('the %s model serves connections concurrently', (model) => {
  let server: Program;
  beforeAll(async () => {
    server = await startModel(model);
  });
  afterAll(() => server?.stop());

  test('connections opened before anything is sent are all answered, the last-opened first', async () => {
    const connections = await openConnections(server, FILES.length);
    // Ask on the last connection first. Each answer must come while every connection opened
    // before it is still silent, so the server cannot be taking them in order.
    for (let i = connections.length - 1; i >= 0; i--) {
      const connection = connections[i]!;
      connection.send(get(FILES[i]!.path));
      const response = await connection.firstResponse();
      expect(response?.status).toBe(200);
      expect(response?.headers['content-type']).toBe(FILES[i]!.type);
      for (const earlier of connections.slice(0, i)) expect(earlier.receivedBytes).toBe(0);
    }
    connections.forEach((connection) => connection.destroy());
  });

  test('a client that stalls in the middle of its request does not hold up the others', async () => {
    const [stalled, other] = await openConnections(server, 2);
    stalled!.send('GET /about.html HTTP/1.1\r\nHo');
    other!.send(get('/notes.txt'));
    expect((await other!.firstResponse())?.status).toBe(200);
    expect(stalled!.receivedBytes).toBe(0);

    // The stalled client finishes its request, and is answered too.
    stalled!.send('st: test\r\n\r\n');
    expect((await stalled!.firstResponse())?.status).toBe(200);
    stalled!.destroy();
    other!.destroy();
  });
});

describe('the one-at-a-time model serves one connection at a time', () => {
  let server: Program;
  beforeAll(async () => {
    server = await startModel('one-at-a-time');
  });
  afterAll(() => server?.stop());

  test('connections are answered in the order they were opened, whatever order they ask in', async () => {
    const [first, second, third] = await openConnections(server, 3);
    // The later connections ask first, and get a moment in which a concurrent server would answer.
    third!.send(get('/notes.txt', { close: true }));
    second!.send(get('/style.css'));
    await pause();
    first!.send(get('/'));

    // The first connection is served; it stays open (keep-alive), so the server stays with it.
    expect((await first!.firstResponse())?.status).toBe(200);
    expect(second!.receivedBytes).toBe(0);
    expect(third!.receivedBytes).toBe(0);

    // Only when it hangs up does the server move on to the second, and keeps the third waiting.
    first!.end();
    expect((await second!.firstResponse())?.status).toBe(200);
    expect(third!.receivedBytes).toBe(0);
    second!.end();
    expect((await third!.firstResponse())?.status).toBe(200);
    [first, second, third].forEach((connection) => connection!.destroy());
  });

  test('a client that stalls in the middle of its request holds up everyone behind it', async () => {
    const [stalled, other] = await openConnections(server, 2);
    const answered: string[] = [];
    void stalled!.firstResponse().then(() => answered.push('stalled'));
    void other!.firstResponse().then(() => answered.push('other'));

    stalled!.send('GET /about.html HTTP/1.1\r\nHo');
    other!.send(get('/notes.txt', { close: true }));
    await pause();
    // The stalled client finishes its request. Only now is anyone answered, and it comes first.
    stalled!.send('st: test\r\n\r\n');
    expect((await stalled!.firstResponse())?.status).toBe(200);
    expect(answered).toEqual(['stalled']);
    expect(other!.receivedBytes).toBe(0);

    // It keeps its connection open (keep-alive), so the other client still waits until it leaves.
    stalled!.end();
    expect((await other!.firstResponse())?.status).toBe(200);
    expect(answered).toEqual(['stalled', 'other']);
  });
});
