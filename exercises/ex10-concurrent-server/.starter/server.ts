// Exercise 10: a server that serves many clients at once, with keep-alive. Read README.md first.
import { on } from 'node:events';
import net from 'node:net';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

/** The response to one request: which path was asked for, as plain text. */
function reply(path: string, keepOpen: boolean): string {
  const body = `You asked for ${path}\n`;
  const head = [
    'HTTP/1.1 200 OK',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `Connection: ${keepOpen ? 'keep-alive' : 'close'}`,
  ].join('\r\n');
  return `${head}\r\n\r\n${body}`;
}

/** Serves one client. Resolves once its connection is over. */
function serveConnection(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    let received = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      received += chunk;
      const headEnd = received.indexOf('\r\n\r\n');
      if (headEnd === -1) return; // the head is not complete yet: wait for more
      const head = received.slice(0, headEnd);
      const path = head.split(' ')[1] ?? '/';
      // TODO 2: keep the connection open for the client's next request. Answer with
      //         reply(path, true) and socket.write, and keep reading: the bytes after this head
      //         are the start of the next request (a client may send several at once). Close
      //         with reply(path, false) and socket.end only when the head says "Connection: close".
      socket.end(reply(path, false));
    });
    // A client that vanishes mid-request must not take the server down with it.
    socket.on('error', () => socket.destroy());
    socket.on('close', () => resolve());
    // The server pauses new connections (see below); this one's turn has come: start reading.
    socket.resume();
  });
}

// pauseOnConnect: a new connection reads nothing until someone calls socket.resume().
const server = net.createServer({ pauseOnConnect: true });

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${port}/`);
});

// TODO 1: this loop serves one connection at a time. While it awaits one client, every other
//         client waits in the queue, unread, however slow that one client is. Serve each
//         connection as soon as it arrives instead, without waiting for the ones before it.
for await (const [socket] of on(server, 'connection') as AsyncIterable<[net.Socket]>) {
  await serveConnection(socket);
}
