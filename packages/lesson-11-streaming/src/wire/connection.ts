/**
 * One connection of a node:net server, from the first byte to the last: find each request head,
 * hand it to the server's handler, and either wait for the next request or hang up.
 *
 * The handler answers by writing to the socket itself, and says how its answer ended: 'keep-alive'
 * when the client can tell where the body stopped (a Content-Length, or the last chunk), so the
 * next request may follow on the same connection; 'close' when the end of the body is the end of
 * the connection (an HTTP/1.0 client, or a refusal).
 *
 * While a handler is answering, the socket is paused: a client sending request after request
 * without reading the answers fills its own buffers, not our memory.
 */
import net from 'node:net';
import { failureLogLine, refusalLogLine } from './log.ts';
import { MAX_HEAD_BYTES, parseRequestHead, type RequestHead } from './request-head.ts';

export type Ending = 'keep-alive' | 'close';
export type Handler = (request: RequestHead, socket: net.Socket) => Promise<Ending>;
export type Log = (line: string) => void;

/**
 * A connection on which nothing moves for this long, either way, is closed: a client that
 * connects and sends nothing, or stops reading for good, would otherwise hold its socket (and,
 * mid-download, an open file) for ever. A countdown writes every second, so it never trips this.
 */
export const IDLE_TIMEOUT_MS = 30_000;

export function createNetServer(handle: Handler, log: Log, idleTimeoutMs = IDLE_TIMEOUT_MS): net.Server {
  // allowHalfOpen: a client may end its side once the request is sent (some HTTP/1.0 clients
  // do). Without it node would end ours at once too, in the middle of a streamed answer.
  return net.createServer({ allowHalfOpen: true }, (socket) => {
    socket.setTimeout(idleTimeoutMs, () => socket.destroy());
    serveConnection(socket, handle, log);
  });
}

function serveConnection(socket: net.Socket, handle: Handler, log: Log): void {
  let pending = Buffer.alloc(0);
  let busy = false;
  let clientEnded = false;
  /** Our side is ended: what the client still sends is read and dropped, until it closes too. */
  let hungUp = false;
  // A client that vanishes mid-answer makes writes fail; the handler sees it as socket.destroyed.
  socket.on('error', () => {});

  // Reading on after ending our side matters: a socket closed with unread bytes in it is reset,
  // and a reset can destroy the answer we have just sent before the client reads it.
  const hangUp = (lastWords?: string) => {
    hungUp = true;
    if (lastWords === undefined) socket.end();
    else socket.end(lastWords);
    socket.resume();
  };

  const answerWhatHasArrived = async () => {
    busy = true;
    socket.pause();
    while (!socket.destroyed) {
      // A bare \n would never make the blank line we look for: the client would wait for ever.
      if (hasBareLineFeed(pending)) return hangUp(refusal(log, 400, 'Each line of a request ends with \\r\\n (CRLF), not a bare \\n.'));
      const end = pending.indexOf('\r\n\r\n');
      // Too long whether or not its end has arrived: a head that came whole in one piece counts too.
      if ((end === -1 ? pending.length : end) > MAX_HEAD_BYTES) return hangUp(refusal(log, 431, `A request head may be at most ${MAX_HEAD_BYTES} bytes.`));
      if (end === -1) break;
      const parsed = parseRequestHead(pending.subarray(0, end).toString('latin1'));
      pending = pending.subarray(end + 4);
      if (!parsed.ok) return hangUp(refusal(log, parsed.status, parsed.reason));
      // Neither server reads bodies; one left in the connection would be read as the next request.
      const { headers } = parsed.head;
      if (headers['transfer-encoding'] !== undefined || (headers['content-length'] ?? '0') !== '0') {
        return hangUp(refusal(log, 400, 'This server takes no request bodies.'));
      }
      let ending: Ending;
      try {
        ending = await handle(parsed.head, socket);
      } catch (error) {
        // The head is gone already, so no error page can follow: cutting the connection is the one honest signal.
        log(failureLogLine(error));
        socket.destroy();
        return;
      }
      if (ending === 'close') return hangUp();
    }
    busy = false;
    if (clientEnded) socket.end();
    else socket.resume();
  };

  socket.on('data', (piece: Buffer) => {
    if (hungUp) return;
    pending = Buffer.concat([pending, piece]);
    if (!busy) void answerWhatHasArrived();
  });
  socket.on('end', () => {
    clientEnded = true;
    if (!busy) socket.end();
  });
}

/** A \n without its \r in the head that is arriving (only the head: the servers take no bodies). */
function hasBareLineFeed(pending: Buffer): boolean {
  const end = pending.indexOf('\r\n\r\n');
  const head = end === -1 ? pending : pending.subarray(0, end + 4);
  for (let at = head.indexOf(0x0a); at !== -1; at = head.indexOf(0x0a, at + 1)) {
    if (at === 0 || head[at - 1] !== 0x0d) return true;
  }
  return false;
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 431: 'Request Header Fields Too Large', 505: 'HTTP Version Not Supported' };

/** A short plain answer, sent before hanging up: after a bad head we cannot tell where the next request would start. */
function refusal(log: Log, status: 400 | 431 | 505, reason: string): string {
  const statusLine = `HTTP/1.1 ${status} ${REASONS[status]}`;
  const body = `${reason}\n`;
  log(refusalLogLine(statusLine, reason));
  return `${statusLine}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}
