/**
 * Our own small node:http: an HTTP server library built on nothing but TCP sockets.
 *
 *     const server = createServer({
 *       serverVersion: 'HappyServer/1.0',
 *       handlers: {
 *         GET(request, response) {
 *           response.sendResponse(200);
 *           response.sendHeader('Content-Type', 'text/plain; charset=utf-8');
 *           response.sendHeader('Content-Length', 5);
 *           response.endHeaders();
 *           response.write('hello');
 *         },
 *       },
 *     });
 *     server.listen(8080);
 *
 * Python's BaseHTTPServer has the same parts, and this lesson follows it: a server that accepts
 * connections (HTTPServer), a loop per connection that reads requests (handle), dispatch by method
 * (do_GET), and a small set of calls to write the answer (send_response, send_header,
 * end_headers, send_error). The files, in the order a request meets them:
 *
 *     server.ts          options and defaults; accepts connections
 *     connection.ts      the loop: parse, dispatch, keep-alive or close, timeouts
 *     parser.ts          bytes in, requests out: which part of the request comes next
 *       line-buffer.ts   the bytes not used yet, and where the next line ends
 *       request-head.ts  the request line and the header lines
 *       body-framing.ts  where the body ends: Content-Length, chunked, or no body
 *       chunked-body.ts  a body sent in chunks
 *     dispatch.ts        the method picks the handler; 501 when none does
 *     response.ts        sendResponse, sendHeader, endHeaders, write, sendError
 *     error-page.ts      the page sendError sends
 */
import net from 'node:net';
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';
import { serveConnection, type ConnectionSettings } from './connection.ts';
import type { Handlers } from './dispatch.ts';
import { DEFAULT_ERROR_PAGE } from './error-page.ts';
import type { HttpVersion } from './request-head.ts';

export type { Handler, Handlers } from './dispatch.ts';
export type { Request } from './parser.ts';
export type { Response } from './response.ts';

export interface ServerOptions {
  /** Method name to handler: `{ GET(request, response) {...} }`. Other methods get 501. */
  handlers: Handlers;
  /** The Server header on every response (default `Workbook/0.6`). */
  serverVersion?: string;
  /** `HTTP/1.1` (default) keeps connections open between requests; `HTTP/1.0` closes after each. */
  protocolVersion?: HttpVersion;
  /** The page sendError sends; holes: {status}, {reason}, {explanation}, each filled in HTML-escaped. */
  errorPageTemplate?: string;
  /** Where each log line goes. Defaults to the terminal; `false` for silence. */
  log?: ((line: string) => void) | false;
  /** Drop a connection after this long without a byte either way (default 10 s). */
  idleTimeoutMs?: number;
  /** Close a connection after this many requests (default 1000), so no client holds one forever. */
  maxRequestsPerConnection?: number;
  /** The longest path and query accepted (default 8 KiB; longer gets 414). */
  maxTargetBytes?: number;
  /** The request line and headers together (default 16 KiB; larger gets 431). */
  maxHeadBytes?: number;
  /** The largest request body (default 1 MiB; larger gets 413). */
  maxBodyBytes?: number;
}

export function createServer(options: ServerOptions): net.Server {
  // It goes into every head as it is, so it must be a valid header value: visible ASCII.
  if (options.serverVersion !== undefined && !/^[\x20-\x7e]+$/.test(options.serverVersion)) {
    throw new RangeError(`serverVersion must be visible ASCII text, like "HappyServer/1.0", not ${JSON.stringify(options.serverVersion)}.`);
  }
  const settings: ConnectionSettings = {
    handlers: options.handlers,
    serverVersion: options.serverVersion ?? 'Workbook/0.6',
    protocolVersion: options.protocolVersion ?? 'HTTP/1.1',
    errorPageTemplate: options.errorPageTemplate ?? DEFAULT_ERROR_PAGE,
    log: options.log === false ? undefined : (options.log ?? writeLogLine),
    idleTimeoutMs: options.idleTimeoutMs ?? 10_000,
    maxRequestsPerConnection: options.maxRequestsPerConnection ?? 1000,
    limits: {
      maxTargetBytes: options.maxTargetBytes ?? 8 * 1024,
      maxHeadBytes: options.maxHeadBytes ?? 16 * 1024,
      maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    },
  };
  // allowHalfOpen: a client may close its sending side right after its requests ("I'm done
  // talking") and still wait for the answers; we decide when our side closes.
  // noDelay: send each response at once. By default TCP holds back small writes for a moment,
  // hoping to merge them, and a keep-alive client waiting for a tiny answer would wait with it.
  return net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => serveConnection(socket, settings));
}
