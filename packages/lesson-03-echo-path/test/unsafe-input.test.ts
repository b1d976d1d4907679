/**
 * Echoing a stranger's input safely: the answer stays text, nothing from the request reaches a
 * response header, URLs in the request line are shown and never followed, and no input, however
 * odd, stops the server.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, sendRaw } from '@workbook/testkit';
import { rawRequest } from './raw-request.ts';
import { startServer, type RunningServer } from './start-server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

/** After every odd request, an ordinary one must still get its echo. */
async function expectStillServing() {
  const { response, error } = await request(server.address, { path: '/after' });
  expect(error).toBeUndefined();
  expect(response?.status).toBe(200);
  expect(response?.text).toContain('Path: /after\n');
}

describe('the answer is text, and its headers are our own', () => {
  test('a <script> in the path is echoed as plain text the browser may not sniff', async () => {
    const { response } = await sendRaw(server.address, rawRequest('GET /<script>alert(1)</script> HTTP/1.1'));
    expect(response?.status).toBe(200);
    expect(response?.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response?.headers['x-content-type-options']).toBe('nosniff');
    expect(response?.body.toString('utf8')).toContain('Path: /<script>alert(1)</script>\n');
  });

  test('a line break hidden in the path does not become a header', async () => {
    const target = '/x%0D%0ASet-Cookie:%20stolen=1%0D%0A%0D%0A<h1>hi</h1>?next=%0D%0ALocation:%20http://evil.example/';
    const { response } = await sendRaw(server.address, rawRequest(`GET ${target} HTTP/1.1`, ['X-Echo-Me: please']));
    expect(response?.status).toBe(200);
    expect(response?.problems).toEqual([]);
    // Exactly the headers the server always sends (node adds Date and Connection); none of them
    // holds anything the client sent.
    expect(Object.keys(response?.headers ?? {}).sort()).toEqual(['connection', 'content-length', 'content-type', 'date', 'vary', 'x-content-type-options']);
    expect(response?.body.toString('utf8')).toContain('  decoded once: "/x\\r\\nSet-Cookie: stolen=1\\r\\n\\r\\n<h1>hi</h1>"\n');
  });

  test('control characters are written as escapes, so they cannot steer the terminal', async () => {
    const { response } = await sendRaw(server.address, rawRequest('GET /%1B[2J%C2%9B HTTP/1.1', ['X-Odd: a\x9bb']));
    const text = response?.body.toString('utf8') ?? '';
    expect(text).toContain('  decoded once: "/\\u001b[2J\\u009b"\n');
    expect(text).toContain('  X-Odd: a\\u009bb\n');
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('URLs in the request line are shown, never followed', () => {
  test('an absolute-form target is reported as a path, and nothing is fetched from it', async () => {
    // A server standing in for "evil.example": if the echo server fetched the URL, it would
    // knock here.
    let knocks = 0;
    const trap = net.createServer((socket) => {
      knocks++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => trap.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(trap.address() as AddressInfo).port}/x?q=1`;
    try {
      const { response } = await sendRaw(server.address, rawRequest(`GET ${url} HTTP/1.1`));
      const text = response?.body.toString('utf8') ?? '';
      expect(response?.status).toBe(200);
      expect(response?.headers['location']).toBeUndefined();
      expect(text).toContain(`Request line: GET ${url} HTTP/1.1\n`);
      expect(text).toContain(`Path: ${url.replace('?q=1', '')}\n`);
      expect(text).toContain('Note: The target is a whole URL (absolute-form)');
      expect(knocks).toBe(0);
    } finally {
      await new Promise((resolve) => trap.close(resolve));
    }
  });

  test('//evil.example/x is a path on this server, not a host', async () => {
    const { response } = await sendRaw(server.address, rawRequest('GET //evil.example/x?y=1 HTTP/1.1'));
    const text = response?.body.toString('utf8') ?? '';
    expect(response?.status).toBe(200);
    expect(response?.headers['location']).toBeUndefined();
    expect(text).toContain('Path: //evil.example/x\n  decoded once: "//evil.example/x"\nQuery: y=1\n');
    expect(text).toContain('Note: The path starts with "//".');
  });

  test('so is /%2F%2Fevil.example/x once decoded', async () => {
    const { response } = await sendRaw(server.address, rawRequest('GET /%2F%2Fevil.example/x HTTP/1.1'));
    expect(response?.status).toBe(200);
    expect(response?.headers['location']).toBeUndefined();
    expect(response?.body.toString('utf8')).toContain('  decoded once: "///evil.example/x"\n');
  });

  test('OPTIONS * is echoed with a note on what * means', async () => {
    const { response } = await sendRaw(server.address, rawRequest('OPTIONS * HTTP/1.1'));
    expect(response?.status).toBe(200);
    expect(response?.body.toString('utf8')).toContain('Note: The target "*" (asterisk-form)');
  });
});

describe('odd input never stops the server', () => {
  test('bytes that are not HTTP get 400, and the connection closes', async () => {
    const { response, closedByServer } = await sendRaw(server.address, 'HELLO THERE, SERVER\r\n\r\n');
    expect(response?.status).toBe(400);
    expect(response?.problems).toEqual([]);
    expect(closedByServer).toBe(true);
    await expectStillServing();
  });

  test("a space or a raw non-ASCII byte in the target is refused by node's parser with 400", async () => {
    expect((await sendRaw(server.address, rawRequest('GET /a b HTTP/1.1'))).response?.status).toBe(400);
    // sendRaw writes a string's characters as single bytes, so \xe9 goes out as the byte E9.
    expect((await sendRaw(server.address, rawRequest('GET /\xe9 HTTP/1.1'))).response?.status).toBe(400);
    await expectStillServing();
  });

  test('headers too large to parse get 431', async () => {
    const { response } = await sendRaw(server.address, rawRequest('GET / HTTP/1.1', [`X-Huge: ${'x'.repeat(20_000)}`]));
    expect(response?.status).toBe(431);
    await expectStillServing();
  });

  test('CONNECT, which asks for a tunnel, is hung up on without bringing the server down', async () => {
    const { closedByServer } = await sendRaw(server.address, 'CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n');
    expect(closedByServer).toBe(true);
    await expectStillServing();
  });

  test('a client that sends half a request and hangs up does not stop the server', async () => {
    await sendRaw(server.address, 'GET /half HTT', { endAfterWrite: true });
    await expectStillServing();
  });

  test('a body is read past, never echoed, and never taken for the next request', async () => {
    const body = 'GET /trap HTTP/1.1\r\nHost: test\r\n\r\n';
    const { received } = await sendRaw(server.address, [
      `POST /first HTTP/1.1\r\nHost: test\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      rawRequest('GET /second HTTP/1.1'),
    ]);
    const text = received.toString('utf8');
    expect(text.match(/^HTTP\/1\.1 200 OK\r$/gm)).toHaveLength(2);
    expect(text).toContain('Path: /first\n');
    expect(text).toContain('Path: /second\n');
    expect(text).not.toContain('/trap');
  });
});
