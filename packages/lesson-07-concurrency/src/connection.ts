/**
 * One connection, from its first byte to its last: read a request, answer it, and with keep-alive
 * go round again for the next request on the same connection.
 *
 * Every model in this lesson runs this same function on every connection. The models differ only
 * in how many connections get to run it at the same time.
 *
 * Why a loop of its own, and not lesson 6's? Two models need what that one does not give. The
 * one-at-a-time model waits for each connection to be over, so this function returns a promise
 * that settles then; lesson 6's serveConnection sets up its listeners and returns at once. The
 * threads model prepares replies on other threads, so a reply here is plain data a thread can send
 * back; lesson 6's handlers write to the socket themselves, and a socket cannot leave its thread.
 */
import type net from 'node:net';
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';
import { refusalLogLine, requestLogLine } from './log.ts';
import type { ServerOptions } from './options.ts';
import { encodeReply, textReply, type Reply } from './reply.ts';
import { hasBody, parseHead, wantsKeepAlive } from './request.ts';
import { serveFile, type FileRequest } from './site.ts';

/** Turns a request into a reply. The threads model swaps in one that asks a worker thread. */
export type Respond = (request: FileRequest) => Promise<Reply>;

/** The most bytes we keep while waiting for the blank line. Browsers send well under 2 KiB. */
export const MAX_HEAD_BYTES = 8 * 1024;

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

/** After our last response, how long we read (and throw away) what a client still sends. */
const LINGER_MS = 2_000;

/** Resolves once the server is done with this connection: closed, or its side ended. */
export async function serveConnection(socket: net.Socket, options: ServerOptions, respond: Respond = (request) => serveFile(request, options.siteDir)): Promise<void> {
  const log = options.log === false ? () => {} : (options.log ?? writeLogLine);
  // A client that stops talking, in the middle of a request or between two kept-alive requests,
  // would hold this connection forever. After a quiet spell we hang up on it.
  socket.setTimeout(options.idleTimeoutMs, () => socket.destroy());
  // Clients vanish mid-request (ECONNRESET). An 'error' nobody listens to crashes the process.
  socket.on('error', () => {});

  // Pulling chunks one at a time, in a loop, makes the code read like the classic blocking
  // `while True: recv()`. But `await` gives the thread back while we wait: other connections
  // (if the model lets them in) run in the meantime.
  const chunks: AsyncIterator<Buffer> = socket[Symbol.asyncIterator]();
  let buffered = Buffer.alloc(0);

  // Sends the last bytes and closes our side. Then reads, and throws away, whatever the client
  // still sends, until it closes too: closing a socket with unread bytes in it makes the system
  // reset the connection, and a reset can wipe out our last response before the client reads it.
  // A client that never stops sending would keep us here for ever, so after LINGER_MS we cut it.
  const hangUp = async (lastBytes: Buffer) => {
    socket.end(lastBytes);
    const cutOff = setTimeout(() => socket.destroy(), LINGER_MS);
    try {
      while (!(await chunks.next()).done);
    } finally {
      clearTimeout(cutOff);
    }
  };
  // After bytes we could not read, there is no telling where a next request would begin.
  const refuse = (reply: Reply, problem: string) => {
    log(refusalLogLine(reply.status, problem));
    return hangUp(encodeReply(reply, { keepOpen: false, withBody: true }));
  };

  // Collects bytes until a whole head has arrived: it may come in any number of pieces, and a
  // kept-alive client may have sent its next request along with the previous one. Gives back
  // where the head ends, or why there is none: the client stopped ('ended'), or it was too slow.
  const collectHead = async (): Promise<number | 'ended' | 'late'> => {
    let clock: Clock | undefined;
    try {
      let headEnd = buffered.indexOf(HEAD_END);
      while (headEnd === -1 && buffered.length <= MAX_HEAD_BYTES) {
        // The clock starts with the head's first byte. The idle timeout would never fire for a
        // client that sends a byte every few seconds; this deadline does.
        clock ??= buffered.length > 0 ? startClock(options.headTimeoutMs) : undefined;
        const next = await (clock === undefined ? chunks.next() : Promise.race([chunks.next(), clock.late]));
        if (next === 'late') return 'late';
        if (next.done) return 'ended';
        buffered = Buffer.concat([buffered, next.value]);
        headEnd = buffered.indexOf(HEAD_END);
      }
      return headEnd;
    } finally {
      clock?.stop();
    }
  };

  try {
    while (true) {
      // 1. Collect a whole head, within the limits on its size and on its time.
      const headEnd = await collectHead();
      if (headEnd === 'ended') return void socket.end(); // the client has finished sending: so do we
      if (headEnd === 'late') {
        return await refuse(textReply(408, `The request head did not arrive within ${options.headTimeoutMs} ms.`), `head not complete after ${options.headTimeoutMs} ms`);
      }
      if (headEnd === -1 || headEnd > MAX_HEAD_BYTES) {
        return await refuse(textReply(431, 'The request head is too large.'), `head larger than ${MAX_HEAD_BYTES} bytes`);
      }

      // 2. Read the head, and keep whatever came after it: the start of the next request.
      const parsed = parseHead(buffered.subarray(0, headEnd).toString('latin1'));
      buffered = buffered.subarray(headEnd + HEAD_END.length);
      if (!parsed.ok) return await refuse(textReply(400, parsed.problem), parsed.problem);
      const { request } = parsed;

      // 3. Answer. A bug in the reply must not leave the client waiting forever.
      const reply = await respond({ method: request.method, target: request.target }).catch(() => textReply(500, 'Something went wrong on our side.'));
      const keepOpen = options.keepAlive && wantsKeepAlive(request) && !hasBody(request);
      const bytes = encodeReply(reply, { keepOpen, withBody: request.method !== 'HEAD' });
      log(requestLogLine(request.method, request.target, reply.status, reply.headers['X-Served-By'] ?? ''));

      // 4. Hang up, or go round again for the next request on this connection.
      if (!keepOpen) return await hangUp(bytes);
      // Wait until the system has taken the bytes: a client that keeps sending requests but never
      // reads the answers must not make us pile them up in memory.
      await new Promise((written) => socket.write(bytes, written));
    }
  } catch {
    // The connection broke: a reset, or our idle timeout destroyed it. Nobody is left to answer.
    socket.destroy();
  }
}

interface Clock {
  /** Settles with 'late' when the time is up. */
  late: Promise<'late'>;
  stop(): void;
}

function startClock(ms: number): Clock {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(resolve, ms, 'late');
  });
  return { late, stop: () => clearTimeout(timer) };
}
