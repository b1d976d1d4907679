/**
 * Bytes at the wrong door, and bytes that are no good at any door: plain HTTP sent to the TLS
 * port, a TLS hello sent to the plain one, garbage, half a handshake, a client that connects and
 * says nothing. Each gets a clear answer or a closed connection, a log line that says why, and
 * both servers go on serving.
 */
import { randomBytes } from 'node:crypto';
import tls from 'node:tls';
import { createRequestListener } from 'lesson-04-file-server/src/server.ts';
import { request } from '@workbook/testkit';
import { request as undiciRequest } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeTestCertificates, type TestCertificates } from './certificates.ts';
import { captureClientHello, sendRawTcp } from './raw-tls.ts';
import { type RunningServers, startServers } from './start-servers.ts';

let certs: TestCertificates;
let servers: RunningServers;
let hello: Buffer;
beforeAll(async () => {
  certs = await makeTestCertificates();
  servers = await startServers(createRequestListener({ log: false }), certs.certificates);
  hello = await captureClientHello();
});
afterAll(async () => {
  await servers.stop();
  certs.remove();
});

/** Both doors still work: a file over HTTPS, a redirect over HTTP. */
async function expectBothStillServing() {
  const file = await undiciRequest(`${servers.secureBase}/index.html`, { dispatcher: servers.client });
  await file.body.dump();
  expect(file.statusCode).toBe(200);
  const { response } = await request(servers.plain, { path: '/', headers: { host: 'localhost' } });
  expect(response?.status).toBe(308);
}

describe('at the HTTPS port', () => {
  test('plain HTTP is closed without an answer, and the log says what happened', async () => {
    const { received } = await sendRawTcp(servers.secure, 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n');
    expect(received.length).toBe(0);
    await expect.poll(() => servers.logLines.join('\n')).toContain('plain HTTP sent to the HTTPS port');
    await expectBothStillServing();
  });

  test('random bytes are closed, and logged as not TLS', async () => {
    const { received } = await sendRawTcp(servers.secure, Buffer.concat([Buffer.from([0x00, 0x01]), randomBytes(200)]));
    expect(received.length).toBe(0);
    await expect.poll(() => servers.logLines.join('\n')).toContain('bytes that are not TLS');
    await expectBothStillServing();
  });

  test('half of a real hello, then goodbye, is forgotten without a fuss', async () => {
    const { received } = await sendRawTcp(servers.secure, hello.subarray(0, Math.floor(hello.length / 2)), { end: true });
    expect(received.length).toBe(0);
    await expectBothStillServing();
  });

  test('a hello that stops half-way does not hold up anyone else', async () => {
    // Left open: the server's handshake timeout, or the end of the tests, closes it.
    void sendRawTcp(servers.secure, hello.subarray(0, 40));
    await expectBothStillServing();
  });

  test('a hello with a broken length, and twenty random hellos at once, leave the server serving', async () => {
    const broken = Buffer.from(hello);
    broken.writeUInt16BE(0xffff, 3);
    const attempts = [broken, ...Array.from({ length: 20 }, () => Buffer.concat([hello.subarray(0, 11), randomBytes(300)]))];
    const answers = await Promise.all(attempts.map((bytes) => sendRawTcp(servers.secure, bytes, { end: true })));
    for (const answer of answers) expect(answer.response).toBeNull();
    await expectBothStillServing();
  });

  test('a client that connects and leaves at once is not even logged', async () => {
    const before = servers.logLines.length;
    await sendRawTcp(servers.secure, '', { end: true });
    await expectBothStillServing();
    expect(servers.logLines.slice(before).filter((line) => line.includes('refused'))).toEqual([]);
  });
});

describe('at the plain-HTTP port', () => {
  test('a TLS hello gets 400 in plain HTTP, which the client reports as not TLS', async () => {
    const socket = tls.connect({ host: '127.0.0.1', port: servers.plain.port, ca: certs.certificates.ca, servername: 'localhost' });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('secureConnect', () => resolve('a TLS session, on the plain port?'));
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    socket.destroy();
    expect(outcome).toMatch(/^ERR_SSL_/);
    const { response } = await sendRawTcp(servers.plain, hello);
    expect(response?.status).toBe(400);
    expect(servers.logLines.join('\n')).toContain('a TLS hello: this port speaks plain HTTP');
    await expectBothStillServing();
  });

  test('random bytes get 400', async () => {
    const { response } = await sendRawTcp(servers.plain, Buffer.concat([Buffer.from([0x01]), randomBytes(100), Buffer.from('\r\n\r\n')]));
    expect(response?.status).toBe(400);
    await expectBothStillServing();
  });
});
