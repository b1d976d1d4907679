/**
 * The event-stream client against small real servers on 127.0.0.1: it must read every form of
 * the format a browser reads, and nothing a browser would not.
 */
import type http from 'node:http';
import { afterEach, describe, expect, test } from 'vitest';
import { CheckFailure, openEvents, type EventStream, type ServerUnderTest } from '../src/index.ts';
import { chunk, httpServer, rawServer, streamHead } from './event-servers.ts';

const servers: ServerUnderTest[] = [];
const streams: EventStream[] = [];
afterEach(async () => {
  await Promise.all(streams.splice(0).map((stream) => stream.close()));
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function serve(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<ServerUnderTest> {
  const server = await httpServer(answer);
  servers.push(server);
  return server;
}

async function open(server: ServerUnderTest, options = {}): Promise<EventStream> {
  const stream = await openEvents(server.address, options);
  streams.push(stream);
  return stream;
}

/** A node:http stream that writes `pieces` one by one, a moment apart, and stays open. */
function writes(...pieces: string[]) {
  return (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    res.flushHeaders();
    let at = 0;
    const next = () => {
      if (at >= pieces.length || res.destroyed) return;
      res.write(pieces[at++]);
      setTimeout(next, 5);
    };
    next();
  };
}

describe('reading the format', () => {
  test('id, event, data and retry, each with or without the space after the colon', async () => {
    const stream = await open(await serve(writes('retry: 1500\n\n', 'id: 1\nevent: note\ndata: hello\n\n', 'id:2\ndata:no space\ndata:  two spaces\n\n')));
    expect(stream.status).toBe(200);
    expect(stream.headers['cache-control']).toBe('no-cache');
    expect(await stream.next()).toEqual({ id: '1', event: 'note', data: 'hello' });
    expect(await stream.next()).toEqual({ id: '2', event: 'message', data: 'no space\n two spaces' });
    expect(stream.retry).toBe(1500);
    expect(stream.lastEventId).toBe('2');
  });

  test('lines end in LF, CRLF or CR, even when a CRLF is split between two writes', async () => {
    const stream = await open(await serve(writes('data: a\r', '\ndata: b\r\r', 'data: c\rdata: d\r\n\r\n', 'data: e\n\n')));
    expect((await stream.next()).data).toBe('a\nb');
    expect((await stream.next()).data).toBe('c\nd');
    expect((await stream.next()).data).toBe('e');
  });

  test('a character of UTF-8 split between two chunks comes out whole', async () => {
    const bytes = Buffer.from('data: grüße\n\n');
    const stream = await open(
      await serve((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8' });
        res.write(bytes.subarray(0, 9));
        setTimeout(() => res.write(bytes.subarray(9)), 10);
      }),
    );
    expect((await stream.next()).data).toBe('grüße');
  });

  test('comments are counted, not dispatched; a block without data is no event, but its id is kept', async () => {
    const stream = await open(await serve(writes(': ping\n\n', 'id: 7\n\n', ':\n', 'data: after\n\n')));
    const event = await stream.next();
    expect(event).toEqual({ event: 'message', data: 'after' });
    expect(stream.comments).toBe(2);
    expect(stream.lastEventId).toBe('7');
    await expect(stream.next({ withinMs: 100 })).rejects.toThrow(/no event came/);
  });

  test('a byte order mark at the start is not part of the first field', async () => {
    const stream = await open(await serve(writes('\ufeffdata: first\n\n')));
    expect((await stream.next()).data).toBe('first');
  });

  test('fields a browser does not know are skipped, and named in the failure', async () => {
    const stream = await open(await serve(writes('Data: shouting\n\n', 'data: quiet\n\n')));
    expect((await stream.next()).data).toBe('quiet');
  });

  test('waitFor takes the events before the one that matches', async () => {
    const stream = await open(await serve(writes('data: one\n\n', 'data: two\n\n', 'data: three\n\n')));
    expect((await stream.waitFor((event) => event.data === 'two')).data).toBe('two');
    expect((await stream.next()).data).toBe('three');
  });

  test('a stream framed without chunks (the server closes at its end) is read too', async () => {
    const server = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\ndata: plain\n\n'));
    servers.push(server);
    const stream = await open(server);
    expect((await stream.next()).data).toBe('plain');
    await expect(stream.next()).rejects.toThrow(/the server closed the stream after 1 event\./);
  });

  test('chunk sizes in hex, with extensions', async () => {
    const server = await rawServer((socket) => socket.write(`${streamHead}${chunk(`data: ${'x'.repeat(30)}\n\n`)}5;name=value\r\ndata:\r\n2\r\n\n\n\r\n`));
    servers.push(server);
    const stream = await open(server);
    expect((await stream.next()).data).toBe('x'.repeat(30));
    expect((await stream.next()).data).toBe('');
  });
});

describe('what it sends', () => {
  test('GET with Accept: text/event-stream, and Last-Event-ID when given', async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const server = await serve((req, res) => {
      seen.push(req.headers);
      writes(`data: ${req.url}\n\n`)(req, res);
    });
    const first = await open(server, { path: '/live' });
    expect((await first.next()).data).toBe('/live');
    await open(server, { lastEventId: '41', headers: { 'X-Test': 'yes' } });
    expect(seen[0]?.accept).toBe('text/event-stream');
    expect(seen[0]?.['last-event-id']).toBeUndefined();
    expect(seen[1]?.['last-event-id']).toBe('41');
    expect(seen[1]?.['x-test']).toBe('yes');
  });

  test('only to loopback, and never a header with a line break', async () => {
    await expect(openEvents({ host: '192.0.2.1', port: 80 })).rejects.toThrow(/loopback only/);
    await expect(openEvents({ host: '127.0.0.1', port: 80 }, { lastEventId: '1\r\nX-Evil: 1' })).rejects.toThrow(/line break/);
  });

  test('close() hangs up, and the server sees it', async () => {
    let closed: Promise<void> = Promise.resolve();
    const server = await serve((req, res) => {
      closed = new Promise((resolve) => res.on('close', resolve));
      writes(': hello\n\n')(req, res);
    });
    const stream = await openEvents(server.address);
    await stream.close();
    await closed;
    expect(stream.ended).toBe(true);
  });
});

describe('failing', () => {
  test('every failure is a CheckFailure', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(404).end();
    });
    const failure = await openEvents(server.address).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CheckFailure);
  });

  test('waitForComment resolves on the next comment, and fails when none comes', async () => {
    const stream = await open(
      await serve((req, res) => {
        writes('data: x\n\n')(req, res);
        const timer = setInterval(() => res.write(': ping\n\n'), 20);
        res.on('close', () => clearInterval(timer));
      }),
    );
    await stream.waitForComment();
    expect(stream.comments).toBeGreaterThan(0);
    const quiet = await open(await serve(writes('data: x\n\n')));
    await expect(quiet.waitForComment({ withinMs: 100 })).rejects.toThrow(/comment/);
  });

  test('a runaway stream is cut off rather than kept in memory', async () => {
    const server = await rawServer((socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n');
      const line = Buffer.alloc(64 * 1024, ': xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n');
      const flood = () => {
        while (!socket.destroyed && socket.write(line));
        if (!socket.destroyed) socket.once('drain', flood);
      };
      flood();
    });
    servers.push(server);
    const stream = await open(server);
    await expect(stream.next({ withinMs: 5000 })).rejects.toThrow(/MiB came, and the kit stopped reading/);
  });
});
