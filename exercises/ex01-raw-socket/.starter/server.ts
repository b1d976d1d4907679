// Exercise 01: a web server on a bare TCP socket. Read README.md in this folder first.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

const server = net.createServer((socket) => {
  // TODO 1: a request can arrive in several pieces. Collect the 'data' chunks until you have
  //         seen the blank line "\r\n\r\n" that ends the request head.
  // TODO 2: then write a response: a status line, Content-Type, Content-Length and
  //         Connection headers, a blank line, and a small HTML page. End every line with "\r\n".
  // TODO 3: close the connection once the response is written (socket.end does both).
  socket.end();
});

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${port}/`);
});
