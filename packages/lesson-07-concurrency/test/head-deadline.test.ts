/**
 * The head deadline: a client that keeps sending, one byte at a time, never trips the idle timeout,
 * but it must still finish its head in time. Here the deadline is short (300 ms) and the client
 * takes far longer (a byte every 50 ms, about 2 s for the head). No test measures time: each checks
 * what came back, and how much of the request had been sent by then.
 */
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { sendRaw, type Address } from '@workbook/testkit';
import { listenWithEventLoop } from '../src/models/event-loop.ts';
import { listenOneAtATime } from '../src/models/one-at-a-time.ts';
import { DEFAULT_OPTIONS, type ServerOptions } from '../src/options.ts';
import { get } from './client.ts';

/** Well under the idle timeout between two bytes, well over the deadline for the whole head. */
const TRICKLE = { pauseMs: 50, timeoutMs: 10_000 };
const OPTIONS: ServerOptions = { ...DEFAULT_OPTIONS, log: false, idleTimeoutMs: 2_000, headTimeoutMs: 300 };

let server: net.Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

function addressOf(listening: net.Server): Address {
  return { host: '127.0.0.1', port: (listening.address() as AddressInfo).port };
}

test('a head that trickles in for longer than the deadline gets 408, and the connection closes', async () => {
  server = await listenWithEventLoop(0, OPTIONS);
  const bytes = [...get('/notes.txt', { close: true })];
  const exchange = await sendRaw(addressOf(server), bytes, TRICKLE);
  expect(exchange.response?.status).toBe(408);
  expect(exchange.response?.headers['connection']).toBe('close');
  expect(exchange.closedByServer).toBe(true);
  // The answer came while the client was still sending: the server did not wait for the head.
  expect(exchange.writesBeforeAnswer).toBeLessThan(bytes.length);
});

test('a head that arrives in pieces within the deadline is answered as usual', async () => {
  server = await listenWithEventLoop(0, { ...OPTIONS, headTimeoutMs: 5_000 });
  const exchange = await sendRaw(addressOf(server), [...get('/notes.txt', { close: true })], { pauseMs: 1 });
  expect(exchange.response?.status).toBe(200);
});

test('the one-at-a-time server is held up by a trickling client only until its deadline', async () => {
  server = await listenOneAtATime(0, OPTIONS);
  const address = addressOf(server);
  const slowBytes = [...get('/', { close: true })];
  const slow = sendRaw(address, slowBytes, TRICKLE);
  // Let the slow client connect first, so it is first in line.
  await new Promise((resolve) => setTimeout(resolve, 100));
  const quick = await sendRaw(address, get('/notes.txt', { close: true }), { timeoutMs: 10_000 });
  expect(quick.response?.status).toBe(200);
  const slowExchange = await slow;
  expect(slowExchange.response?.status).toBe(408);
  expect(slowExchange.writesBeforeAnswer).toBeLessThan(slowBytes.length);
});

test('a client that goes on sending after our last answer is cut off, not listened to for ever', async () => {
  server = await listenOneAtATime(0, OPTIONS);
  const address = addressOf(server);
  // A client that never stops: a broken request, then a byte every 50 ms, whatever we answer.
  const stubborn = net.connect({ ...address, allowHalfOpen: true });
  stubborn.on('error', () => {});
  let answer = '';
  stubborn.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
  stubborn.write('HELLO SERVER\r\n\r\n');
  const drip = setInterval(() => stubborn.writable && stubborn.write('.'), 50);
  // Not events.once: it would reject on the EPIPE our next drop gets once the server has gone.
  await new Promise((resolve) => stubborn.on('close', resolve));
  clearInterval(drip);
  expect(answer).toMatch(/^HTTP\/1\.1 400 /);
  // And the one-at-a-time server, free again, serves the next client.
  expect((await sendRaw(address, get('/', { close: true }))).response?.status).toBe(200);
});
