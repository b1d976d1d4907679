import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, test } from 'vitest';
import { makeCertificates, writeCertificates } from '@workbook/cert';
import {
  expectHsts,
  expectNoOpenRedirect,
  expectPlainAnswerBare,
  expectRedirectToHttps,
  expectSecureCookie,
  freePort,
  handshake,
  programFolder,
  random,
  Reply,
  request,
  requestOverTls,
  scratchFolder,
  sendRaw,
  useProgram,
  type HttpRequest,
  type Program,
  type TlsReply,
} from '@workbook/testkit';

// A certificate of this run's own, never the one in .workbook/certs: made here, in a temporary
// folder the program can read (while grading, the only one), and named in CERT_DIR. A second
// authority stands for every client that was never told to trust the first.
const certDir = mkdtempSync(path.join(scratchFolder(), 'workbook-ex17-'));
const certificates = await makeCertificates();
writeCertificates(certDir, certificates);
const stranger = await makeCertificates();
const trust = { ca: certificates.ca, cert: certificates.cert };
afterAll(() => rmSync(certDir, { recursive: true, force: true }));

// As in lesson 13: PORT (the kit's, which it waits for) is the plain-HTTP port that redirects, and
// HTTPS_PORT, a second free one, is the server itself.
const httpsPort = await freePort();
const server = useProgram(import.meta.url, 'server.ts', { CERT_DIR: certDir, HTTPS_PORT: String(httpsPort) });

const ownNames = ['localhost', '127.0.0.1', '[::1]'];
const indexPage = readFileSync(path.join(programFolder(import.meta.url), 'public', 'index.html'));

/** The running program. useProgram starts it again after a crash, or says why it never started, at its next exchange. */
async function running(): Promise<Program> {
  if (!server.program || server.program.exit) await server.raw([], { timeoutMs: 100 });
  return server.program as Program;
}

/** Where the HTTPS server listens: HTTPS_PORT, on the program's host. */
async function tlsAddress(): Promise<{ host: string; port: number }> {
  return { host: (await running()).host, port: httpsPort };
}

/** A request over HTTPS, to HTTPS_PORT, from a client that trusts only this run's authority. */
async function overTls(req: HttpRequest = {}): Promise<TlsReply> {
  return requestOverTls(await tlsAddress(), req, trust);
}

/** A request in plain HTTP to PORT, with Host 127.0.0.1:<PORT> unless another is given. */
async function plain(req: HttpRequest = {}): Promise<Reply> {
  const program = await running();
  const exchange = await request(program, { ...req, headers: { host: `127.0.0.1:${program.port}`, ...req.headers } });
  const crashed = exchange.response ? null : await program.waitForExit(300);
  const reply = new Reply(exchange, crashed ? `Your program crashed while answering.\n${program.stderr.quote('The last lines it printed to stderr:')}` : undefined);
  return reply;
}

const pathAndQuery = () => `/${random.word()}/${random.word()}.html?${random.word()}=${random.word()}`;

test('GET / over HTTPS sends the page, byte for byte', async () => {
  (await overTls({ path: '/' }))
    .expectStatus(200)
    .expectHeader('content-type', /^text\/html/)
    .expectBody(indexPage);
});

test('the server shows the certificate from CERT_DIR, and a client that does not trust its authority is refused', async () => {
  const reply = (await overTls({ path: '/' })).expectResponse();
  const refused = await handshake(await tlsAddress(), { ca: stranger.ca });
  refused.socket?.destroy();
  if (!refused.error) {
    reply.fail(
      'a client that trusts only another authority was let in: the certificate your server shows is not the one the tests made.',
      '',
      'Serve the certificate and the key from the files in CERT_DIR: localhost.pem and localhost-key.pem.',
    );
  }
});

test('plain HTTP on PORT gets 308 to the same name, path and query on https://', async () => {
  for (const name of ['127.0.0.1', 'localhost']) {
    const target = pathAndQuery();
    const reply = await plain({ path: target, headers: { host: `${name}:${(await running()).port}` } });
    expectRedirectToHttps(reply, `https://${name}:${httpsPort}${target}`);
  }
});

test('a POST to the plain port gets the same 308, so the browser posts again to https://', async () => {
  const target = pathAndQuery();
  const body = new URLSearchParams({ message: random.text() }).toString();
  const reply = await plain({ method: 'POST', path: target, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  expectRedirectToHttps(reply, `https://127.0.0.1:${httpsPort}${target}`);
});

test('every HTTPS answer carries Strict-Transport-Security, the page and a 404 alike', async () => {
  expectHsts((await overTls({ path: '/' })).expectStatus(200));
  expectHsts((await overTls({ path: `/${random.word()}.html` })).expectStatus(404));
});

test('the plain port sends no Strict-Transport-Security and sets no cookie', async () => {
  expectPlainAnswerBare(await plain({ path: '/' }));
});

test('the visited cookie is Secure, HttpOnly and SameSite=Lax', async () => {
  expectSecureCookie(await overTls({ path: '/' }), 'visited', { httpOnly: true, sameSite: 'Lax', path: '/' });
});

test('a Host that names another site is not sent there, and the plain port keeps serving', async () => {
  const program = await running();
  const foreign = `${random.word()}.example`;
  expectNoOpenRedirect(await plain({ path: '/', headers: { host: foreign } }), `Host: ${foreign}`, ownNames);
  expectNoOpenRedirect(await plain({ path: '/', headers: { host: `${foreign}:${program.port}` } }), `Host: ${foreign}:${program.port}`, ownNames);
  // HTTP/1.0 may leave Host out: then there is no name of ours to send anyone to.
  const noHost = new Reply(await sendRaw(program, 'GET / HTTP/1.0\r\n\r\n'));
  expectNoOpenRedirect(noHost, 'no Host header at all', ownNames);
  const target = pathAndQuery();
  expectRedirectToHttps(await plain({ path: target }), `https://127.0.0.1:${httpsPort}${target}`);
});

test('a path that starts with // stays a path on this server', async () => {
  const target = `//${random.word()}.example/${random.word()}`;
  const reply = await plain({ path: target });
  expectNoOpenRedirect(reply, `the path ${target}`, ownNames);
  expectRedirectToHttps(reply, `https://127.0.0.1:${httpsPort}${target}`);
});

test('plain HTTP sent to the HTTPS port gets no page, and the server keeps serving', async () => {
  const address = await tlsAddress();
  const reply = new Reply(await sendRaw(address, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${httpsPort}\r\nConnection: close\r\n\r\n`));
  const status = reply.status ?? 0;
  if (status >= 200 && status < 400) {
    reply.fail(
      `your server answered plain HTTP on the HTTPS port with ${status}: the page went out unencrypted.`,
      '',
      'Serve HTTPS_PORT with https.createServer({ key, cert }, handle): a TLS server reads only TLS, and drops a plain request.',
    );
  }
  (await overTls({ path: '/' })).expectStatus(200);
});

test('a half-finished handshake, or bytes that are not TLS, do not stop the HTTPS server', async () => {
  const address = await tlsAddress();
  const hello = await clientHello();
  // Half a hello, then nothing: the server waits for the rest, and must serve others meanwhile.
  const half = net.connect(address.port, address.host);
  half.on('error', () => {});
  half.write(hello.subarray(0, Math.floor(hello.length / 2)));
  try {
    (await overTls({ path: '/' })).expectStatus(200);
    // A record that says "handshake" and then goes on with garbage.
    await sendRaw(address, [Buffer.concat([Buffer.from([0x16, 0x03, 0x01, 0x00, 0x40]), Buffer.from(Array.from({ length: 64 }, () => random.int(0, 255)))])], {
      timeoutMs: 1000,
    });
    (await overTls({ path: '/' })).expectStatus(200);
  } finally {
    half.destroy();
  }
});

/** The first bytes a TLS client sends, its hello, caught by a listener here that answers nothing. */
async function clientHello(): Promise<Buffer> {
  const catcher = net.createServer();
  await new Promise<void>((listening) => catcher.listen(0, '127.0.0.1', listening));
  const { port } = catcher.address() as net.AddressInfo;
  const caught = new Promise<Buffer>((resolve) => catcher.once('connection', (socket) => socket.once('data', (data: Buffer) => resolve(data))));
  const client = tls.connect({ host: '127.0.0.1', port, ca: certificates.ca });
  client.on('error', () => {});
  const hello = await caught;
  client.destroy();
  catcher.close();
  return hello;
}
