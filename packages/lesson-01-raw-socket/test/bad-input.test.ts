/**
 * Malformed, huge, silent, unfinished and vanishing clients: each gets a clear answer or is
 * dropped, and none of them stops the server from serving the next one.
 */
import net from 'node:net';
import { describe, test, expect, beforeAll, afterAll } from 'vitest';
import { sendRaw, type Address } from '@workbook/testkit';
import { MAX_HEAD_BYTES } from '../src/server.ts';
import { startServer, randomPath, type RunningServer } from './start-server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.stop();
});

/** After any misbehaving client, a good request must still work. */
async function expectStillServing(): Promise<void> {
  const path = randomPath();
  const exchange = await sendRaw(server.address, `GET ${path} HTTP/1.1\r\n\r\n`);
  expect(exchange.response?.status).toBe(200);
  expect(exchange.response?.body.toString('utf8')).toContain(path);
}

describe('a malformed request line', () => {
  test.each([['GARBAGE'], ['GET /'], ['GET / HTTP/1.1 extra'], ['get / HTTP/1.1'], ['GET  / HTTP/1.1'], ['GET hello HTTP/1.1'], ['GET / HTTP/one'], ['']])(
    '%j gets 400 Bad Request, an HTML page, and the server closes',
    async (line) => {
      const exchange = await sendRaw(server.address, `${line}\r\nHost: localhost\r\n\r\n`);
      expect(exchange.closedByServer).toBe(true);
      expect(exchange.response?.problems).toEqual([]);
      expect(exchange.response?.statusLine).toBe('HTTP/1.1 400 Bad Request');
      expect(exchange.response?.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(exchange.response?.body.toString('utf8')).toContain('400 Bad Request');
    },
  );

  test('does not stop the server: a good request afterwards works', async () => {
    await sendRaw(server.address, 'GARBAGE\r\n\r\n');
    await expectStillServing();
  });
});

describe('HTML escaping', () => {
  test('a path with <script> is shown as text, not run as a script', async () => {
    const path = `/<script>alert("hi")</script>&'`;
    const exchange = await sendRaw(server.address, `GET ${path} HTTP/1.1\r\n\r\n`);
    const page = exchange.response?.body.toString('utf8') ?? '';
    expect(exchange.response?.status).toBe(200);
    expect(page).not.toContain('<script>');
    expect(page).toContain('/&lt;script&gt;alert(&quot;hi&quot;)&lt;/script&gt;&amp;&#39;');
  });

  test('the 400 page escapes the bad line it shows back', async () => {
    const exchange = await sendRaw(server.address, '<script>x</script>\r\n\r\n');
    const page = exchange.response?.body.toString('utf8') ?? '';
    expect(exchange.response?.status).toBe(400);
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});

describe('an over-large head', () => {
  test('a head bigger than the limit gets 431 and the server closes', async () => {
    const filler = 'a'.repeat(MAX_HEAD_BYTES);
    const exchange = await sendRaw(server.address, `GET / HTTP/1.1\r\nX-Filler: ${filler}\r\n\r\n`);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.response?.problems).toEqual([]);
    expect(exchange.response?.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
  });

  test('a head that never ends is refused once it passes the limit, not kept growing', async () => {
    const kilobyte = 'X-Filler: ' + 'a'.repeat(1012) + '\r\n';
    const chunks = ['GET / HTTP/1.1\r\n', ...Array.from({ length: 20 }, () => kilobyte)];
    const exchange = await sendRaw(server.address, chunks, { pauseMs: 5 });
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.response?.status).toBe(431);
    await expectStillServing();
  });
});

describe('a client that stops talking', () => {
  // Our choice: a silent client is dropped without a word (no 408), as it has not asked anything.
  test('an idle client that sends nothing is dropped after the timeout', async () => {
    const exchange = await sendRaw(server.address, []);
    expect(exchange.timedOut).toBe(false);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.received.length).toBe(0);
  });

  test('a client that never sends the blank line is dropped after the timeout', async () => {
    const exchange = await sendRaw(server.address, 'GET / HTTP/1.1\r\nHost: localhost\r\n');
    expect(exchange.timedOut).toBe(false);
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.received.length).toBe(0);
  });

  test('a request ending lines with a bare \\n never completes its head, so it is dropped too', async () => {
    const exchange = await sendRaw(server.address, 'GET / HTTP/1.1\nHost: localhost\n\n');
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.received.length).toBe(0);
  });

  test('a client that half-closes before the blank line gets 400 at once', async () => {
    const exchange = await sendRaw(server.address, 'GET / HTTP/1.1\r\nHost: localhost\r\n', { endAfterWrite: true });
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.response?.problems).toEqual([]);
    expect(exchange.response?.status).toBe(400);
  });

  test('a client that half-closes without sending anything is simply closed', async () => {
    const exchange = await sendRaw(server.address, [], { endAfterWrite: true });
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.received.length).toBe(0);
  });
});

/** Connects, writes, then resets the connection (a TCP RST: an abrupt hang-up, as a crash would). */
function sendThenReset(address: Address, bytes: string, pauseBeforeResetMs: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(address.port, address.host, () => {
      socket.write(bytes);
      setTimeout(() => socket.resetAndDestroy(), pauseBeforeResetMs);
    });
    socket.on('error', () => {});
    socket.on('close', () => resolve());
  });
}

describe('a client that vanishes', () => {
  test('a reset in the middle of a request does not crash the server', async () => {
    await sendThenReset(server.address, 'GET /half HTTP/1.1\r\nHost: loc', 50);
    await expectStillServing();
  });

  test('a reset right after a full request (while the answer is written) does not crash the server', async () => {
    await Promise.all(Array.from({ length: 10 }, () => sendThenReset(server.address, 'GET / HTTP/1.1\r\n\r\n', 0)));
    await expectStillServing();
  });
});
