/**
 * The HTTPS checks' failure messages (src/tls.ts), pinned by golden files as messages.test.ts
 * pins the others. The exchanges are written out, not made on the wire: a handshake's outcome
 * and the server's certificate are given, so the text stays the same from run to run. After a
 * deliberate change, delete the golden file, run the tests to write it again, and review the diff.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  expectHsts,
  expectNoOpenRedirect,
  expectPlainAnswerBare,
  expectRedirectToHttps,
  expectSecureCookie,
  Reply,
  TlsReply,
  type HttpExchange,
  type TlsExchange,
} from '../src/index.ts';
import { failureOf } from './failure-of.ts';

const address = { host: '127.0.0.1', port: 4321 };
const plainAddress = { host: '127.0.0.1', port: 4322 };
// A certificate made once, kept as a fixture: its fingerprint is part of a message.
const cert = readFileSync(new URL('./fixtures/tls-localhost.pem', import.meta.url), 'utf8');
const trust = { ca: '(the tests’ authority)', cert };

function answer(status: number, headers: Record<string, string>, body = ''): HttpExchange['response'] {
  const bytes = Buffer.from(body);
  return { status, headers: { 'content-length': String(bytes.length), ...headers }, body: bytes, text: body };
}

function overTls(response: HttpExchange['response'], tls: Partial<TlsExchange['tls']> = {}, error?: HttpExchange['error']): TlsReply {
  return new TlsReply({ kind: 'http', address, sent: { method: 'GET', path: '/', headers: {} }, response, ...(error && { error }), elapsedMs: 3, tls: { trust, ...tls } });
}

function plain(path: string, response: HttpExchange['response'], headers: Record<string, string> = { host: '127.0.0.1:4322' }): Reply {
  return new Reply({ kind: 'http', address: plainAddress, sent: { method: 'GET', path, headers }, response, elapsedMs: 3 });
}

const wrongVersion = { code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'wrong version number' };
const page = '<!doctype html>\n<title>My file server, over HTTPS</title>';
const target = '/guide/index.html?lang=en';

describe('HTTPS failure messages', () => {
  const cases: Record<string, () => unknown> = {
    'tls-plain-http': () =>
      overTls(
        null,
        { handshakeError: wrongVersion, plainAnswer: Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 56\r\n\r\n${page}`) },
        wrongVersion,
      ).expectStatus(200),
    'tls-wrong-certificate': () => {
      const error = { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', message: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' };
      const peer = {
        subject: 'CN=localhost',
        issuer: 'CN=My own authority',
        names: 'DNS:localhost',
        fingerprint: '0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9:0A:1B:2C:3D:4E:5F:60:71:82:93:A4:B5:C6:D7:E8:F9',
      };
      return overTls(null, { handshakeError: error, peer }, error).expectStatus(200);
    },
    'tls-no-handshake-answer': () => {
      const error = { code: 'TIMEOUT', message: 'no answer to the TLS hello within 3000 ms' };
      return overTls(null, { handshakeError: error }, error).expectStatus(200);
    },
    'tls-hsts-missing': () => expectHsts(overTls(answer(200, { 'content-type': 'text/html; charset=utf-8' }, page))),
    'tls-hsts-on-plain': () => expectPlainAnswerBare(plain('/', answer(308, { location: 'https://127.0.0.1:4321/', 'strict-transport-security': 'max-age=300' }))),
    'tls-cookie-not-secure': () =>
      expectSecureCookie(overTls(answer(200, { 'set-cookie': 'visited=yes; Path=/; HttpOnly; SameSite=Lax' }, page)), 'visited', {
        httpOnly: true,
        sameSite: 'Lax',
        path: '/',
      }),
    'tls-redirect-status': () => expectRedirectToHttps(plain(target, answer(301, { location: `https://127.0.0.1:4321${target}` })), `https://127.0.0.1:4321${target}`),
    'tls-redirect-wrong-port': () => expectRedirectToHttps(plain(target, answer(308, { location: `https://127.0.0.1:4322${target}` })), `https://127.0.0.1:4321${target}`),
    'tls-open-redirect': () =>
      expectNoOpenRedirect(plain('/', answer(308, { location: 'https://evil.example/' }), { host: 'evil.example' }), 'Host: evil.example', [
        'localhost',
        '127.0.0.1',
        '[::1]',
      ]),
  };
  for (const [name, check] of Object.entries(cases)) {
    test(name, async () => {
      await expect(failureOf(check)).toMatchFileSnapshot(`./golden/${name}.txt`);
    });
  }
});
