/**
 * The happy server: whatever it is asked, it answers 200 and the same cheerful sentence.
 *
 * In lesson 1 we read bytes off a socket and cut them into a request by hand. Here node:http does
 * that part. By the time our handler runs, the request line and the headers are already parsed;
 * after it returns, node turns our status code and headers into bytes on the wire.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { refusalLogLine, requestLogLine } from './log.ts';
import { writeLogLine } from './log-writer.ts';

export const HAPPY_BODY = 'I am the happy server! :-)';

export interface HappyServerOptions {
  /**
   * Where each log line goes. Defaults to the terminal (or wherever the output was sent), a batch
   * at a time. Pass `false` for silence, or your own function to collect the lines (the tests do
   * both).
   */
  log?: ((line: string) => void) | false;
}

export function createServer(options: HappyServerOptions = {}): http.Server {
  // Not console.log: to a file or a pipe that is one synchronous write per request, which costs
  // the server a good part of its time. writeLogLine writes the lines a batch at a time and
  // loses none when the server stops (log-writer.ts; lesson 14 measures the difference).
  const log = options.log === false ? () => {} : (options.log ?? writeLogLine);

  const server = http.createServer((request, response) => {
    // node always fills these in for a request it hands us; the `?? ''` only satisfies the types.
    log(requestLogLine(request.method ?? '', request.url ?? '', request.httpVersion));

    // We never read the body, but it must not stay stuck in the connection. resume() lets it flow
    // past unread, so node can find where the next request on this connection starts.
    request.resume();

    response.writeHead(200, {
      // The charset tells the browser how to turn the bytes back into letters.
      'Content-Type': 'text/plain; charset=utf-8',
      // Bytes, not characters: an emoji is one character on screen but four bytes on the wire.
      'Content-Length': Buffer.byteLength(HAPPY_BODY),
    });
    // For a HEAD request node sends the same headers and leaves the body out by itself.
    response.end(HAPPY_BODY);
  });

  // Bytes that node cannot parse as HTTP never reach the handler above: they raise `clientError`
  // instead. With nobody listening, node would answer them by itself. We listen so the log shows
  // what happened, and that makes sending the answer our job.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // A client that hung up half-way is not an error worth a reply, nor a line in the log.
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const statusLine = statusLineFor(error.code);
    log(refusalLogLine(statusLine, error.code ?? error.message));
    // After bytes that are not HTTP there is no telling where a next request would begin, so we
    // answer once and close this connection. The server itself keeps serving everyone else.
    socket.end(`${statusLine}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  });

  return server;
}

/** The parser's error code says what was wrong; we answer with the status node itself would pick. */
function statusLineFor(code: string | undefined): string {
  if (code === 'HPE_HEADER_OVERFLOW') return 'HTTP/1.1 431 Request Header Fields Too Large';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'HTTP/1.1 408 Request Timeout';
  return 'HTTP/1.1 400 Bad Request';
}
