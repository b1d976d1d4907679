/**
 * Lesson 2's happy server, rebuilt on our own library instead of node:http.
 *
 * Lesson 2 answered every method with 200. A library that dispatches by method answers only the
 * methods it has handlers for, so here each one is listed. Try `curl -X BREW`: that is a 501 from
 * the library, with its error page.
 */
import type net from 'node:net';
import { createServer as createHttpServer, type Handler } from './server.ts';

export const HAPPY_BODY = 'I am the happy server! :-)';

export interface HappyServerOptions {
  /** Where each log line goes. Defaults to the terminal; `false` for silence. */
  log?: ((line: string) => void) | false;
  /** Passed on to the library, so tests can use a short timeout. */
  idleTimeoutMs?: number;
}

// Bytes, not characters: an emoji is one character on screen but four bytes on the wire.
const HAPPY_LENGTH = Buffer.byteLength(HAPPY_BODY);

const happy: Handler = (_request, response) => {
  response.sendResponse(200);
  response.sendHeader('Content-Type', 'text/plain; charset=utf-8');
  response.sendHeader('Content-Length', HAPPY_LENGTH);
  response.endHeaders();
  // For HEAD the library counts these bytes but does not send them.
  response.write(HAPPY_BODY);
};

export function createServer(options: HappyServerOptions = {}): net.Server {
  return createHttpServer({
    serverVersion: 'HappyServer/1.0',
    handlers: { GET: happy, HEAD: happy, POST: happy, PUT: happy, PATCH: happy, DELETE: happy, OPTIONS: happy },
    ...options,
  });
}
