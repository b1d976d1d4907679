/**
 * The board as a real process, stopped the polite way (SIGTERM, what Ctrl+C and `kill` send) in
 * the middle of a post: the post must still be saved and answered, no new connection let in, and
 * the program must then end by itself.
 *
 * "In the middle" without guessing at timing: the post asks `Expect: 100-continue`, so node answers
 * "100 Continue" the moment it has read the request's head. Only then does the test send the signal,
 * and only after that the body.
 */
import { once } from 'node:events';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { startProgram } from '@workbook/testkit';
import { fileMessages } from './board-client.ts';
import { tempBoardFile } from './start-server.ts';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const packageDir = fileURLToPath(new URL('..', import.meta.url));

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Resolves once `text` has arrived on the socket; with everything that arrived so far. */
function received(socket: net.Socket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('latin1');
      if (seen.includes(text)) {
        socket.off('data', onData);
        resolve(seen);
      }
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`The connection closed before "${text}" arrived. It got: ${JSON.stringify(seen)}`)));
  });
}

// Windows does not deliver SIGTERM to a program: process.kill() there ends it outright.
test.skipIf(process.platform === 'win32')('SIGTERM during a post: the post is saved and answered, nothing new is let in, then the board exits', async () => {
  const temp = tempBoardFile();
  cleanups.push(temp.remove);
  const board = await startProgram({ file: main, cwd: packageDir, env: { BOARD_FILE: temp.file } });
  cleanups.push(() => board.stop());

  const body = new URLSearchParams({ message: 'Posted while the board was stopping' }).toString();
  const socket = net.connect(board.port, board.host);
  cleanups.push(() => socket.destroy());
  await once(socket, 'connect');
  socket.write(
    `POST /messages HTTP/1.1\r\nHost: 127.0.0.1:${board.port}\r\nContent-Type: application/x-www-form-urlencoded\r\n` +
      `Content-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
  );
  await received(socket, '100 Continue');

  process.kill(board.pid ?? 0, 'SIGTERM');
  await expect.poll(() => board.stdout.text, { timeout: 10_000 }).toContain('SIGTERM: no new requests');
  // Stopped accepting: a new connection is refused, while the post in progress goes on.
  const late = net.connect(board.port, board.host);
  const [error] = (await once(late, 'error')) as [NodeJS.ErrnoException];
  expect(error.code).toBe('ECONNREFUSED');

  const answer = received(socket, '\r\n\r\n');
  socket.write(body);
  const head = await answer;
  expect(head).toMatch(/HTTP\/1\.1 303 /);
  // Said, so that the client does not send a next request on a connection about to close.
  expect(head.toLowerCase()).toContain('connection: close');
  expect(fileMessages(temp.file).map((message) => message.text)).toEqual(['Posted while the board was stopping']);

  const exit = await board.waitForExit(10_000);
  expect(exit, 'the board was still running 10 s after its last answer').toEqual({ code: 0, signal: null });
  expect(board.stdout.text).toContain('Stopped.');
});

test.skipIf(process.platform === 'win32')('SIGTERM with a browser-like connection kept open between requests: the board hangs up on it and exits', async () => {
  const temp = tempBoardFile();
  cleanups.push(temp.remove);
  const board = await startProgram({ file: main, cwd: packageDir, env: { BOARD_FILE: temp.file } });
  cleanups.push(() => board.stop());

  const socket = net.connect(board.port, board.host);
  cleanups.push(() => socket.destroy());
  await once(socket, 'connect');
  socket.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1:${board.port}\r\n\r\n`);
  expect(await received(socket, '</html>')).toContain('Connection: keep-alive');

  const hungUp = once(socket, 'close');
  process.kill(board.pid ?? 0, 'SIGTERM');
  await hungUp;
  expect(await board.waitForExit(10_000), 'the board was still running 10 s after the signal').toEqual({ code: 0, signal: null });
});
