// Exercise 09: the server. Read README.md in this folder first.
//
// This file uses your library (connection.ts and response.ts) the way lesson 6's happy server
// uses the lesson's: one handler per method. You do not need to change it.
import net from 'node:net';
import { serveConnection, type Handlers } from './connection.ts';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

const handlers: Handlers = {
  GET(request, response) {
    if (request.target === '/no-length') {
      // A body without Content-Length: the library has to end it by closing the connection.
      response.sendResponse(200);
      response.sendHeader('Content-Type', 'text/plain; charset=utf-8');
      response.endHeaders();
      response.write('Nobody said how long I am.');
      return;
    }
    const text = `You asked for ${request.target}`;
    response.sendResponse(200);
    response.sendHeader('Content-Type', 'text/plain; charset=utf-8');
    response.sendHeader('Content-Length', Buffer.byteLength(text));
    response.endHeaders();
    response.write(text);
  },

  POST(request, response) {
    const text = `You sent ${request.body.length} bytes: ${request.body.toString('utf8')}`;
    response.sendResponse(200);
    response.sendHeader('Content-Type', 'text/plain; charset=utf-8');
    response.sendHeader('Content-Length', Buffer.byteLength(text));
    response.endHeaders();
    response.write(text);
  },
};

const server = net.createServer((socket) => serveConnection(socket, handlers));

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${port}/`);
});
