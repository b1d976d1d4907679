/**
 * A client that can wait for the server in the middle of a request, which sendRaw cannot: send
 * the head, wait for `100 Continue` (or a final answer), then send the body. Or send part of a
 * body and drop the connection.
 */
import net from 'node:net';
import type { Address } from '@workbook/testkit';

export interface Conversation {
  /** Everything received so far. */
  readonly received: () => Buffer;
  write(bytes: string | Buffer): void;
  /** Resolves once `text` has arrived (true), or the server closed / time ran out first (false). */
  waitFor(text: string, timeoutMs?: number): Promise<boolean>;
  /** Resolves with everything received, once the server has closed the connection (or after timeoutMs). */
  untilClosed(timeoutMs?: number): Promise<Buffer>;
  /** Drops the connection at once. */
  destroy(): void;
}

export async function converse(address: Address): Promise<Conversation> {
  const socket = net.connect({ host: address.host, port: address.port, allowHalfOpen: true });
  socket.setNoDelay(true);
  const pieces: Buffer[] = [];
  let closed = false;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  socket.on('data', (piece: Buffer) => {
    pieces.push(piece);
    notify();
  });
  socket.on('end', () => {
    closed = true;
    notify();
  });
  socket.on('close', () => {
    closed = true;
    notify();
  });
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const received = () => Buffer.concat(pieces);
  const until = (done: () => boolean, timeoutMs: number) =>
    new Promise<boolean>((resolve) => {
      const check = () => {
        if (done()) finish(true);
        else if (closed) finish(false);
      };
      const finish = (result: boolean) => {
        clearTimeout(timer);
        listeners.delete(check);
        resolve(result);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      listeners.add(check);
      check();
    });
  return {
    received,
    write: (bytes) => socket.write(bytes),
    waitFor: (text, timeoutMs = 2000) => until(() => received().includes(text), timeoutMs),
    untilClosed: async (timeoutMs = 3000) => {
      await until(() => closed, timeoutMs);
      socket.destroy();
      return received();
    },
    destroy: () => socket.destroy(),
  };
}
