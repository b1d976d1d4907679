// Exercise 09: one client connection. Read README.md in this folder first.
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
    // TODO 2a: HTTP/1.1 keeps the connection open, unless the request says `Connection: close`.
    //          HTTP/1.0 closes after every response. Pass the right keepAlive to the Response.
    const response = new Response(socket, false);

    // TODO 1: dispatch. Pick the handler named after the request's method (`handlers.GET` for a
    //         GET) and call it with the request and the response. A method without a handler
    //         gets 501 Not Implemented, sent with response.sendError. Careful: only the object's
    //         own keys are handlers (a request for the method `toString` must get 501 too).
    void handlers;
    void response;
    closing = true;
    socket.end();

    // TODO 2b: after the response, close the connection (socket.end()) only when the response
    //          says so (response.closesConnection). Otherwise leave it open for the next request.
  }
}
