/**
 * A countdown, sent line by line as it happens: the smallest answer whose length is unknown when
 * it starts. Written on node:net, because node:http would do the framing for us, and the framing
 * is the lesson.
 *
 *   GET /                      what this server does (a body of known length: Content-Length)
 *   GET /countdown             10, 9, ... 1, liftoff!: one line a second, in chunks
 *   GET /countdown?from=3      from 3 instead (1 to 60)
 *
 * Watch it arrive with `curl -N http://127.0.0.1:8080/countdown` (-N: show each piece at once),
 * and the framing itself with `curl --raw -N ...`, which leaves the chunk sizes in.
 */
import type net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';
import { createNetServer, type Ending } from '../wire/connection.ts';
import { ClientGoneError, writeAndWait } from '../wire/drained.ts';
import { requestLogLine } from '../wire/log.ts';
import type { RequestHead } from '../wire/request-head.ts';
import { wantsToClose } from '../wire/request-head.ts';
import { ChunkedWriter } from './chunked-writer.ts';

export interface ChunkedServerOptions {
  /** Milliseconds between two lines of the countdown (1000). The tests make it short. */
  tickMs?: number;
  /** Milliseconds a connection may stay silent both ways before it is closed (30 s, see wire/connection.ts). */
  idleTimeoutMs?: number;
  /** Where each log line goes. Defaults to the terminal; `false` for silence. */
  log?: ((line: string) => void) | false;
}

export const LONGEST_COUNTDOWN = 60;

const HELP = `This server streams a countdown, one line a second, with Transfer-Encoding: chunked.

  curl -N http://HOST/countdown           watch the lines arrive
  curl -N --raw http://HOST/countdown     the same, with the chunk sizes left in
  curl -N -0 http://HOST/countdown        as HTTP/1.0: no chunks, the body ends when the connection closes
  curl -N "http://HOST/countdown?from=3"  a shorter one (1 to ${LONGEST_COUNTDOWN})
`;

export function createServer(options: ChunkedServerOptions = {}): net.Server {
  const log = options.log === false ? () => {} : (options.log ?? writeLogLine);
  const tickMs = options.tickMs ?? 1000;

  return createNetServer(
    async (request, socket) => {
      const { status, note, ending } = await answer(request, socket, tickMs);
      log(requestLogLine(request.method, request.target, status, note));
      return ending;
    },
    log,
    options.idleTimeoutMs,
  );
}

interface Answered {
  status: number;
  note?: string;
  ending: Ending;
}

async function answer(request: RequestHead, socket: net.Socket, tickMs: number): Promise<Answered> {
  // Path and query split by hand: `new URL(target, base)` would read `//evil/countdown` as a host.
  const question = request.target.indexOf('?');
  const pathname = question === -1 ? request.target : request.target.slice(0, question);
  const query = new URLSearchParams(question === -1 ? '' : request.target.slice(question + 1));
  const close = wantsToClose(request);
  const withBody = request.method !== 'HEAD';

  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return sendWhole(socket, 405, `${request.method} is not allowed here: this server only sends.\n`, { close, withBody, extra: 'Allow: GET, HEAD\r\n' });
  }
  if (pathname === '/') {
    return sendWhole(socket, 200, HELP.replaceAll('HOST', request.headers.host ?? '127.0.0.1:8080'), { close, withBody });
  }
  if (pathname !== '/countdown') {
    return sendWhole(socket, 404, `There is nothing at ${pathname}. Try /countdown.\n`, { close, withBody });
  }

  const from = Number(query.get('from') ?? 10);
  if (!Number.isInteger(from) || from < 1 || from > LONGEST_COUNTDOWN) {
    return sendWhole(socket, 400, `from must be a whole number from 1 to ${LONGEST_COUNTDOWN}.\n`, { close, withBody });
  }

  // HTTP/1.0 has no chunked encoding: the body ends when we close the connection.
  const writer = new ChunkedWriter(socket, request.version === 'HTTP/1.1' ? 'chunked' : 'until-close');
  const framing = writer.framing === 'chunked' ? 'Transfer-Encoding: chunked\r\n' : '';
  const ending: Ending = close || writer.framing === 'until-close' ? 'close' : 'keep-alive';
  const head =
    'HTTP/1.1 200 OK\r\n' +
    'Content-Type: text/plain; charset=utf-8\r\n' +
    framing +
    // Each run of the countdown is new: a cache must not keep one and replay it.
    'Cache-Control: no-store\r\n' +
    'X-Content-Type-Options: nosniff\r\n' +
    (ending === 'close' ? 'Connection: close\r\n' : '') +
    '\r\n';
  try {
    await writeAndWait(socket, head);
    if (!withBody) return { status: 200, ending };
    for (let count = from; count >= 1; count--) {
      await writer.write(`${count}\n`);
      await sleep(tickMs);
    }
    await writer.write('liftoff!\n');
    await writer.end();
  } catch (error) {
    if (!(error instanceof ClientGoneError)) throw error;
    return { status: 200, note: `cut off after ${writer.chunks} chunks: the client left`, ending: 'close' };
  }
  return { status: 200, note: writer.framing === 'chunked' ? `${writer.chunks} chunks, then the last chunk` : `${writer.chunks} pieces, then the connection closed`, ending };
}

const REASONS: Record<number, string> = { 200: 'OK', 400: 'Bad Request', 404: 'Not Found', 405: 'Method Not Allowed' };

/** A body we have whole before the head goes out: its length is known, so Content-Length, as in every lesson before. */
async function sendWhole(socket: net.Socket, status: number, text: string, how: { close: boolean; withBody: boolean; extra?: string }): Promise<Answered> {
  const body = Buffer.from(text, 'utf8');
  const head =
    `HTTP/1.1 ${status} ${REASONS[status]}\r\n` +
    'Content-Type: text/plain; charset=utf-8\r\n' +
    `Content-Length: ${body.length}\r\n` +
    // The help repeats the Host header the client sent: plain text, whatever a browser might guess.
    'X-Content-Type-Options: nosniff\r\n' +
    (how.extra ?? '') +
    (how.close ? 'Connection: close\r\n' : '') +
    '\r\n';
  try {
    await writeAndWait(socket, how.withBody ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : head);
  } catch (error) {
    if (!(error instanceof ClientGoneError)) throw error;
    return { status, note: 'cut off', ending: 'close' };
  }
  return { status, ending: how.close ? 'close' : 'keep-alive' };
}
