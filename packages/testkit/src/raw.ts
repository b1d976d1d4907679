/**
 * Sends bytes over a plain TCP socket and collects everything that comes back.
 *
 * This is how the kit tests servers written on `node:net`: the bytes on the wire are exactly the
 * ones given, split into as many writes as asked, so a server that assumes one read holds the
 * whole request is caught.
 */
import net from 'node:net';
import type { Address } from './address.ts';
import { parseResponse, type ParsedResponse } from './response-parser.ts';

export interface RawOptions {
  /** Milliseconds to wait between two writes (default 50 when there are several chunks). */
  pauseMs?: number;
  /** Stop at the first complete response, or wait for the server to close (default). */
  until?: 'response' | 'close';
  /** Half-close our side after the last write, as `curl` and some clients do. */
  endAfterWrite?: boolean;
  /** Give up after this many milliseconds (default 3000). */
  timeoutMs?: number;
}

export interface RawExchange {
  kind: 'raw';
  address: Address;
  /** The chunks written, in order. */
  sent: Buffer[];
  /** Every byte the server sent back. */
  received: Buffer;
  response: ParsedResponse | null;
  /** The server closed the connection (rather than us giving up). */
  closedByServer: boolean;
  timedOut: boolean;
  /** A socket error such as ECONNREFUSED or ECONNRESET. */
  error?: { code: string; message: string };
  /** How many of the chunks had been written when the first byte of the answer arrived. */
  writesBeforeAnswer: number;
  /** Milliseconds from connecting to the end. */
  elapsedMs: number;
}

export type Chunk = string | Buffer;

export function sendRaw(address: Address, chunks: Chunk | Chunk[], options: RawOptions = {}): Promise<RawExchange> {
  const sent = (Array.isArray(chunks) ? chunks : [chunks]).map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk));
  const { pauseMs = 50, until = 'close', endAfterWrite = false, timeoutMs = 3000 } = options;
  const started = performance.now();
  const toHead = sent[0]?.subarray(0, 5).toString('latin1') === 'HEAD ';
  // An HTTP/1.0 request cannot be answered in chunks; the parser checks that with this.
  const requestVersion = /^[^\r\n]* (HTTP\/\d\.\d)\r?\n/.exec(Buffer.concat(sent).toString('latin1'))?.[1];

  return new Promise((resolve) => {
    const pieces: Buffer[] = [];
    let settled = false;
    let written = 0;
    let writesBeforeAnswer = sent.length;
    const socket = net.connect({ host: address.host, port: address.port, allowHalfOpen: true });
    // Send each write as its own packet, so a split request really arrives in pieces.
    socket.setNoDelay(true);

    const finish = (how: { closedByServer?: boolean; timedOut?: boolean; error?: NodeJS.ErrnoException }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const received = Buffer.concat(pieces);
      resolve({
        kind: 'raw',
        address,
        sent,
        received,
        response: parseResponse(received, how.closedByServer ?? false, toHead, requestVersion),
        closedByServer: how.closedByServer ?? false,
        timedOut: how.timedOut ?? false,
        ...(how.error && { error: { code: how.error.code ?? 'ERROR', message: how.error.message } }),
        writesBeforeAnswer,
        elapsedMs: Math.round(performance.now() - started),
      });
    };

    const timer = setTimeout(() => finish({ timedOut: true }), timeoutMs);
    socket.on('data', (data) => {
      if (pieces.length === 0) writesBeforeAnswer = written;
      pieces.push(data);
      if (until === 'response' && parseResponse(Buffer.concat(pieces), false, toHead, requestVersion)?.complete) finish({});
    });
    socket.on('end', () => {
      if (pieces.length === 0) writesBeforeAnswer = written;
      finish({ closedByServer: true });
    });
    socket.on('close', () => finish({ closedByServer: true }));
    socket.on('error', (error) => finish({ error }));
    socket.on('connect', async () => {
      for (const [index, chunk] of sent.entries()) {
        if (settled || socket.destroyed) return;
        if (index > 0) await new Promise((wake) => setTimeout(wake, pauseMs));
        socket.write(chunk);
        written++;
      }
      if (endAfterWrite) socket.end();
    });
  });
}
