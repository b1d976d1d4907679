/**
 * The slow client of the streaming benchmark: it downloads the whole file, but takes only so
 * many bytes every 10 ms, like a phone on a slow line. Between its turns the socket is paused,
 * so the bytes it has not taken pile up in the kernel's buffers, and then in the server's.
 * Bounded: whatever is not done by the time limit is cut off.
 */
import { once } from 'node:events';
import net from 'node:net';

const TICK_MS = 10;

export interface SlowDownload {
  /** Bytes received, head included. */
  received: number;
  /** The server closed the connection after the body (we ask for `Connection: close`). */
  complete: boolean;
  seconds: number;
  /** When each of the `milestones` (byte counts) was reached, on the clock of `performance.now()`. */
  reachedAt: (number | undefined)[];
}

export async function downloadSlowly(port: number, path: string, bytesPerSecond: number, timeLimitMs: number, milestones: readonly number[] = []): Promise<SlowDownload> {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  await once(socket, 'connect');
  const started = performance.now();
  const perTick = Math.max(1, Math.round((bytesPerSecond * TICK_MS) / 1000));
  let received = 0;
  let allowance = 0;
  const reachedAt: (number | undefined)[] = milestones.map(() => undefined);

  socket.on('data', (piece: Buffer) => {
    received += piece.length;
    allowance -= piece.length;
    milestones.forEach((bytes, index) => {
      if (reachedAt[index] === undefined && received >= bytes) reachedAt[index] = performance.now();
    });
    if (allowance <= 0) socket.pause();
  });
  const ended = new Promise<boolean>((resolve) => {
    socket.once('end', () => resolve(true));
    socket.once('close', () => resolve(false));
  });
  const ticker = setInterval(() => {
    allowance += perTick;
    if (allowance > 0) socket.resume();
  }, TICK_MS);
  const limit = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeLimitMs).unref());

  socket.pause();
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  const complete = await Promise.race([ended, limit]);
  clearInterval(ticker);
  socket.destroy();
  return { received, complete, seconds: (performance.now() - started) / 1000, reachedAt };
}
