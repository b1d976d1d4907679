// Exercise 09: one client connection, solved.
import type net from 'node:net';
import { RequestParser, type Request } from './parser.ts';
import { Response } from './response.ts';

/** Answers one request through `response`. */
export type Handler = (request: Request, response: Response) => void;

/** Method name to handler: `{ GET(request, response) {...}, POST(...) {...} }`. */
export type Handlers = Record<string, Handler>;

export function serveConnection(socket: net.Socket, handlers: Handlers): void {
  const parser = new RequestParser();
  let closing = false;

  // A client that vanishes mid-request must not take the server down with it.
  socket.on('error', () => socket.destroy());
  // A client that goes quiet is dropped after 10 seconds.
  socket.setTimeout(10_000, () => socket.destroy());

  socket.on('data', (chunk: Buffer) => {
    if (closing) return;
    parser.push(chunk);
    // One piece of data may hold several requests ("pipelining"): answer each, in order.
    for (let next = parser.next(); next !== undefined && !closing; next = parser.next()) {
      if ('problem' in next) {
        new Response(socket, false).sendError(400, next.problem);
        closing = true;
        socket.end();
        return;
      }
      answer(next);
    }
  });

  function answer(request: Request): void {
    const keepAlive = request.version === 'HTTP/1.1' && request.headers.connection?.toLowerCase() !== 'close';
    const response = new Response(socket, keepAlive);

    // Object.hasOwn: `toString` and `constructor` exist on every object, but they are not handlers.
    const handler = Object.hasOwn(handlers, request.method) ? handlers[request.method] : undefined;
    if (handler) handler(request, response);
    else response.sendError(501, `This server has no handler for the method ${request.method}.`);

    if (response.closesConnection) {
      closing = true;
      socket.end();
    }
  }
}
