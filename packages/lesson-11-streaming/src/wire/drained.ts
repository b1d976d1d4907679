/**
 * Backpressure in one function: write, and when the socket says "enough", wait until it has room.
 *
 * `socket.write()` never refuses bytes. It queues them in memory and returns false once the queue
 * reaches the socket's high-water mark (16 KiB), which means: "stop for now, I will tell
 * you ('drain') when I have sent what I hold". A server that keeps writing anyway keeps queueing,
 * and a client that reads slowly (a phone on a bad line) makes it hold the whole body in memory.
 */
import type { Writable } from 'node:stream';

/** The client went away while we waited. The caller stops producing; there is nobody to send to. */
export class ClientGoneError extends Error {
  readonly code = 'ERR_CLIENT_GONE';
  constructor() {
    super('The client closed the connection before the whole body was sent.');
  }
}

/** Writes `bytes`, and resolves once the socket is ready for more. Rejects if the client leaves first. */
export async function writeAndWait(socket: Writable, bytes: Buffer | string): Promise<void> {
  if (socket.destroyed) throw new ClientGoneError();
  if (socket.write(bytes)) return;
  await drained(socket);
}

/**
 * Resolves on 'drain'. 'close' must be listened for too: a socket that closes never drains, and
 * a server waiting for it would wait for ever, holding the file open.
 */
export function drained(socket: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      socket.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      socket.off('drain', onDrain);
      reject(new ClientGoneError());
    };
    socket.once('drain', onDrain);
    socket.once('close', onClose);
  });
}
