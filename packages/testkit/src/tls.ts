/**
 * HTTPS for the checks: a request over TLS that trusts only the tests' own authority, and checks
 * of what makes a server an HTTPS server (exercise ex17, lesson 13): the certificate it shows, the
 * plain-HTTP port that sends visitors to https://, Strict-Transport-Security, a Secure cookie.
 *
 *   const certificates = await makeCertificates();   // from @workbook/cert, in a temporary folder
 *   const trust = { ca: certificates.ca, cert: certificates.cert };
 *   const page = await requestOverTls(server.program, { path: '/' }, trust);
 *   page.expectStatus(200).expectHeader('content-type', /^text\/html/);
 *
 * The handshake is made here, with node:tls, and the connection handed to undici: so a failure
 * can say what went wrong in the handshake (a server that answered in plain HTTP, a certificate
 * that is not the one it was given) instead of a bare OpenSSL code.
 */
import { X509Certificate } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { Client } from 'undici';
import { hostPort, type Address } from './address.ts';
import { expectCookie, type CookieExpectations, type SetCookie } from './cookies.ts';
import { escapeStart } from './escape.ts';
import type { HttpExchange, HttpRequest } from './http.ts';
import { sendRaw } from './raw.ts';
import { Reply } from './reply.ts';
import { formatSent } from './report.ts';

export interface Trust {
  /** The authority's certificate (PEM): the only one the client trusts. */
  ca: string;
  /** The server certificate the program was given (PEM): tells a wrong certificate from an untrusted one. */
  cert?: string;
  /** Where the program was told to find its certificate, as a failure names it (default "CERT_DIR", the lesson's folder variable). */
  certSource?: string;
}

/** What the handshake showed of the server's certificate. */
export interface PeerCertificate {
  subject: string;
  issuer: string;
  /** The names it is good for: `DNS:localhost, IP Address:127.0.0.1, ...`. */
  names: string;
  fingerprint: string;
}

export interface TlsExchange extends HttpExchange {
  tls: {
    /** The certificate the server showed, when the handshake got that far. */
    peer?: PeerCertificate;
    /** The handshake failed: ERR_SSL_WRONG_VERSION_NUMBER, a certificate that is not trusted, ECONNRESET... */
    handshakeError?: { code: string; message: string };
    /** When the server answered in plain HTTP: the start of its answer to a plain request. */
    plainAnswer?: Buffer;
    trust: Trust;
  };
}

/** The OpenSSL errors of a client that got something other than TLS back for its hello. */
const notTls = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_UNKNOWN_PROTOCOL', 'ERR_SSL_RECORD_LAYER_FAILURE']);

/** The handshake error of a certificate the client does not trust, or that does not name the host. */
const untrusted = /^(UNABLE_TO_|SELF_SIGNED|DEPTH_ZERO|INVALID_PURPOSE|CERT_|ERR_TLS_CERT_ALTNAME)/;

function peerOf(raw: X509Certificate | undefined): PeerCertificate | undefined {
  if (!raw) return undefined;
  return { subject: raw.subject.replaceAll('\n', ', '), issuer: raw.issuer.replaceAll('\n', ', '), names: raw.subjectAltName ?? '(none)', fingerprint: raw.fingerprint256 };
}

interface Handshaken {
  socket?: tls.TLSSocket;
  peer?: PeerCertificate;
  error?: { code: string; message: string };
}

/**
 * One TLS handshake with the server, trusting only `trust.ca`. The certificate is checked here,
 * after the handshake, so that an untrusted one is still there to be described.
 */
export function handshake(address: Address, trust: Trust, timeoutMs = 3000): Promise<Handshaken> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: address.host,
      port: address.port,
      ca: trust.ca,
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      // An address gets no server name: TLS sends names only, and the certificate names 127.0.0.1.
      ...(net.isIP(address.host) === 0 && { servername: address.host }),
    });
    const timer = setTimeout(() => fail({ code: 'TIMEOUT', message: `no answer to the TLS hello within ${timeoutMs} ms` }), timeoutMs);
    function fail(error: { code: string; message: string }, peer?: PeerCertificate) {
      clearTimeout(timer);
      socket.destroy();
      resolve({ error, ...(peer && { peer }) });
    }
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      // Asked for once: node hands out the certificate a single time.
      const x509 = socket.getPeerX509Certificate();
      const peer = peerOf(x509);
      if (!socket.authorized) {
        const code = String(socket.authorizationError ?? 'UNTRUSTED');
        return fail({ code, message: code }, peer);
      }
      // The certificate must name the address asked for, as a browser checks the name in its address bar.
      const named = net.isIP(address.host) ? x509?.checkIP(address.host) : x509?.checkHost(address.host);
      if (!named) return fail({ code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: `the certificate does not name ${address.host}` }, peer);
      resolve({ socket, ...(peer && { peer }) });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => fail({ code: error.code ?? 'ERROR', message: error.message.split('\n')[0] ?? '' }));
  });
}

/** Sends one request over HTTPS, on a fresh connection that trusts only `trust.ca`. */
export async function requestOverTls(address: Address, req: HttpRequest, trust: Trust): Promise<TlsReply> {
  const { method = 'GET', path = '/', headers = {}, body, timeoutMs = 3000 } = req;
  const sent = { method, path, headers, ...(body !== undefined && { body }) };
  const started = performance.now();
  const elapsedMs = () => Math.round(performance.now() - started);
  const shaken = await handshake(address, trust, timeoutMs);
  if (!shaken.socket) {
    const error = shaken.error ?? { code: 'ERROR', message: 'the handshake failed' };
    // A server that speaks plain HTTP here: what it says to a plain request shows it best.
    let plainAnswer: Buffer | undefined;
    if (notTls.has(error.code)) {
      const plain = await sendRaw(address, `GET ${path} HTTP/1.1\r\nHost: ${hostPort(address)}\r\nConnection: close\r\n\r\n`, { until: 'response', timeoutMs });
      if (plain.received.length) plainAnswer = plain.received;
    }
    return new TlsReply({
      kind: 'http',
      address,
      sent,
      response: null,
      error,
      elapsedMs: elapsedMs(),
      tls: { ...(shaken.peer && { peer: shaken.peer }), handshakeError: error, ...(plainAnswer && { plainAnswer }), trust },
    });
  }
  const socket = shaken.socket;
  // undici sends the request over the connection made above, and makes no other.
  const client = new Client(`https://${hostPort(address)}`, {
    // Handed over on the next tick: undici expects its connector to answer later, never at once.
    connect: (_options, callback) => process.nextTick(callback, null, socket),
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    pipelining: 1,
  });
  const tlsPart = { ...(shaken.peer && { peer: shaken.peer }), trust };
  try {
    const res = await client.request({ method, path, headers, body: body ?? null });
    const bytes = Buffer.from(await res.body.arrayBuffer());
    const flat: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    const response = { status: res.statusCode, headers: flat, body: bytes, text: bytes.toString('utf8') };
    return new TlsReply({ kind: 'http', address, sent, response, elapsedMs: elapsedMs(), tls: tlsPart });
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    const code = /timeout/i.test(err.name) ? 'TIMEOUT' : (err.code ?? 'ERROR');
    return new TlsReply({ kind: 'http', address, sent, response: null, error: { code, message: err.message }, elapsedMs: elapsedMs(), tls: tlsPart });
  } finally {
    client.destroy().catch(() => {});
    socket.destroy();
  }
}

/** What a handshake failure means, and what to do about it. */
function explainHandshake(exchange: TlsExchange): { summary: string; details: string; hint: string } | undefined {
  const { handshakeError: error, peer, plainAnswer, trust } = exchange.tls;
  if (!error) return undefined;
  const source = trust.certSource ?? 'CERT_DIR';
  if (notTls.has(error.code)) {
    return {
      summary: 'your server answered in plain HTTP on the HTTPS port: the TLS handshake got no TLS back.',
      details: plainAnswer
        ? `The same port, asked in plain HTTP, answers:\n  ${escapeStart(plainAnswer, 200)}`
        : `The client's TLS hello got bytes back that are not TLS (${error.code}).`,
      hint: `Serve this port with node:https, not node:http: https.createServer({ key, cert }, handler), with the key and the certificate read from the files in ${source}.`,
    };
  }
  if (untrusted.test(error.code) && peer) {
    const wanted = trust.cert ? new X509Certificate(trust.cert).fingerprint256 : undefined;
    const shown = `The certificate it showed:\n  subject: ${peer.subject}\n  issued by: ${peer.issuer}\n  names: ${peer.names}\n  SHA-256: ${peer.fingerprint}`;
    if (wanted && wanted !== peer.fingerprint) {
      return {
        summary: `the certificate your server showed is not the one in ${source}, so a client that trusts only the local authority refuses it (${error.code}).`,
        details: `${shown}\nThe one in ${source} has SHA-256: ${wanted}`,
        hint: `Read the certificate and the key from the files in ${source} each time the server starts, not from a folder of your own or a copy pasted into the code: the tests make new ones for every run.`,
      };
    }
    return {
      summary: `a client that trusts only the local authority refused your server's certificate (${error.code}).`,
      details: shown,
      hint: `Serve the certificate from ${source} as it is: https.createServer({ key, cert }), with both read from the files there.`,
    };
  }
  if (error.code === 'TIMEOUT') {
    return {
      summary: 'the TLS handshake got no answer: the client said hello, and the server said nothing back.',
      details: '',
      hint: 'A TLS server answers the hello by itself. Is this port served by https.createServer (not net.createServer), and does nothing in your code hold the connection before it?',
    };
  }
  if (error.code === 'ECONNREFUSED') {
    return {
      summary: `nothing accepted the connection on the HTTPS port, ${exchange.address.port}.`,
      details: '',
      hint: 'Listen with the HTTPS server on the port in process.env.HTTPS_PORT (as lesson 13 does, PORT is for the plain-HTTP server that redirects): httpsServer.listen(httpsPort, host).',
    };
  }
  return {
    summary: `the connection broke during the TLS handshake (${error.code}: ${error.message}).`,
    details: '',
    hint: 'The server closed the connection before the handshake was done. Is this port served by https.createServer with the key and certificate? Look at what your server printed.',
  };
}

/** A reply that came over TLS: its failures show the curl command with --cacert, and explain a failed handshake. */
export class TlsReply extends Reply {
  declare readonly exchange: TlsExchange;

  constructor(exchange: TlsExchange, crash?: string) {
    super(exchange, crash);
  }

  /** The certificate the server showed, when the handshake got that far. */
  get peer(): PeerCertificate | undefined {
    return this.exchange.tls.peer;
  }

  override fail(summary: string, details = '', hint = ''): never {
    try {
      return super.fail(summary, details, hint);
    } catch (error) {
      // The same story, told as curl over https would ask: trusting the local authority.
      const plain = formatSent(this.exchange);
      const curl = plain.split('\n')[1] ?? '';
      const over = curl.replace(/^(\s*curl -i)/, '$1 --cacert .workbook/certs/ca.pem').replace(/'?http:\/\/(\S+)$/, (url) => url.replace('http://', 'https://'));
      (error as Error).message = (error as Error).message.replace(`What was sent:\n${curl}`, `What was sent, over TLS:\n${over}`);
      throw error;
    }
  }

  override expectResponse(): this {
    const explained = explainHandshake(this.exchange);
    if (explained) this.fail(explained.summary, explained.details, explained.hint);
    return super.expectResponse();
  }
}

/** An HTTPS answer carries Strict-Transport-Security with a max-age above 0. */
export function expectHsts(reply: Reply): string {
  reply.expectResponse();
  const value = reply.headers['strict-transport-security'];
  const hint =
    "Add res.setHeader('Strict-Transport-Security', 'max-age=300') to every answer of the HTTPS server. It tells the browser to come back over https:// for that many seconds, " +
    'even when the visitor types http://, so nobody on the way gets a plain request to tamper with.';
  if (value === undefined) reply.fail('expected a Strict-Transport-Security header on this HTTPS answer, but there is none.', '', hint);
  const maxAge = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?\s*(?:;|$)/i.exec(value)?.[1];
  if (maxAge === undefined || Number(maxAge) <= 0) {
    reply.fail(
      `expected Strict-Transport-Security to have a max-age above 0, but it is ${JSON.stringify(value)}.`,
      '',
      `max-age is how many seconds the browser remembers to use https://; max-age=0 tells it to forget. ${hint.split('.')[0]}.`,
    );
  }
  return value;
}

/** A plain-HTTP answer carries no Strict-Transport-Security and sets no cookie. */
export function expectPlainAnswerBare(reply: Reply): void {
  reply.expectResponse();
  const hsts = reply.headers['strict-transport-security'];
  if (hsts !== undefined) {
    reply.fail(
      `expected no Strict-Transport-Security on a plain-HTTP answer, but it is ${JSON.stringify(hsts)}.`,
      '',
      'A browser ignores Strict-Transport-Security that comes over plain HTTP: anyone on the way could have added it, or taken it out. Send it from the HTTPS server only.',
    );
  }
  const cookie = reply.headers['set-cookie'];
  if (cookie !== undefined) {
    reply.fail(
      `expected the plain-HTTP port to set no cookie, but it sends Set-Cookie: ${cookie}`,
      '',
      'Everything sent over plain HTTP can be read on the way, cookies too. The plain port only sends the visitor to https://; the cookies come from the HTTPS server, with Secure.',
    );
  }
}

/** The cookie `name`, with Secure besides what `expectCookie` checks. */
export function expectSecureCookie(reply: Reply, name: string, wanted: CookieExpectations = {}): SetCookie {
  const cookie = expectCookie(reply, name, wanted);
  if (!('secure' in cookie.attributes)) {
    reply.fail(
      `the cookie "${name}" is not Secure.`,
      `Set-Cookie: ${cookie.line}`,
      'Add "; Secure" to the Set-Cookie line. A browser then sends the cookie back over https:// only: never in a plain request to the same name, where anyone on the way could read it.',
    );
  }
  return cookie;
}

/**
 * A plain-HTTP answer that sends the visitor to `wanted`, the https:// address with the same
 * name, path and query: status 308, and Location exactly `wanted`.
 */
export function expectRedirectToHttps(reply: Reply, wanted: string): string {
  reply.expectResponse();
  const target = new URL(wanted);
  const location = reply.headers.location;
  if (reply.status !== 308) {
    const hints: Record<number, string> = {
      301: 'A 301 lets the browser turn a POST into a GET on the way: the form data is lost. 308 Permanent Redirect keeps the method and the body.',
      302: 'A 302 is for a move that is only for now, and lets the browser turn a POST into a GET. Answer 308 Permanent Redirect: this site is on https:// for good.',
      307: '307 keeps the method, but says the move is only for now. Answer 308 Permanent Redirect: this site is on https:// for good.',
    };
    reply.fail(
      `expected status 308 (Permanent Redirect) to ${wanted}, but got ${reply.status}.`,
      '',
      hints[reply.status ?? 0] ??
        `The plain-HTTP port serves no pages: it answers every request with 308 and Location: https://, the same name, the HTTPS port (HTTPS_PORT), and the same path and query: res.writeHead(308, { Location: \`https://\${name}:\${httpsPort}\${req.url}\` }).`,
    );
  }
  if (location === undefined) {
    reply.fail(
      `expected a Location header pointing at ${wanted}, but there is none.`,
      '',
      'A redirect says where to go in its Location header: the https:// address with the HTTPS port, and the same path and query.',
    );
  }
  let got: URL | undefined;
  try {
    got = new URL(location);
  } catch {
    // Reported below.
  }
  if (location === wanted) return location;
  const said = `expected Location to be ${JSON.stringify(wanted)}, but it is ${JSON.stringify(location)}.`;
  if (!got) reply.fail(said, '', 'Location must be a whole address: https://, the name, a colon and the HTTPS port, then the path and query as they came (req.url).');
  if (got.protocol !== 'https:') reply.fail(said, '', 'The point of the redirect is to leave plain HTTP: Location starts with https://.');
  if (got.port !== target.port) {
    reply.fail(
      said,
      '',
      `The HTTPS server listens on HTTPS_PORT (${target.port}), the plain one on PORT. The Host header names the port the visitor used, the plain one: keep its name, and put the HTTPS port after it.`,
    );
  }
  if (got.hostname !== target.hostname) {
    reply.fail(
      said,
      '',
      `The visitor asked for ${target.hostname}: send them to the same name. Cookies and Strict-Transport-Security belong to a name, and a browser keeps them apart.`,
    );
  }
  reply.fail(said, '', 'Keep the path and the query as they came: req.url holds both, such as /about.html?lang=en.');
}

/**
 * The answer to a request that tries to send visitors elsewhere (`said`: "Host: evil.example", or
 * a path such as //evil.example/): a 4xx, or a redirect to one of `ownNames`, never to the stranger.
 */
export function expectNoOpenRedirect(reply: Reply, said: string, ownNames: string[]): void {
  reply.expectResponse();
  const status = reply.status ?? 0;
  if (status >= 400 && status < 500) return;
  const location = reply.headers.location;
  let name: string | undefined;
  try {
    name = location === undefined ? undefined : new URL(location).hostname;
  } catch {
    name = undefined;
  }
  if (status >= 300 && status < 400 && name !== undefined && ownNames.includes(name)) return;
  const hint =
    `Host comes from the client, and anyone can write anything there. Send the visitor on only to a name your certificate is for (${ownNames.join(', ')}), ` +
    'and answer any other Host with 400 (Bad Request). Build the Location as a string, https:// + that name + : + the port + req.url, so a path stays a path: ' +
    'new URL(req.url, base) reads //evil.example/ as another site. An open redirect lets anyone send people to their site with a link that shows yours.';
  if (status >= 300 && status < 400) reply.fail(`the request had ${said}, and the redirect goes to ${JSON.stringify(location)}: that is not this server.`, '', hint);
  reply.fail(`the request had ${said}: expected 400 (or a redirect to one of this server's own names), but got ${status}.`, '', hint);
}
