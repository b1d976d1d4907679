/**
 * The event-stream client's failure messages, pinned by golden files as messages.test.ts pins the
 * others. Each case is a small real server on 127.0.0.1 that gets one thing wrong; its port is
 * written as 4321. After a deliberate change, delete the golden file, run the tests to write it
 * again, and review the new text in the diff.
 */
import type net from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { CheckFailure, openEvents, type Address, type EventStream, type ServerUnderTest } from '../src/index.ts';
import { chunk, rawServer, streamHead } from './event-servers.ts';

const servers: ServerUnderTest[] = [];
const streams: EventStream[] = [];
afterEach(async () => {
  await Promise.all(streams.splice(0).map((stream) => stream.close()));
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

/** A server that answers every request with `answer`, exactly as written. */
async function answering(answer: (socket: net.Socket) => void): Promise<Address> {
  const server = await rawServer((socket) => answer(socket));
  servers.push(server);
  return server.address;
}

async function open(address: Address, options = {}): Promise<EventStream> {
  const stream = await openEvents(address, options);
  streams.push(stream);
  return stream;
}

/** The message of the CheckFailure that `check` throws, with the port made 4321. */
async function failureOf(check: () => Promise<unknown>): Promise<string> {
  try {
    await check();
  } catch (error) {
    expect(error).toBeInstanceOf(CheckFailure);
    return (error as Error).message.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:4321');
  }
  throw new Error('the check passed, but should have failed');
}

const event = (id: number, text: string) => `id: ${id}\ndata: {"text":"${text}"}\n\n`;

describe('event stream failure messages', () => {
  const cases: Record<string, () => Promise<unknown>> = {
    'events-wrong-status': async () =>
      open(
        await answering((socket) =>
          socket.end('HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 30\r\n\r\nNot found. The board is at /.\n'),
        ),
      ),
    'events-wrong-type': async () =>
      open(await answering((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n'))),
    'events-page-instead': async () =>
      open(await answering((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 15\r\n\r\n<!doctype html>'))),
    'events-no-head': async () => open(await answering(() => {}), { withinMs: 300 }),
    'events-connection-refused': async () => {
      const { address, stop } = await rawServer(() => {});
      await stop();
      return openEvents(address);
    },
    'events-no-event': async () => {
      const stream = await open(await answering((socket) => socket.write(`${streamHead}${chunk('retry: 2000\n\n')}${chunk(': ping\n\n')}`)), { lastEventId: '3' });
      return stream.next({ withinMs: 300, waitingFor: 'the message "maple47 fjord67"' });
    },
    'events-never-ended': async () => {
      const stream = await open(await answering((socket) => socket.write(`${streamHead}${chunk('id: 4\ndata: {"text":"maple47 fjord67"}\n')}`)));
      return stream.next({ withinMs: 300 });
    },
    'events-closed': async () => {
      const stream = await open(await answering((socket) => socket.end(`${streamHead}${chunk(event(1, 'cedar28'))}0\r\n\r\n`)));
      await stream.next();
      return stream.next({ waitingFor: 'the message "maple47 fjord67"' });
    },
    'events-closed-mid-event': async () => {
      const stream = await open(
        await answering((socket) => socket.end(`HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\nid: 1\ndata: {"text":"maple47"}`)),
      );
      return stream.next();
    },
    'events-no-match': async () => {
      const stream = await open(await answering((socket) => socket.write(`${streamHead}${chunk(event(1, 'cedar28'))}${chunk(event(2, 'orbit11'))}`)));
      return stream.waitFor((event) => event.data.includes('maple47'), { withinMs: 300, waitingFor: 'the message "maple47 fjord67"' });
    },
    'events-ignored-lines': async () => {
      const stream = await open(await answering((socket) => socket.write(`${streamHead}${chunk('ID: 1\nData: {"text":"maple47"}\n\n')}`)));
      return stream.next({ withinMs: 300 });
    },
    'events-no-data': async () => {
      const stream = await open(await answering((socket) => socket.write(`${streamHead}${chunk('id: 1\nevent: message\n\n')}`)));
      return stream.next({ withinMs: 300 });
    },
    'events-broken-chunks': async () => {
      const stream = await open(await answering((socket) => socket.write(`${streamHead}${chunk(': hello\n\n')}data: written to the socket\n\n`)));
      return stream.next();
    },
    'events-no-ping': async () => {
      const stream = await open(await answering((socket) => socket.write(`${streamHead}${chunk(event(1, 'cedar28'))}`)));
      return stream.waitForComment({ withinMs: 300 });
    },
  };
  for (const [name, check] of Object.entries(cases)) {
    test(name, async () => {
      await expect(await failureOf(check)).toMatchFileSnapshot(`./golden/${name}.txt`);
    });
  }
});
