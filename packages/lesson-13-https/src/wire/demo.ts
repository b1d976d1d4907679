/**
 * The same request twice, once in the clear and once over TLS, each through a relay that prints
 * what it passes on. The two relays stand where the café's Wi-Fi would be:
 *
 *     curl ──> relay on PORT (8080)        ──> lesson 4's file server over http
 *     curl ──> relay on HTTPS_PORT (8443)  ──> the same file server over https
 *
 * Both servers run on ports the system picks, on 127.0.0.1; you talk to the relays. The demo
 * sends one request through each when it starts, and then prints whatever you send yourself.
 */
import { once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import type { Certificates } from '@workbook/cert';
import { createRequestListener } from 'lesson-04-file-server/src/server.ts';
import pc from 'picocolors';
import { createSecureServer } from '../secure-server.ts';
import { readableLines } from './readable.ts';
import { createRelay, type Direction } from './relay.ts';

export interface WireDemoOptions {
  /** Where the relays listen: HOST, 127.0.0.1 unless you ask for more. */
  host: string;
  /** The relay in front of the plain-HTTP server. 0: any free port. */
  port: number;
  /** The relay in front of the HTTPS server. */
  httpsPort: number;
  certificates: Certificates;
  /** Where the bytes are shown: the terminal, or a function of your own (the tests). */
  print?: (line: string) => void;
}

export interface WireDemo {
  /** The ports the two relays listen on. */
  port: number;
  httpsPort: number;
  close(): Promise<void>;
}

export async function startWireDemo(options: WireDemoOptions): Promise<WireDemo> {
  const print = options.print ?? console.log;
  const files = createRequestListener({ log: false });
  const plainServer = http.createServer(files);
  const secureServer = createSecureServer(files, { cert: options.certificates.cert, key: options.certificates.key, log: false });
  const [plainPort, securePort] = await Promise.all([listen(plainServer, 0, '127.0.0.1'), listen(secureServer, 0, '127.0.0.1')]);

  // Enough lines of the clear text to reach the start of the page; of the noise, enough to see
  // that it is noise.
  const show = (scheme: 'http' | 'https') => (direction: Direction, bytes: Buffer) => {
    print(pc.bold(`${scheme}, ${bytes.length} bytes ${direction}, as the network sees them:`));
    for (const line of readableLines(bytes, 64, scheme === 'http' ? 14 : 6)) print(`  ${pc.dim('|')} ${line}`);
  };
  const plainRelay = createRelay({ host: '127.0.0.1', port: plainPort }, show('http'));
  const tlsRelay = createRelay({ host: '127.0.0.1', port: securePort }, show('https'));
  const [port, httpsPort] = await Promise.all([listen(plainRelay, options.port, options.host), listen(tlsRelay, options.httpsPort, options.host)]);

  const servers: net.Server[] = [plainRelay, tlsRelay, plainServer, secureServer];
  return {
    port,
    httpsPort,
    async close() {
      // closeAllConnections: the servers hold the relays' keep-alive connections open.
      plainServer.closeAllConnections();
      secureServer.closeAllConnections();
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}

/**
 * A request with something worth stealing in it: a search in the query and a session cookie.
 * Sent to the relay on 127.0.0.1; over TLS it asks for the name localhost, as a browser would.
 */
export async function sendSampleRequest(scheme: 'http' | 'https', port: number, ca: string): Promise<number> {
  const options = {
    host: '127.0.0.1',
    port,
    path: '/guide/?search=my+secret+question',
    headers: { Host: `localhost:${port}`, Cookie: 'session=s3cr3t-c00k1e' },
    agent: false as const,
  };
  const request = scheme === 'http' ? http.get(options) : https.get({ ...options, servername: 'localhost', ca });
  const [response] = (await once(request, 'response')) as [http.IncomingMessage];
  response.resume();
  await once(response, 'end');
  return response.statusCode ?? 0;
}

function listen(server: net.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as net.AddressInfo).port));
  });
}
