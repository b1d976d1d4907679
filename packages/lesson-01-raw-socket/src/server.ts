/**
 * An HTTP server on a bare TCP socket.
 *
 * TCP delivers a stream of bytes, not messages. One request may arrive in several pieces, and
 * nothing marks where it ends except what HTTP itself says: the head (request line and headers)
 * ends at the first blank line, "\r\n\r\n". So for every connection we collect bytes until that
 * blank line shows up, answer, and hang up.
 */
import net from 'node:net';
import { replyTo, replyTooLarge, replyUnfinished, type Reply } from './reply.ts';

export interface ServerOptions {
  /** Drop a connection after this many milliseconds without a byte either way (default 10 s). */
  idleTimeoutMs?: number;
  /**
   * Where each log line goes. Defaults to the terminal. Pass `false` for silence, or your own
   * function to collect the lines (the tests do both).
   */
  log?: ((line: string) => void) | false;
}

/** The most bytes we keep while waiting for the blank line. Browsers send well under 2 KiB. */
export const MAX_HEAD_BYTES = 8 * 1024;

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

export function createServer(options: ServerOptions = {}): net.Server {
  const idleTimeoutMs = options.idleTimeoutMs ?? 10_000;
  const log = options.log === false ? () => {} : (options.log ?? console.log);
  // allowHalfOpen: a client may close its sending side as soon as it has sent its request
  // ("I'm done talking") and still wait for our answer. By default Node would then close our
  // side too. We answer at once, so we would get away with it, but a server that takes its time
  // (reading a file, say) would find its connection closed under it. We decide when to hang up.
  return net.createServer({ allowHalfOpen: true }, (socket) => handleConnection(socket, idleTimeoutMs, log));
}

function handleConnection(socket: net.Socket, idleTimeoutMs: number, log: (line: string) => void): void {
  let received = Buffer.alloc(0);
  let answered = false;

  const answer = (reply: Reply) => {
    answered = true;
    // end() sends the bytes and then closes our side: the client reads to the end and knows the
    // response is complete. The connection is gone once the client hangs up too.
    socket.end(reply.response);
    log(reply.logLine);
  };

  // A client that connects and says nothing (or stops halfway) would hold this connection, and
  // its memory, forever. After a quiet spell we hang up on it without a word.
  socket.setTimeout(idleTimeoutMs);
  socket.on('timeout', () => socket.destroy());

  // Clients vanish mid-request all the time (a closed tab, a dropped Wi-Fi). Node reports that as
  // an 'error' event (ECONNRESET, EPIPE) and an 'error' nobody listens to crashes the whole
  // process. There is no one left to answer, so we just let the socket go.
  socket.on('error', () => {});

  socket.on('data', (chunk) => {
    // Anything after the head (a body, a second request) is ignored in this step: we have
    // already answered and are closing. Node still reads those bytes and lets them go.
    if (answered) return;
    received = Buffer.concat([received, chunk]);

    // Search everything received so far, not just this chunk: the blank line itself may be split
    // between two reads ("...\r\n" then "\r\n").
    const headEnd = received.indexOf(HEAD_END);
    const headLength = headEnd === -1 ? received.length : headEnd + HEAD_END.length;
    if (headLength > MAX_HEAD_BYTES) {
      answer(replyTooLarge(received.toString('latin1'), MAX_HEAD_BYTES));
    } else if (headEnd !== -1) {
      // latin1 turns each byte into one character, so no byte is lost or replaced, whatever the
      // client sent; the request-line parser then decides what is acceptable.
      answer(replyTo(received.subarray(0, headEnd).toString('latin1')));
    }
    // Otherwise: no blank line yet. Wait for more bytes.
  });

  // The client closed its sending side. If it did so before finishing its head, no blank line
  // will ever come: say so if it sent something, or just close our side too.
  socket.on('end', () => {
    if (answered) return;
    if (received.length > 0) answer(replyUnfinished(received.toString('latin1')));
    else socket.end();
  });
}
