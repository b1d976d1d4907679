/**
 * The plain-HTTP port: it serves nothing, it only sends you to the same address over HTTPS.
 *
 *     GET http://localhost:8080/guide/?q=1    ->    308, Location: https://localhost:8443/guide/?q=1
 *
 * People type addresses without https://, and old links start with http://. Answering them with
 * the page itself would send it in the clear; refusing them would look like a broken site.
 *
 * Two choices matter:
 *
 * - **308, not 301.** Both say "this has moved for good", but after a 301 a browser may turn a
 *   POST into a GET and drop the form. 308 keeps the method and the body.
 * - **Only to a name our certificate carries.** The host in the Location comes from the request's
 *   Host header, which the client writes. Copied blindly, `Host: evil.example` would make us send
 *   people to evil.example: an open redirect, which phishing mails love, because the link they
 *   show is ours. Any name the certificate does not prove gets 400 instead: over HTTPS it could
 *   only end in a certificate error anyway.
 *
 * No Strict-Transport-Security here: browsers ignore it over plain HTTP, as they must, since
 * anyone on the way could have added it.
 */
import { X509Certificate } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';
import { redirectLogLine } from './log.ts';

export interface RedirectServerOptions {
  /** The port the HTTPS server listens on. */
  httpsPort: number;
  /** The HTTPS server's certificate, PEM: the names in it are the only ones we send people to. */
  cert: string;
  log?: ((line: string) => void) | false;
}

export type Redirect = { ok: true; location: string } | { ok: false; reason: string };

export function createRedirectServer(options: RedirectServerOptions): http.Server {
  const log = options.log === false ? () => {} : (options.log ?? writeLogLine);
  const certificate = new X509Certificate(options.cert);

  const server = http.createServer((request, response) => {
    // A POST's body is not ours to read: the browser sends it again to the https address.
    request.resume();
    const method = request.method ?? '';
    const target = request.url ?? '';
    const redirect = httpsLocation(request.headers.host, target, options.httpsPort, certificate);
    const body = redirect.ok ? `This server speaks HTTPS. Go to ${redirect.location}\n` : `${redirect.reason}\n`;
    response.writeHead(redirect.ok ? 308 : 400, {
      ...(redirect.ok && { Location: redirect.location }),
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      // A browser keeps a 308 for good, unless told not to. In production that is what you want;
      // on localhost:8080 every other lesson of the workbook will run, and must not be sent here.
      'Cache-Control': 'no-store',
    });
    response.end(method === 'HEAD' ? undefined : body);
    log(redirectLogLine(method, target, response.statusCode, redirect.ok ? redirect.location : undefined));
  });

  // Bytes that are not HTTP. The commonest here is a TLS hello: a browser that remembers
  // Strict-Transport-Security for localhost asks for https://localhost:8080, on this port.
  server.on('clientError', (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Duplex) => {
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const tls = error.rawPacket?.[0] === 0x16;
    log(redirectLogLine('-', tls ? '(a TLS hello: this port speaks plain HTTP, HTTPS is on another port)' : `(not HTTP: ${error.code})`, 400));
    socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
  });

  return server;
}

/** Where to send a request that came to the plain port with this Host and target, or why not. */
export function httpsLocation(host: string | undefined, target: string, httpsPort: number, certificate: X509Certificate): Redirect {
  if (!host) return { ok: false, reason: 'Say which site you want in a Host header, and we send you to its https:// address.' };
  // `GET http://evil.example/ HTTP/1.1` is allowed in HTTP (proxies use it), but then the name in
  // the request line and in Host could differ. A path is all a server like this needs.
  if (!target.startsWith('/')) return { ok: false, reason: 'The request line must hold a path that starts with /.' };
  let hostname: string;
  try {
    // The URL parser splits off the port and reads every odd spelling of a host (a user name
    // before @, a trailing dot, capitals) the way a browser would.
    hostname = new URL(`http://${host}/`).hostname;
  } catch {
    return { ok: false, reason: `${host} is not a host name.` };
  }
  const address = hostname.replace(/^\[(.*)\]$/, '$1');
  const carried = net.isIP(address) ? certificate.checkIP(address) : certificate.checkHost(hostname, { subject: 'never' });
  if (!carried) return { ok: false, reason: `This server answers for the names in its certificate only, and ${hostname} is not one of them.` };
  const port = httpsPort === 443 ? '' : `:${httpsPort}`;
  return { ok: true, location: `https://${hostname}${port}${target}` };
}
