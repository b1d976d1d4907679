/**
 * Any request listener, served over TLS: the one new idea of this lesson, in one place.
 *
 * `https.createServer` is `http.createServer` with two more things in its options: the
 * certificate, which the server shows to every client ("I am localhost, and this authority
 * vouches for it"), and the private key, which proves the certificate is ours. Everything else,
 * the request, the headers, the answer, is the HTTP of lessons 2 to 12, sent inside the
 * encrypted connection. So lesson 4's file server and lesson 12's board come here unchanged: we
 * hand their listener to node:https instead of node:http, and add Strict-Transport-Security.
 */
import type { Duplex } from 'node:stream';
import https from 'node:https';
import type http from 'node:http';
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';
import { withStrictTransportSecurity } from './hsts.ts';
import { refusalLogLine } from './log.ts';

export interface SecureServerOptions {
  /** The server's certificate, PEM (localhost.pem). */
  cert: string;
  /** Its private key, PEM (localhost-key.pem). */
  key: string;
  /** The Strict-Transport-Security value (see hsts.ts). */
  strictTransportSecurity?: string;
  /** Where the refusal lines go, as in every lesson: the terminal, `false`, or your own function. */
  log?: ((line: string) => void) | false;
}

/**
 * A client that starts a handshake and never finishes it holds a connection for as long as we
 * let it. Node's default is two minutes; a real client needs a fraction of a second.
 */
const HANDSHAKE_TIMEOUT_MS = 10_000;

export function createSecureServer(listener: http.RequestListener, options: SecureServerOptions): https.Server {
  const log = options.log === false ? () => {} : (options.log ?? writeLogLine);
  const server = https.createServer(
    // TLS 1.2 at least: every browser and curl of the last ten years speaks it, and the older
    // versions have known breaks.
    { cert: options.cert, key: options.key, minVersion: 'TLSv1.2', handshakeTimeout: HANDSHAKE_TIMEOUT_MS },
    withStrictTransportSecurity(listener, options.strictTransportSecurity),
  );

  // The handshake failed, so there is no encrypted connection to answer on, and nothing we could
  // send would be read: say why in the log, and close. (Plain HTTP sent here ends up here too,
  // already closed by node: see "Common mistakes" on the lesson's page.)
  server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    socket.destroy();
    const reason = handshakeFailure(error.code);
    if (reason) log(refusalLogLine(reason));
  });

  // Bytes that are good TLS but bad HTTP: inside the encrypted connection, answer as lesson 4
  // does over plain HTTP. node reports failed handshakes here as well, before 'tlsClientError';
  // those are left to the handler above.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    const fromTheHttpParser = error.code?.startsWith('HPE_') || error.code === 'ERR_HTTP_REQUEST_TIMEOUT';
    if (!fromTheHttpParser) return;
    if (!socket.writable) {
      socket.destroy();
      return;
    }
    const statusLine =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? 'HTTP/1.1 431 Request Header Fields Too Large'
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 'HTTP/1.1 408 Request Timeout'
          : 'HTTP/1.1 400 Bad Request';
    socket.end(`${statusLine}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  });

  return server;
}

/** What went wrong in a handshake, in words; undefined for a client that simply left. */
export function handshakeFailure(code: string | undefined): string | undefined {
  switch (code) {
    case 'ECONNRESET':
      return undefined;
    case 'ERR_SSL_HTTP_REQUEST':
      return 'plain HTTP sent to the HTTPS port (the address should start with https://)';
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'ERR_SSL_PACKET_LENGTH_TOO_LONG':
      return 'bytes that are not TLS';
    case 'ERR_TLS_HANDSHAKE_TIMEOUT':
      return `a handshake not finished within ${HANDSHAKE_TIMEOUT_MS / 1000} seconds`;
    case 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA':
    case 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE':
    case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN':
      return 'the client does not trust our certificate (has it been told about the local authority, ca.pem?)';
    default:
      return `the TLS handshake failed (${code ?? 'no code'})`;
  }
}
