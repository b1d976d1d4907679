// Exercise 14: a body whose length nobody knows when it starts. Read README.md in this folder first.
//
// server.ts calls streamLines with the request and an async iterable of lines, which it makes
// one at a time, with a pause between them. Send each line as soon as it comes.
import type net from 'node:net';
import type { Ending, RequestHead } from './connection.ts';

export async function streamLines(request: RequestHead, socket: net.Socket, lines: AsyncIterable<string>): Promise<Ending> {
  // TODO 1: the head. An HTTP/1.1 client gets `Transfer-Encoding: chunked` (and no
  //         Content-Length). An HTTP/1.0 client knows no chunks: it gets the lines as they are,
  //         `Connection: close`, and the close marks the end of the body.
  socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n');

  for await (const line of lines) {
    // TODO 2: for HTTP/1.1, frame each line as a chunk: its size in hexadecimal, counted in
    //         bytes, then \r\n, the bytes, \r\n.
    socket.write(line);
  }

  // TODO 3: for HTTP/1.1, end the body with the last chunk, and keep the connection open for the
  //         next request (unless the request said `Connection: close`: wantsToClose tells).
  return 'close';
}
