/**
 * One client connection, from its first byte to its close: Python's handle() loop.
 *
 *     bytes ──> parser ──> request ──> dispatch ──> handler ──> response ──┐
 *                 ^                                                        │
 *                 └──── keep-alive: the next request on this connection ───┘
 *
 * The loop has three rules:
 * - Requests are answered one at a time, in the order they came. A client may send several
 *   before reading any answer ("pipelining"), and it matches answers to requests by order only.
 * - After each response, either the connection carries on (HTTP/1.1, or 1.0 that asks for
 *   keep-alive, and a framed body) or we close it (plain HTTP/1.0, `Connection: close`, the
 *   request limit, an error).
 * - Bytes that break the rules end the connection after one error answer. Once framing is in
 *   doubt, nobody can say where the next request would begin.
 */
import type net from 'node:net';
import { dispatch, type Handlers } from './dispatch.ts';
import { refusalLogLine } from './log.ts';
import { RequestParser, type ParserLimits, type Request } from './parser.ts';
import { ProtocolError } from './protocol-error.ts';
import { Response, type Ending, type ResponseSettings } from './response.ts';

export interface ConnectionSettings extends ResponseSettings {
  handlers: Handlers;
  limits: ParserLimits;
  /** Quiet this long (no byte either way) and the connection is dropped. */
  idleTimeoutMs: number;
  /** After this many requests, the answer says `Connection: close` and the connection ends. */
  maxRequestsPerConnection: number;
}

export function serveConnection(socket: net.Socket, settings: ConnectionSettings): void {
  const parser = new RequestParser(settings.limits);
  let requestsAnswered = 0;
  /** A handler is working (or awaiting): further requests wait their turn in the parser. */
  let busy = false;
  /** We have said our last word: any more bytes from the client are ignored. */
  let closing = false;
  /** The client has closed its sending side: once its complete requests are answered, we close. */
  let clientDone = false;

  socket.setTimeout(settings.idleTimeoutMs);
  socket.on('timeout', onTimeout);
  // Clients vanish mid-request all the time (ECONNRESET). With no 'error' listener, Node would
  // treat that as a crash of the whole server. There is nobody left to answer, so we let it go.
  socket.on('error', () => {});
  socket.on('data', (chunk: Buffer) => {
    if (closing) return;
    parser.push(chunk);
    answerWhatIsComplete();
  });
  socket.on('end', () => {
    clientDone = true;
    if (!busy && !closing) answerWhatIsComplete();
  });
  socket.on('drain', resumeIfReady);

  function answerWhatIsComplete(): void {
    // Corked, the socket gathers everything written until uncork() and sends it in one go: the
    // head and body of a response, or the answers to several pipelined requests, become one
    // write to the operating system instead of one per piece.
    socket.cork();
    while (!busy && !closing) {
      const next = parser.next();
      if (next === undefined) break;
      if (next instanceof ProtocolError) refuse(next);
      else answer(next);
    }
    if (!busy && !closing && clientDone) {
      if (parser.inTheMiddleOfARequest) refuse(new ProtocolError(400, 'ERR_INCOMPLETE_REQUEST', 'The connection ended in the middle of a request.'));
      else hangUp();
    }
    socket.uncork();
    // A client that sends requests but does not read the answers would make our unsent output
    // grow without end. Stop reading from it until it has caught up ('drain').
    if (socket.writableNeedDrain) socket.pause();
  }

  function answer(request: Request): void {
    requestsAnswered++;
    const keepAlive = wantsKeepAlive(request) && requestsAnswered < settings.maxRequestsPerConnection;
    const response = new Response(socket, request, settings, keepAlive);
    const ending = dispatch(settings.handlers, request, response, settings.log);
    if (!(ending instanceof Promise)) {
      afterResponse(ending);
      return;
    }
    // An async handler: hold the next requests (and stop reading more) until it has finished.
    busy = true;
    socket.pause();
    void ending.then((settled) => {
      busy = false;
      socket.cork();
      afterResponse(settled);
      socket.uncork();
      if (!closing) {
        answerWhatIsComplete();
        resumeIfReady();
      }
    });
  }

  function afterResponse(ending: Ending): void {
    if (ending === 'broken') {
      closing = true;
      socket.destroy();
    } else if (ending === 'close') {
      hangUp();
    }
  }

  /** Bytes we cannot read as a request: one error page, then the connection closes. */
  function refuse(error: ProtocolError): void {
    settings.log?.(refusalLogLine(error.status, error.code));
    new Response(socket, undefined, settings, false).sendError(error.status, error.explanation);
    hangUp();
  }

  /** Closes our side once everything written has been sent; the client then closes its own. */
  function hangUp(): void {
    closing = true;
    socket.end();
  }

  function resumeIfReady(): void {
    if (!busy && !closing && !socket.writableNeedDrain) socket.resume();
  }

  function onTimeout(): void {
    // A slow handler is our own business, not the client's fault.
    if (busy) return;
    // Half a request and then silence: tell the client why we give up on it. A connection that
    // is quiet between requests (or before the first) has asked nothing, so it just closes.
    if (!closing && parser.inTheMiddleOfARequest) {
      refuse(new ProtocolError(408, 'ERR_REQUEST_TIMEOUT', `The rest of the request did not arrive within ${settings.idleTimeoutMs} ms.`));
    } else {
      socket.destroy();
    }
  }
}

/**
 * Does the client want the connection kept open after this request? HTTP/1.1 keeps it open
 * unless the client says `Connection: close`. HTTP/1.0 closes it unless the client says
 * `Connection: keep-alive` (RFC 9112, section 9.3), and then the answer must say keep-alive too:
 * a 1.0 client that does not hear it back expects the close. response.ts sees to that.
 */
function wantsKeepAlive(request: Request): boolean {
  const options = (request.headers.connection ?? '')
    .toLowerCase()
    .split(',')
    .map((option) => option.trim());
  if (request.version === 'HTTP/1.0') return options.includes('keep-alive');
  return !options.includes('close');
}
