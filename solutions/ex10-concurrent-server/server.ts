// Exercise 10: a server that serves many clients at once, with keep-alive, solved.
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
    // On a connection that stays open, only Content-Length tells the client where this response
    // ends and the next one begins.
    `Content-Length: ${Buffer.byteLength(body)}`,
    `Connection: ${keepOpen ? 'keep-alive' : 'close'}`,
  ].join('\r\n');
  return `${head}\r\n\r\n${body}`;
}

/** Serves one client, request after request, until it says `Connection: close` or goes quiet. */
function serveConnection(socket: net.Socket): void {
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    received += chunk;
    // One chunk may finish several requests (a client may send them back to back): answer each
    // complete head in order, and keep what follows the last one for the next 'data'.
    let headEnd = received.indexOf('\r\n\r\n');
    while (headEnd !== -1) {
      const head = received.slice(0, headEnd);
      received = received.slice(headEnd + 4);
      const path = head.split(' ')[1] ?? '/';
      if (/^connection:[ \t]*close[ \t]*$/im.test(head)) {
        socket.end(reply(path, false));
        socket.removeAllListeners('data'); // anything after this request goes unanswered
        return;
      }
      socket.write(reply(path, true));
      headEnd = received.indexOf('\r\n\r\n');
    }
  });
  // A kept-alive client that stays silent would hold its connection forever: hang up after 10 s.
  socket.setTimeout(10_000, () => socket.destroy());
  socket.on('error', () => socket.destroy());
}

// Node's event loop watches every socket at once and calls us whenever one of them has bytes.
// This callback returns at once, so the next client is let in while this one is still talking.
const server = net.createServer((socket) => serveConnection(socket));

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${port}/`);
});
