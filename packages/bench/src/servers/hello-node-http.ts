/**
 * The yardstick in the handler benchmark: node:http answering every request with the happy
 * sentence, and nothing else. node:http's parser is llhttp, written in C; this is how fast a
 * Node server with a real parser goes. It listens on 127.0.0.1:PORT.
 */
import http from 'node:http';

const body = 'I am the happy server! :-)';
const headers = { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) };

http
  .createServer((_request, response) => {
    response.writeHead(200, headers);
    response.end(body);
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
