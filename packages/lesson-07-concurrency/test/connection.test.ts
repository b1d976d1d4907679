/**
 * The shared connection code, run in the test process by the event-loop model: the requests that
 * go wrong, and the clients that vanish.
 */
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sendRaw, type Address } from '@workbook/testkit';
import { MAX_HEAD_BYTES } from '../src/connection.ts';
import { listenWithEventLoop } from '../src/models/event-loop.ts';
import { DEFAULT_OPTIONS } from '../src/options.ts';
import { get } from './client.ts';

let server: net.Server;
let address: Address;
beforeAll(async () => {
  // A short idle timeout, so the silent-client tests end quickly.
  server = await listenWithEventLoop(0, { ...DEFAULT_OPTIONS, log: false, idleTimeoutMs: 300 });
  address = { host: '127.0.0.1', port: (server.address() as AddressInfo).port };
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function expectStillServing(): Promise<void> {
  const exchange = await sendRaw(address, get('/', { close: true }));
  expect(exchange.response?.status).toBe(200);
}

describe('requests that cannot be read', () => {
  test('a request line that is not HTTP gets 400 and the connection closes', async () => {
    const exchange = await sendRaw(address, 'HELLO SERVER\r\n\r\n');
    expect(exchange.response?.status).toBe(400);
    expect(exchange.response?.headers['connection']).toBe('close');
    expect(exchange.closedByServer).toBe(true);
    await expectStillServing();
  });

  test('a head larger than the limit gets 431, even before its blank line arrives', async () => {
    const exchange = await sendRaw(address, `GET / HTTP/1.1\r\nX-Filler: ${'a'.repeat(MAX_HEAD_BYTES)}\r\n`);
    expect(exchange.response?.status).toBe(431);
    expect(exchange.closedByServer).toBe(true);
  });
});

describe('requests that arrive in pieces', () => {
  test('one byte at a time', async () => {
    const exchange = await sendRaw(address, [...get('/notes.txt', { close: true })], { pauseMs: 1 });
    expect(exchange.response?.status).toBe(200);
    expect(exchange.response?.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  test('HEAD gets the head of the page, and no body', async () => {
    const exchange = await sendRaw(address, 'HEAD / HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(exchange.response?.status).toBe(200);
    expect(Number(exchange.response?.headers['content-length'])).toBeGreaterThan(0);
    expect(exchange.received.toString('latin1').endsWith('\r\n\r\n')).toBe(true);
  });
});

describe('clients that stop or vanish', () => {
  test('a client that says nothing is dropped after the idle timeout', async () => {
    const exchange = await sendRaw(address, []);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.received.length).toBe(0);
  });

  test('a kept-alive connection left idle is closed after the idle timeout', async () => {
    const exchange = await sendRaw(address, get('/'));
    expect(exchange.response?.status).toBe(200);
    expect(exchange.closedByServer).toBe(true);
  });

  test('a client that half-closes right after its request still gets the answer', async () => {
    const exchange = await sendRaw(address, get('/'), { endAfterWrite: true });
    expect(exchange.response?.status).toBe(200);
  });

  test('a client that resets in the middle of a request does not stop the server', async () => {
    await new Promise<void>((resolve) => {
      const socket = net.connect(address.port, address.host, () => {
        socket.write('GET /about.html HTTP/1.1\r\nHo');
        setTimeout(() => socket.resetAndDestroy(), 20);
      });
      socket.on('error', () => {});
      socket.on('close', () => resolve());
    });
    await expectStillServing();
  });
});

describe('the log', () => {
  test('one line per answer, with who prepared it, and one per refusal, with the problem', async () => {
    const lines: string[] = [];
    const logged = await listenWithEventLoop(0, { ...DEFAULT_OPTIONS, log: (line) => lines.push(line) });
    const at = { host: '127.0.0.1', port: (logged.address() as AddressInfo).port };
    await sendRaw(at, get('/', { close: true }));
    await sendRaw(at, 'HELLO SERVER\r\n\r\n');
    await new Promise<void>((resolve) => logged.close(() => resolve()));
    expect(lines.map((line) => stripVTControlCharacters(line))).toEqual([`GET / 200  process ${process.pid}`, '400 The request line should look like "GET /path HTTP/1.1".']);
  });
});
