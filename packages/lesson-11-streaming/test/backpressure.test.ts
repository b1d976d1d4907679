/**
 * Backpressure, seen in what the server does rather than in how fast: a client that reads
 * nothing at all. The careful server stops reading the file once the socket is full; the naive
 * one reads all of it into memory anyway. No timing is measured: the server's own log says
 * what happened (`pnpm bench streaming` measures the memory).
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listenForTests, random, Reply, request, sendRaw, type ServerUnderTest } from '@workbook/testkit';
import { bigFile } from '../src/backpressure/big-file.ts';
import { createServer } from '../src/backpressure/server.ts';

/** Far more than loopback's socket buffers can hold (a few MB each way), so "stopped early" is plain. */
const BIG = 48 * 1024 * 1024;

let folder: string;
let big: string;
let small: string;
beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'workbook-backpressure-'));
  big = await bigFile(BIG, path.join(folder, 'big.bin'));
  small = await bigFile(random.int(100_000, 2_000_000), path.join(folder, 'small.bin'));
}, 60_000);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function start(naive: boolean, file: string) {
  const lines: string[] = [];
  const server = await listenForTests(createServer({ file, naive, log: (line) => lines.push(stripVTControlCharacters(line)) }));
  return { server, lines };
}

/** Connects, sends the request, and never reads a byte of the answer. */
async function clientThatNeverReads(server: ServerUnderTest): Promise<net.Socket> {
  const socket = net.connect(server.address.port, server.address.host);
  socket.on('error', () => {});
  await once(socket, 'connect');
  socket.pause();
  socket.write('GET /download HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  return socket;
}

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe.each([
  ['careful', false],
  ['naive', true],
])('the %s server', (_name, naive) => {
  test('sends the whole file, byte for byte, to a client that reads', async () => {
    const { server } = await start(naive, small);
    try {
      const { response } = await request(server.address, { path: '/download', timeoutMs: 10_000 });
      expect(response?.status).toBe(200);
      expect(response?.headers['content-length']).toBe(String(readFileSync(small).length));
      expect(sha(response?.body ?? Buffer.alloc(0))).toBe(sha(readFileSync(small)));
    } finally {
      await server.stop();
    }
  });
});

describe('a client that never reads', () => {
  test('careful: the server stops reading the file, and has read only a small part of it when the client leaves', async () => {
    const { server, lines } = await start(false, big);
    try {
      const client = await clientThatNeverReads(server);
      await expect.poll(() => lines.some((line) => line.startsWith('paused reading the file')), { timeout: 20_000 }).toBe(true);
      client.destroy();
      await expect.poll(() => lines.find((line) => line.includes('the client left after')), { timeout: 20_000 }).toBeDefined();
      const [, read = '', size = ''] = /after (\d+) of (\d+) bytes/.exec(lines.find((line) => line.includes('the client left after')) ?? '') ?? [];
      expect(Number(size)).toBe(BIG);
      // The socket buffers hold a few MB; the rest of the file never left the disk.
      expect(Number(read)).toBeLessThan(BIG / 2);
      // And it goes on serving.
      expect((await request(server.address, { path: '/' })).response?.status).toBe(200);
    } finally {
      await server.stop();
    }
  });

  test('naive: the server reads the whole file anyway, and most of it waits in its memory', async () => {
    const { server, lines } = await start(true, big);
    try {
      const client = await clientThatNeverReads(server);
      await expect.poll(() => lines.find((line) => line.startsWith('read all')), { timeout: 30_000 }).toBeDefined();
      const [, waiting = ''] = /; ([\d.]+) MB of it waits in memory/.exec(lines.find((line) => line.startsWith('read all')) ?? '') ?? [];
      expect(Number(waiting)).toBeGreaterThan(BIG / 2 / (1024 * 1024));
      client.destroy();
      expect((await request(server.address, { path: '/' })).response?.status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});

describe('bad requests', () => {
  test('other paths get 404 and other methods 405; the server keeps serving', async () => {
    const { server } = await start(false, small);
    try {
      expect((await request(server.address, { path: random.path() })).response?.status).toBe(404);
      const refused = (await request(server.address, { method: 'DELETE', path: '/download' })).response;
      expect(refused?.status).toBe(405);
      expect(refused?.headers.allow).toBe('GET');
      expect((await request(server.address, { path: '/' })).response?.text).toContain('carefully');
    } finally {
      await server.stop();
    }
  });

  test('HTTP/1.0 gets the whole file with Connection: close, and the connection ends after it', async () => {
    const { server } = await start(false, small);
    try {
      const exchange = await sendRaw(server.address, 'GET /download HTTP/1.0\r\n\r\n', { timeoutMs: 10_000 });
      expect(exchange.closedByServer).toBe(true);
      new Reply(exchange).expectStatus(200).expectHeader('connection', 'close').expectBody(readFileSync(small));
    } finally {
      await server.stop();
    }
  });
});
