/**
 * The echo-path server: it answers every request with what it saw of that request.
 *
 * In lesson 2 the handler never looked at the request. Here it looks at nothing else: the
 * request line, the path and query in it, and the headers. describe-request.ts takes them apart,
 * render.ts writes them out, and this file carries the answer back.
 *
 * Echoing a stranger's input is how many security holes begin, so two rules hold throughout:
 * the body is data (plain text or JSON, never HTML), and nothing from the request is ever copied
 * into a response header.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';
import { describeRequest } from './describe-request.ts';
import { refusalLogLine, requestLogLine } from './log.ts';
import { chooseFormat, renderDescription, renderProblem } from './render.ts';

export interface EchoServerOptions {
  /**
   * Where each log line goes. Defaults to the terminal. Pass `false` for silence, or your own
   * function to collect the lines (the tests do both).
   */
  log?: ((line: string) => void) | false;
}

export function createServer(options: EchoServerOptions = {}): http.Server {
  const log = options.log === false ? () => {} : (options.log ?? writeLogLine);

  const server = http.createServer((request, response) => {
    // We echo the head, not the body. resume() lets a body flow past unread, so node can find
    // where the next request on this connection starts.
    request.resume();

    // node always fills these in for a request it hands us; the `?? ''` only satisfies the types.
    const method = request.method ?? '';
    const target = request.url ?? '';
    const described = describeRequest({ method, target, httpVersion: request.httpVersion, rawHeaders: request.rawHeaders });
    const format = chooseFormat(request.headers.accept);
    const status = described.ok ? 200 : 400;
    const { contentType, body } = described.ok ? renderDescription(described.description, format) : renderProblem(described.requestLine, described.problem, format);
    log(requestLogLine(method, target, request.httpVersion, status));

    response.writeHead(status, {
      'Content-Type': contentType,
      // Bytes, not characters: a decoded path such as /é is one character but two bytes.
      'Content-Length': Buffer.byteLength(body),
      // Browsers sometimes "sniff" a body and decide it is really HTML after all. This header
      // tells them to believe our Content-Type, so an echoed `<script>` stays text.
      'X-Content-Type-Options': 'nosniff',
      // The same URL gets text or JSON depending on the Accept header. A cache that stored one
      // answer must know it may not hand it to a client that asked differently.
      Vary: 'Accept',
    });
    // For a HEAD request node sends the same headers and leaves the body out by itself.
    response.end(body);
  });

  // Bytes that node cannot parse as HTTP never reach the handler (see lesson 2): answer once and
  // close that connection.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const statusLine = statusLineFor(error.code);
    log(refusalLogLine(statusLine, error.code ?? error.message));
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
