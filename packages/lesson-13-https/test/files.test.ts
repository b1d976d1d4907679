/**
 * Lesson 4's file server, served over TLS: a client that trusts the local authority gets the very
 * same files, with Strict-Transport-Security on every answer; a client that does not trust it, or
 * trusts another, never gets a byte; and lesson 4's path attacks, sent inside TLS, still get their
 * refusals.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { createRequestListener } from 'lesson-04-file-server/src/server.ts';
import { canLink, makeTempSite, type TempSite } from 'lesson-04-file-server/test/temp-site.ts';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { STRICT_TRANSPORT_SECURITY } from '../src/hsts.ts';
import { makeTestCertificates, type TestCertificates } from './certificates.ts';
import { sendRawTls } from './raw-tls.ts';
import { type RunningServers, startServers } from './start-servers.ts';

let certs: TestCertificates;
let site: TempSite;
let servers: RunningServers;
beforeAll(async () => {
  certs = await makeTestCertificates();
  site = makeTempSite();
  servers = await startServers(createRequestListener({ root: site.root, log: false }), certs.certificates);
});
afterAll(async () => {
  await servers.stop();
  site.remove();
  certs.remove();
});

/** A GET over HTTPS with undici, through `dispatcher`; the error code when there is no answer. */
async function get(target: string, dispatcher: Agent = servers.client, headers: Record<string, string> = {}) {
  try {
    const response = await request(`${servers.secureBase}${target}`, { dispatcher, headers });
    return { status: response.statusCode, headers: response.headers, body: Buffer.from(await response.body.arrayBuffer()) };
  } catch (error) {
    const cause = (error as { cause?: NodeJS.ErrnoException }).cause ?? (error as NodeJS.ErrnoException);
    return { error: cause.code ?? cause.message };
  }
}

async function expectStillServing() {
  const answer = await get('/index.html');
  expect(answer.status).toBe(200);
}

describe('a client that trusts the local authority', () => {
  test('gets the files, byte for byte, as over plain HTTP', async () => {
    for (const file of ['index.html', 'guide/caching.html', 'logo.png']) {
      const answer = await get(`/${file}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(readFileSync(path.join(site.root, file)));
    }
  });

  test('finds Strict-Transport-Security on every answer: 200, 301, 304, 404 and 405', async () => {
    const first = await get('/index.html');
    expect(first.headers?.['strict-transport-security']).toBe(STRICT_TRANSPORT_SECURITY);
    const again = await get('/index.html', servers.client, { 'if-none-match': String(first.headers?.etag) });
    expect(again.status).toBe(304);
    expect(again.headers?.['strict-transport-security']).toBe(STRICT_TRANSPORT_SECURITY);
    for (const [target, status] of [
      ['/guide', 301],
      ['/no-such-file.html', 404],
    ] as const) {
      const answer = await get(target);
      expect(answer.status).toBe(status);
      expect(answer.headers?.['strict-transport-security']).toBe(STRICT_TRANSPORT_SECURITY);
    }
    const post = await request(`${servers.secureBase}/`, { method: 'POST', dispatcher: servers.client, body: 'x' });
    await post.body.dump();
    expect(post.statusCode).toBe(405);
    expect(post.headers['strict-transport-security']).toBe(STRICT_TRANSPORT_SECURITY);
  });

  test('keeps the short max-age and leaves out includeSubDomains and preload', () => {
    expect(STRICT_TRANSPORT_SECURITY).toBe('max-age=300');
  });

  test('checks the name: a certificate for localhost is no good for example.test', async () => {
    const socket = tls.connect({ host: '127.0.0.1', port: servers.secure.port, ca: certs.certificates.ca, servername: 'example.test' });
    const outcome = await new Promise<string>((resolve) => {
      socket.once('secureConnect', () => resolve('trusted'));
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    socket.destroy();
    expect(outcome).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    await expectStillServing();
  });
});

describe('a client that does not trust the local authority', () => {
  test('that trusts only the usual authorities is refused, and gets no file', async () => {
    const usual = new Agent();
    try {
      expect(await get('/index.html', usual)).toEqual({ error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    } finally {
      await usual.close();
    }
    await expectStillServing();
  });

  test('that trusts another local authority is refused too', async () => {
    const other = new Agent({ connect: { ca: certs.stranger.ca } });
    try {
      expect(await get('/index.html', other)).toEqual({ error: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    } finally {
      await other.close();
    }
    await expectStillServing();
  });
});

describe("lesson 4's path attacks, inside TLS", () => {
  /** A GET with exactly this target in its request line, over TLS. */
  const rawGet = (target: string) => sendRawTls(servers.secure, `GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`, certs.certificates.ca);

  test.each([
    ['/../secret.txt', 404],
    ['/%2e%2e/secret.txt', 404],
    ['/guide/../../secret.txt', 404],
    ['/..%5csecret.txt', 400],
    ['/.env', 404],
    ['/.git/config', 404],
    ['/%00', 400],
    [`/${'a'.repeat(10_000)}`, 414],
  ])('%s gets %i, and not a byte of a secret', async (target, status) => {
    const { response, received } = await rawGet(target);
    expect(response?.status).toBe(status);
    expect(received.toString('latin1')).not.toContain(site.secret);
    await expectStillServing();
  });

  test.skipIf(!canLink)('a link out of the site gets 404 (skipped on Windows)', async () => {
    const { response, received } = await rawGet('/escape.txt');
    expect(response?.status).toBe(404);
    expect(received.toString('latin1')).not.toContain(site.secret);
  });

  test("a raw NUL byte, which node's parser refuses, gets 400 inside the encrypted connection", async () => {
    const { response } = await rawGet('/index.html\0');
    expect(response?.status).toBe(400);
    await expectStillServing();
  });

  test('a head of 20 KB gets 431', async () => {
    const { response } = await sendRawTls(servers.secure, `GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`, certs.certificates.ca);
    expect(response?.status).toBe(431);
    await expectStillServing();
  });
});
