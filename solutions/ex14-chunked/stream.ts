// Exercise 14: a body whose length nobody knows when it starts. Read README.md in this folder first.
//
// server.ts calls streamLines with the request and an async iterable of lines, which it makes
// one at a time, with a pause between them. Send each line as soon as it comes.
import type net from 'node:net';
import { wantsToClose, type Ending, type RequestHead } from './connection.ts';

/** The zero-size chunk and the blank line after it (no trailer fields): the body is complete. */
const LAST_CHUNK = '0\r\n\r\n';

/** `size-in-hex CRLF data CRLF`. The size counts bytes, not characters: "é" is 2. */
function frameChunk(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'), data, Buffer.from('\r\n', 'latin1')]);
}

export async function streamLines(request: RequestHead, socket: net.Socket, lines: AsyncIterable<string>): Promise<Ending> {
  // HTTP/1.0 has no chunked encoding: its body ends when we close the connection.
  const chunked = request.version === 'HTTP/1.1';
  const close = !chunked || wantsToClose(request);
  socket.write(
    'HTTP/1.1 200 OK\r\n' +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      (chunked ? 'Transfer-Encoding: chunked\r\n' : '') +
      (close ? 'Connection: close\r\n' : '') +
      '\r\n',
  );

  for await (const line of lines) {
    const data = Buffer.from(line, 'utf8');
    // An empty chunk would be the last chunk, sent by mistake in the middle.
    if (data.length === 0) continue;
    socket.write(chunked ? frameChunk(data) : data);
  }

  if (chunked) socket.write(LAST_CHUNK);
  return close ? 'close' : 'keep-alive';
}
