/**
 * The plain-HTTP port: every request gets 308 to the same path and query over HTTPS, on a name the
 * certificate carries, and never Strict-Transport-Security; a Host it does not carry gets 400, so
 * the port cannot be used to send people elsewhere (an open redirect).
 */
import { createRequestListener } from 'lesson-04-file-server/src/server.ts';
import { random, request, sendRaw } from '@workbook/testkit';
import { request as undiciRequest } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeTestCertificates, type TestCertificates } from './certificates.ts';
import { type RunningServers, startServers } from './start-servers.ts';

let certs: TestCertificates;
let servers: RunningServers;
beforeAll(async () => {
  certs = await makeTestCertificates();
  servers = await startServers(createRequestListener({ log: false }), certs.certificates);
});
afterAll(async () => {
  await servers.stop();
  certs.remove();
});

/** A request to the plain port with exactly this Host and target. */
function rawTo(target: string, host: string | undefined, method = 'GET', version = 'HTTP/1.1') {
  const hostLine = host === undefined ? '' : `Host: ${host}\r\n`;
  return sendRaw(servers.plain, `${method} ${target} ${version}\r\n${hostLine}Connection: close\r\n\r\n`);
}

describe('a request to the plain-HTTP port', () => {
  test('gets 308 to the same path and query over HTTPS, and is told not to remember it', async () => {
    const target = `/${random.word()}/${random.word()}.html?${random.word()}=${random.word()}&q=a%20b`;
    const { response } = await request(servers.plain, { path: target, headers: { host: `localhost:${servers.plain.port}` } });
    expect(response?.status).toBe(308);
    expect(response?.headers.location).toBe(`https://localhost:${servers.secure.port}${target}`);
    expect(response?.headers['cache-control']).toBe('no-store');
    expect(response?.text).toContain(`https://localhost:${servers.secure.port}${target}`);
  });

  test.each([
    ['127.0.0.1', '127.0.0.1'],
    ['[::1]', '[::1]'],
    ['LOCALHOST', 'localhost'],
  ])('with Host %s is sent to https://%s', async (name, expected) => {
    const { response } = await rawTo('/guide/', `${name}:${servers.plain.port}`);
    expect(response?.status).toBe(308);
    expect(response?.headers.location).toBe(`https://${expected}:${servers.secure.port}/guide/`);
  });

  test('never carries Strict-Transport-Security: over plain HTTP it would mean nothing', async () => {
    for (const host of ['localhost', 'evil.example']) {
      const { response } = await rawTo('/', host);
      expect(response?.headers['strict-transport-security']).toBeUndefined();
    }
  });

  test('a POST gets 308 too, which keeps the method and the form for the second try', async () => {
    const { response } = await request(servers.plain, { method: 'POST', path: '/messages', body: 'message=hi', headers: { host: 'localhost' } });
    expect(response?.status).toBe(308);
    expect(response?.headers.location).toBe(`https://localhost:${servers.secure.port}/messages`);
  });

  test('HEAD gets the 308 without a body', async () => {
    const { response } = await rawTo('/', 'localhost', 'HEAD');
    expect(response?.status).toBe(308);
    expect(response?.body.length).toBe(0);
  });

  test('a path that starts with // stays a path on our own host', async () => {
    const { response } = await rawTo('//evil.example/login', 'localhost');
    expect(response?.headers.location).toBe(`https://localhost:${servers.secure.port}//evil.example/login`);
  });

  test('the Location leads to the file, for a client that trusts the local authority', async () => {
    const { response } = await rawTo('/guide/caching.html?x=1', '127.0.0.1');
    const followed = await undiciRequest(String(response?.headers.location), { dispatcher: servers.client });
    expect(followed.statusCode).toBe(200);
    expect(await followed.body.text()).toContain('<html');
  });

  test('each request is one log line, with where it was sent', async () => {
    await rawTo('/logged?yes', 'localhost');
    expect(servers.logLines.join('\n')).toContain(`GET /logged?yes 308 -> https://localhost:${servers.secure.port}/logged?yes`);
  });
});

describe('a Host the certificate does not carry gets 400, never a redirect', () => {
  test.each([
    ['evil.example', 'another name'],
    [`evil.example:${8443}`, 'another name with our port'],
    ['localhost.evil.example', 'a name that starts like ours'],
    ['localhost@evil.example', 'ours as a user name before @'],
    ['192.0.2.7', 'another address'],
    ['local host', 'not a host name at all'],
  ])('%s (%s)', async (host) => {
    const { response } = await rawTo('/', host);
    expect(response?.status).toBe(400);
    expect(response?.headers.location).toBeUndefined();
  });

  test('HTTP/1.0 without a Host is told to send one', async () => {
    const { response } = await rawTo('/', undefined, 'GET', 'HTTP/1.0');
    expect(response?.status).toBe(400);
    expect(response?.body.toString()).toContain('Host header');
  });

  test('a full URL in the request line is refused: the name would not be checked against Host', async () => {
    const { response } = await rawTo('http://evil.example/', 'localhost');
    expect(response?.status).toBe(400);
    expect(response?.headers.location).toBeUndefined();
  });

  test('and the port keeps redirecting afterwards', async () => {
    const { response } = await rawTo('/', 'localhost');
    expect(response?.status).toBe(308);
  });
});
