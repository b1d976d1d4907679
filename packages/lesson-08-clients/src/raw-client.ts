/**
 * A client on a bare TCP socket: the browser's side of lesson 1.
 *
 * It sends an HTTP/1.0 request. In HTTP/1.0 a server answers once and then closes the connection,
 * and that close is the client's signal that the answer is over. So the client's whole job is a
 * loop: read whatever has arrived, again and again, until the server hangs up. Only then does it
 * look at what it got.
 */
import net from 'node:net';
import { ClientError, explainSocketError, where } from './client-error.ts';
import { splitResponse, type SplitResponse } from './split-response.ts';
import { parseHttpUrl } from './url.ts';

export interface RawFetchOptions {
  /** Give up when nothing has arrived for this many milliseconds (default 5000). */
  timeoutMs?: number;
}

export interface RawFetchResult {
  url: URL;
  /** The exact bytes we sent. */
  request: Buffer;
  /** Every byte the server sent, in order. */
  received: Buffer;
  /** How many pieces those bytes arrived in: one read is never guaranteed to hold them all. */
  reads: number;
  response: SplitResponse;
}

/** The request: a request line, the headers, a blank line. A GET has no body. */
export function buildRequest(url: URL): Buffer {
  const lines = [
    // pathname and search come percent-encoded from URL, so they are plain ASCII.
    `GET ${url.pathname}${url.search} HTTP/1.0`,
    // One address can serve many sites, and Host says which one we mean. HTTP/1.0 made it
    // optional, but servers today expect it. url.host leaves out the port when it is 80.
    `Host: ${url.host}`,
    'User-Agent: workbook-lesson-08',
  ];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

export async function fetchRaw(input: string | URL, { timeoutMs = 5000 }: RawFetchOptions = {}): Promise<RawFetchResult> {
  const url = typeof input === 'string' ? parseHttpUrl(input) : input;
  const request = buildRequest(url);
  const pieces: Buffer[] = [];

  // A URL writes an IPv6 address in brackets ([::1]); connect() wants it without them.
  const socket = net.connect({ host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(url.port || 80) });

  // Without a timeout, a server that never answers (or never hangs up) would keep us waiting
  // forever. This one counts quiet time only: every arriving byte restarts it, so a slow but
  // steady server is fine.
  socket.setTimeout(timeoutMs, () => {
    const got = pieces.length ? `${pieces.reduce((sum, piece) => sum + piece.length, 0)} bytes arrived, then nothing more` : 'no answer at all';
    socket.destroy(new ClientError('ETIMEDOUT', `Gave up on ${where(url)}: ${got} for ${timeoutMs / 1000} s, and the connection was still open.`));
  });

  // Writing before the connection is up is fine: node sends the bytes as soon as it is.
  socket.write(request);

  try {
    // The loop every socket client has. Each turn hands us whatever the network delivered so far:
    // the whole answer, or a few bytes of it. The loop ends when the server closes its side.
    for await (const piece of socket) pieces.push(piece as Buffer);
  } catch (error) {
    throw explainSocketError(error, url);
  } finally {
    socket.destroy();
  }

  // Glue the pieces together first and only then look for the blank line: it may well have
  // been split between two reads.
  const received = Buffer.concat(pieces);
  return { url, request, received, reads: pieces.length, response: splitResponse(received) };
}
