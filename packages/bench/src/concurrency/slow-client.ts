/**
 * The slow client of the concurrency benchmark: it connects, then sends its request one byte a
 * second, and the request is long enough that it never finishes within a run. A server that
 * serves one connection at a time is stuck with it; the others should hardly notice it.
 */
import { once } from 'node:events';
import net from 'node:net';

/** Long enough to outlast the longest run `pnpm bench` allows (60 s) at one byte a second. */
const REQUEST = `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'.'.repeat(80)}\r\n\r\n`;

export interface SlowClient {
  /** How many bytes it sent, and whether any answer came back, by the time it stopped. */
  stop(): { sent: number; answered: boolean };
}

/** Resolves once the slow client is connected and has sent its first byte. */
export async function startSlowClient(port: number, intervalMs = 1000): Promise<SlowClient> {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  socket.on('error', () => {});
  let answered = false;
  socket.on('data', () => (answered = true));
  await once(socket, 'connect');

  let sent = 0;
  const sendNext = () => {
    if (sent < REQUEST.length && !socket.destroyed) socket.write(REQUEST[sent++]!);
  };
  sendNext();
  const timer = setInterval(sendNext, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      socket.destroy();
      return { sent, answered };
    },
  };
}
