/**
 * A download server for one big file, in two versions: `naive` ignores backpressure, the default
 * honours it. Start both and download slowly from each (the page shows how) to see the
 * difference in the server's memory, or run `pnpm bench streaming` to measure it.
 *
 *   GET /           what this server does
 *   GET /download   the file, with Content-Length (its size is known: no chunks needed)
 *
 * Written on node:net like the countdown, so that every write is ours to see.
 */
import { stat } from 'node:fs/promises';
import type net from 'node:net';
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';
import { createNetServer, type Ending } from '../wire/connection.ts';
import { ClientGoneError, writeAndWait } from '../wire/drained.ts';
import { requestLogLine } from '../wire/log.ts';
import { wantsToClose, type RequestHead } from '../wire/request-head.ts';
import { sendCarefully, sendNaively, type Progress } from './send-file.ts';

export interface BackpressureServerOptions {
  /** The file /download sends. */
  file: string;
  /** True for the "before" version, which writes without waiting. */
  naive?: boolean;
  /** Where each log line goes. Defaults to the terminal; `false` for silence. */
  log?: ((line: string) => void) | false;
}

const MB = 1024 * 1024;

/** `12.3 MB`: sizes in the log, readable at a glance. */
export function megabytes(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

export function createServer(options: BackpressureServerOptions): net.Server {
  const log = options.log === false ? () => {} : (options.log ?? writeLogLine);
  const naive = options.naive ?? false;

  return createNetServer(async (request, socket) => {
    const { status, note, ending } = await answer(request, socket, options.file, naive, log);
    log(requestLogLine(request.method, request.target, status, note));
    return ending;
  }, log);
}

async function answer(
  request: RequestHead,
  socket: net.Socket,
  file: string,
  naive: boolean,
  log: (line: string) => void,
): Promise<{ status: number; note?: string; ending: Ending }> {
  const path = request.target.split('?')[0];
  const close = wantsToClose(request);
  const ending: Ending = close ? 'close' : 'keep-alive';
  if (request.method !== 'GET' || (path !== '/' && path !== '/download')) {
    const text = `Only GET / and GET /download are here.\n`;
    const status = request.method !== 'GET' ? 405 : 404;
    await writeAndWait(socket, head(status, 'text/plain; charset=utf-8', Buffer.byteLength(text), close) + text).catch(() => {});
    return { status, ending };
  }
  if (path === '/') {
    const text = `GET /download sends ${file} (${naive ? 'naively: without waiting for the client' : 'carefully: waiting whenever the client is behind'}).\n`;
    await writeAndWait(socket, head(200, 'text/plain; charset=utf-8', Buffer.byteLength(text), close) + text).catch(() => {});
    return { status: 200, ending };
  }

  const { size } = await stat(file);
  const progress: Progress = { readFromFile: 0, pauses: 0 };
  try {
    await writeAndWait(socket, head(200, 'application/octet-stream', size, close));
    if (naive) {
      await sendNaively(socket, file, progress);
      // Everything the client has not taken yet is in our memory now.
      log(`read all ${megabytes(progress.readFromFile)} of the file; ${megabytes(socket.writableLength)} of it waits in memory for the client`);
    } else {
      await sendCarefully(socket, file, progress, () => {
        // Said once per download: the terminal shows it happen without a line per pause.
        if (progress.pauses === 1) log(`paused reading the file after ${megabytes(progress.readFromFile)}: the client is behind`);
      });
    }
  } catch (error) {
    if (!(error instanceof ClientGoneError)) throw error;
    return { status: 200, note: `cut off: the client left after ${progress.readFromFile} of ${size} bytes were read from the file`, ending: 'close' };
  }
  return { status: 200, note: naive ? 'sent without waiting' : `waited for the client ${progress.pauses} times`, ending };
}

function head(status: number, type: string, length: number, close: boolean): string {
  const reason = { 200: 'OK', 404: 'Not Found', 405: 'Method Not Allowed' }[status as 200 | 404 | 405];
  // A 405 must say which methods would do.
  const allow = status === 405 ? 'Allow: GET\r\n' : '';
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${type}\r\nContent-Length: ${length}\r\n${allow}${close ? 'Connection: close\r\n' : ''}\r\n`;
}
