/**
 * Starts a request listener the way main.ts does: over TLS on one port, with the plain-HTTP port
 * that redirects to it beside it. Both inside the test process, on ports the system picks, on
 * 127.0.0.1, with their log lines collected.
 *
 * `client` is an undici Agent that trusts the test's local authority, and only it: what
 * `curl --cacert ca.pem` is on the command line.
 */
import type http from 'node:http';
import { stripVTControlCharacters } from 'node:util';
import type { Certificates } from '@workbook/cert';
import { type Address, listenForTests } from '@workbook/testkit';
import { Agent } from 'undici';
import { createRedirectServer } from '../src/redirect-server.ts';
import { createSecureServer } from '../src/secure-server.ts';

export interface RunningServers {
  /** The HTTPS server. */
  secure: Address;
  /** The plain-HTTP port that sends you to it. */
  plain: Address;
  /** `https://127.0.0.1:54321` */
  secureBase: string;
  /** Trusts the local authority. Pass it to undici as `dispatcher`. */
  client: Agent;
  logLines: string[];
  stop(): Promise<void>;
}

export async function startServers(listener: http.RequestListener, certificates: Certificates): Promise<RunningServers> {
  const logLines: string[] = [];
  // Without colour codes: picocolors colours the log whenever CI is set, terminal or not.
  const log = (line: string) => logLines.push(stripVTControlCharacters(line));
  const secure = await listenForTests(createSecureServer(listener, { cert: certificates.cert, key: certificates.key, log }));
  const plain = await listenForTests(createRedirectServer({ httpsPort: secure.address.port, cert: certificates.cert, log }));
  const client = new Agent({ connect: { ca: certificates.ca } });
  return {
    secure: secure.address,
    plain: plain.address,
    secureBase: `https://127.0.0.1:${secure.address.port}`,
    client,
    logLines,
    async stop() {
      await client.close();
      await Promise.all([secure.stop(), plain.stop()]);
    },
  };
}
