/**
 * The wire demo: what a relay between client and server can read. In the clear, the request line,
 * the query and the cookie; over TLS, the server's name in the hello, and nothing of the request.
 * The relay itself changes no byte.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readableLines } from '../src/wire/readable.ts';
import { createRelay, type Direction } from '../src/wire/relay.ts';
import { sendSampleRequest, startWireDemo, type WireDemo } from '../src/wire/demo.ts';
import { makeTestCertificates, type TestCertificates } from './certificates.ts';

let certs: TestCertificates;
let demo: WireDemo;
let printed: string[] = [];
beforeAll(async () => {
  certs = await makeTestCertificates();
  demo = await startWireDemo({ host: '127.0.0.1', port: 0, httpsPort: 0, certificates: certs.certificates, print: (line) => printed.push(line) });
});
afterAll(async () => {
  await demo.close();
  certs.remove();
});

/** Everything the relay printed while this request went through it. */
async function seenDuring(scheme: 'http' | 'https'): Promise<string> {
  printed = [];
  const status = await sendSampleRequest(scheme, scheme === 'http' ? demo.port : demo.httpsPort, certs.certificates.ca);
  expect(status).toBe(200);
  return printed.join('\n');
}

describe('what the network sees', () => {
  test('in the clear: the request line, the Host, the cookie and the page', async () => {
    const seen = await seenDuring('http');
    expect(seen).toContain('GET /guide/?search=my+secret+question HTTP/1.1');
    expect(seen).toContain('Cookie: session=s3cr3t-c00k1e');
    expect(seen).toContain('HTTP/1.1 200 OK');
    expect(seen).toContain('<!doctype html>');
  });

  test('over TLS: the name asked for, and none of the request or the answer', async () => {
    const seen = await seenDuring('https');
    expect(seen).toContain('localhost');
    for (const secret of ['GET /', 'search=', 's3cr3t', 'Cookie', 'HTTP/1.1 200', 'doctype']) expect(seen).not.toContain(secret);
    // The pieces went both ways: a handshake, then the encrypted request and answer.
    expect(seen).toMatch(/bytes to the server/);
    expect(seen).toMatch(/bytes to the client/);
  });
});

describe('the relay', () => {
  test('passes every byte on unchanged, both ways', async () => {
    const echo = net.createServer((socket) => socket.pipe(socket));
    const watched: Record<Direction, Buffer[]> = { 'to the server': [], 'to the client': [] };
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const relay = createRelay({ host: '127.0.0.1', port: (echo.address() as net.AddressInfo).port }, (direction, bytes) => watched[direction].push(bytes));
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    try {
      const sent = randomBytes(200_000);
      const received = await new Promise<Buffer>((resolve, reject) => {
        const pieces: Buffer[] = [];
        const socket = net.connect((relay.address() as net.AddressInfo).port, '127.0.0.1', () => socket.write(sent));
        socket.on('data', (piece: Buffer) => {
          pieces.push(piece);
          if (Buffer.concat(pieces).length >= sent.length) {
            socket.destroy();
            resolve(Buffer.concat(pieces));
          }
        });
        socket.on('error', reject);
      });
      expect(received.equals(sent)).toBe(true);
      expect(Buffer.concat(watched['to the server']).equals(sent)).toBe(true);
    } finally {
      await new Promise((resolve) => relay.close(resolve));
      await new Promise((resolve) => echo.close(resolve));
    }
  });
});

describe('readableLines', () => {
  test('keeps printable ASCII and line breaks, and turns every other byte into a dot', () => {
    expect(readableLines(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))).toEqual(['GET / HTTP/1.1', 'Host: x', '']);
    expect(readableLines(Buffer.from([0x16, 0x03, 0x01, 0x6c, 0x6f, 0xff, 0x00]))).toEqual(['...lo..']);
  });

  test('cuts long lines, and says how many lines it left out', () => {
    const lines = readableLines(Buffer.from('a'.repeat(64 * 10)), 64, 8);
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe('a'.repeat(64));
    expect(lines[8]).toBe('... and 2 more lines');
  });
});
