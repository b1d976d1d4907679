/**
 * One client connection, from its first byte to its close: Python's handle() loop.
 *
 *     bytes ──> parser ──> head ──> dispatch ──> handler ──> response ──┐
 *                 │                               ^                     │
 *                 └── body pieces ──> request.body┘                     │
 *                 ^                                                     │
 *                 └──── keep-alive: the next request on this connection ┘
 *
 * The loop has four rules:
 * - Requests are answered one at a time, in the order they came. A client may send several
 *   before reading any answer ("pipelining"), and it matches answers to requests by order only.
 * - The handler starts at the end of the head, and gets the body as it arrives; the socket is
 *   read only while the handler has room for more (new since lesson 6, see request-body.ts).
 * - After each response, either the connection carries on (HTTP/1.1, or 1.0 that asks for
 *   keep-alive, and a framed body read to its end) or we close it (plain HTTP/1.0,
 *   `Connection: close`, the request limit, a body left unread, an error).
 * - Bytes that break the rules end the connection after one error answer. Once framing is in
 *   doubt, nobody can say where the next request would begin.
 */
import type net from 'node:net';
import { dispatch, type Handlers } from './dispatch.ts';
import { CONTINUE } from './expect-continue.ts';
import { refusalLogLine } from './log.ts';
import { RequestParser, type ParserLimits, type RequestHead } from './parser.ts';
import { ProtocolError } from './protocol-error.ts';
import { RequestBody } from './request-body.ts';
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
  /** The body of the request being answered, while its bytes are still arriving. */
  let arriving: RequestBody | undefined;
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
    if (!closing) answerWhatIsComplete();
  });
  // A connection reset comes without an 'end': a handler waiting for the body must hear of it.
  socket.on('close', () => bodyBrokeOff(new ProtocolError(400, 'ERR_CONNECTION_RESET', 'The connection was reset before the body was complete.')));
  socket.on('drain', readIfWanted);

  function answerWhatIsComplete(): void {
    // Corked, the socket gathers everything written until uncork() and sends it in one go: the
    // head and body of a response, or the answers to several pipelined requests, become one
    // write to the operating system instead of one per piece.
    socket.cork();
    while (!closing) {
      if (arriving) {
        if (!passBodyOn(arriving)) break;
        continue;
      }
      if (busy) break;
      const next = parser.next();
      if (next === undefined) break;
      if (next instanceof ProtocolError) refuse(next);
      else answer(next);
    }
    if (!closing && clientDone) {
      // The client is done sending. A body still waiting for bytes (not just for the handler to
      // take what is there) will never get them.
      if (arriving?.wantsMore) bodyBrokeOff(incompleteBody(arriving));
      else if (!busy && parser.inTheMiddleOfARequest) refuse(new ProtocolError(400, 'ERR_INCOMPLETE_REQUEST', 'The connection ended in the middle of a request.'));
      else if (!busy) hangUp();
    }
    socket.uncork();
    readIfWanted();
  }

  /** Moves one piece of body from the parser to the handler, if the handler has room: true if it did. */
  function passBodyOn(body: RequestBody): boolean {
    if (!body.wantsMore) return false;
    const piece = parser.nextBodyPiece();
    if (piece === undefined) return false;
    if (piece instanceof ProtocolError) {
      // A malformed chunk, or a chunked body past the limit. The handler hears of it from its
      // `for await`, answers (or lets the library answer), and then the connection closes.
      bodyBrokeOff(piece);
      return false;
    }
    if (piece === 'end') {
      arriving = undefined;
      body.end();
    } else {
      body.push(piece);
    }
    return true;
  }

  function bodyBrokeOff(problem: ProtocolError): void {
    const body = arriving;
    arriving = undefined;
    body?.fail(problem);
  }

  function answer(head: RequestHead): void {
    requestsAnswered++;
    const keepAlive = wantsKeepAlive(head) && requestsAnswered < settings.maxRequestsPerConnection;
    const body = new RequestBody(head.framing === 'chunked' ? undefined : head.framing, {
      onDemand: answerWhatIsComplete,
      // Only before the answer has begun: a client that already has its final status must not
      // get a 100 after it.
      onFirstRead: () => {
        if (head.expectsContinue && !response.started) socket.write(CONTINUE);
      },
    });
    if (!body.allArrived) arriving = body;
    const request = { ...head, body };
    const response = new Response(socket, request, settings, keepAlive);
    // Busy from the start: a handler that reads its body before its first await brings us back
    // here (onDemand) while it runs, and the next request must not be answered before this one.
    busy = true;
    const ending = dispatch(settings.handlers, request, response, settings.log);
    if (!(ending instanceof Promise)) {
      busy = false;
      afterResponse(ending);
      return;
    }
    // An async handler: hold the next requests until it has finished.
    void ending.then((settled) => {
      busy = false;
      socket.cork();
      afterResponse(settled);
      socket.uncork();
      if (closing) readIfWanted();
      else answerWhatIsComplete();
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

  /**
   * Closes our side once everything written has been sent; the client then closes its own. Until
   * it does, whatever it still sends (the rest of a body we refused) is read and dropped: closing
   * with unread bytes makes the system reset the connection, and a reset can reach the client
   * before our answer does.
   */
  function hangUp(): void {
    closing = true;
    arriving = undefined;
    socket.end();
    // But not for ever: a client still sending after the idle timeout is cut off.
    const deadline = setTimeout(() => socket.destroy(), settings.idleTimeoutMs);
    socket.once('close', () => clearTimeout(deadline));
  }

  /**
   * Backpressure both ways: read from the client only when its bytes have somewhere to go, and
   * not while it leaves our answers unread (a client that sends requests but does not read the
   * answers would make our unsent output grow without end).
   */
  function readIfWanted(): void {
    const wanted = closing || (!socket.writableNeedDrain && (arriving ? arriving.wantsMore : !busy));
    if (wanted) socket.resume();
    else socket.pause();
  }

  function onTimeout(): void {
    // A handler waiting for body bytes is waiting for the client: that silence is the client's.
    if (arriving?.wantsMore) {
      bodyBrokeOff(new ProtocolError(408, 'ERR_REQUEST_TIMEOUT', `The rest of the body did not arrive within ${settings.idleTimeoutMs} ms.`));
      return;
    }
    // Our answer is stuck in the socket because the client stopped reading it (a handler waiting
    // for drained()): that silence is the client's too. Half an answer cannot be finished, only cut off.
    if (socket.writableNeedDrain) {
      socket.destroy();
      return;
    }
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

/** The client stopped sending in the middle of a body: how much came of how much was promised. */
function incompleteBody(body: RequestBody): ProtocolError {
  const promised = body.length === undefined ? 'a chunked body' : `${body.length} bytes`;
  return new ProtocolError(400, 'ERR_INCOMPLETE_BODY', `The client stopped sending after ${body.received} bytes of ${promised}.`);
}

/**
 * Does the client want the connection kept open after this request? HTTP/1.1 keeps it open
 * unless the client says `Connection: close`. HTTP/1.0 closes it unless the client says
 * `Connection: keep-alive` (RFC 9112, section 9.3), and then the answer must say keep-alive too:
 * a 1.0 client that does not hear it back expects the close. response.ts sees to that.
 */
function wantsKeepAlive(request: RequestHead): boolean {
  // Connection is a list header: `Connection: keep-alive, close` holds two options.
  const options = request.headers.list('connection').map((option) => option.toLowerCase());
  if (request.version === 'HTTP/1.0') return options.includes('keep-alive');
  return !options.includes('close');
}
