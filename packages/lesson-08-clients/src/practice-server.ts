/**
 * A server that misbehaves on purpose, one way per path, so you can watch a client cope with what
 * real networks and real servers do: answers in pieces, answers cut short, no answer at all.
 *
 * It is written on node:net, like lesson 1, because node:http would not let it break the rules.
 */
import net from 'node:net';
import pc from 'picocolors';
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';

/** Each path, and what the server does there. The practice server prints this list on start. */
export const PRACTICE_PATHS: Record<string, string> = {
  '/': 'an ordinary answer, with Content-Length',
  '/slow': 'the body in several pieces with pauses; one letter is cut in half between two pieces',
  '/short': 'promises more bytes in Content-Length than it sends, then closes',
  '/silent': 'reads the request and never answers',
  '/lf': 'ends its lines with a bare \\n instead of \\r\\n',
  '/no-length': 'no Content-Length: the body ends when the connection closes, the HTTP/1.0 way',
  '/chunked': 'a chunked body to an HTTP/1.1 request (HTTP/1.0 gets it plain)',
  '/moved': 'a 301 redirect to /',
};

export const GREETING = 'Hello from the practice server!\n';
/** Sent by /slow. "ü" takes two bytes in UTF-8, and the first piece ends between them. */
export const SLOW_TEXT = 'Grüße from far away. This body travels in pieces → each one is a separate read.\n';

export interface PracticeServerOptions {
  /** Milliseconds between two pieces of /slow (default 400, slow enough to watch). */
  pauseMs?: number;
  /** Hang up on a connection that has been quiet this long, /silent included (default 30 s). */
  idleTimeoutMs?: number;
  /** Where each log line goes: the terminal by default, `false` for silence. */
  log?: ((line: string) => void) | false;
}

interface Request {
  method: string;
  path: string;
  version: string;
}

type Answer = (socket: net.Socket, request: Request, pauseMs: number) => void;

const TEXT = 'Content-Type: text/plain; charset=utf-8';

/** A whole response: the head lines joined by `eol`, the blank line, the body. */
function response(statusLine: string, headers: string[], body: string | Buffer, eol = '\r\n'): Buffer {
  const head = [statusLine, ...headers].join(eol) + eol + eol;
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body)]);
}

const answers: Record<string, Answer> = {
  '/': (socket) => {
    socket.end(response('HTTP/1.0 200 OK', [TEXT, `Content-Length: ${Buffer.byteLength(GREETING)}`], GREETING));
  },

  '/slow': (socket, _request, pauseMs) => {
    const body = Buffer.from(SLOW_TEXT);
    const head = response('HTTP/1.0 200 OK', [TEXT, `Content-Length: ${body.length}`], '');
    // Cut at byte 3, inside the "ü", and then every 20 bytes.
    const pieces = [head, body.subarray(0, 3)];
    for (let start = 3; start < body.length; start += 20) pieces.push(body.subarray(start, start + 20));
    void sendInPieces(socket, pieces, pauseMs);
  },

  '/short': (socket) => {
    const body = Buffer.from(GREETING);
    // Promise twice the bytes, send them once, hang up: like a server that crashed mid-answer.
    socket.end(response('HTTP/1.0 200 OK', [TEXT, `Content-Length: ${body.length * 2}`], body));
  },

  // Say nothing. The idle timeout set on every connection hangs up in the end.
  '/silent': () => {},

  '/lf': (socket) => {
    socket.end(response('HTTP/1.0 200 OK', [TEXT, `Content-Length: ${Buffer.byteLength(GREETING)}`], GREETING, '\n'));
  },

  '/no-length': (socket) => {
    socket.end(response('HTTP/1.0 200 OK', [TEXT], 'This body has no Content-Length. It ends where the connection does.\n'));
  },

  '/chunked': (socket, request) => {
    const words = ['Chunked ', 'bodies ', 'come ', 'in ', 'sized ', 'pieces.\n'];
    // An HTTP/1.0 client does not know chunked encoding, so it must not get it.
    if (request.version !== 'HTTP/1.1') {
      socket.end(response('HTTP/1.0 200 OK', [TEXT], words.join('')));
      return;
    }
    // Each chunk: its size in hexadecimal, CRLF, the bytes, CRLF. A chunk of size 0 ends the body.
    const chunks = words.map((word) => `${Buffer.byteLength(word).toString(16)}\r\n${word}\r\n`).join('');
    socket.end(response('HTTP/1.1 200 OK', [TEXT, 'Transfer-Encoding: chunked', 'Connection: close'], `${chunks}0\r\n\r\n`));
  },

  '/moved': (socket) => {
    const body = 'Moved to /\n';
    socket.end(response('HTTP/1.0 301 Moved Permanently', ['Location: /', TEXT, `Content-Length: ${body.length}`], body));
  },
};

/** Writes the pieces one by one with a pause between them, then closes. */
async function sendInPieces(socket: net.Socket, pieces: Buffer[], pauseMs: number): Promise<void> {
  for (const [index, piece] of pieces.entries()) {
    if (index > 0) await new Promise((wake) => setTimeout(wake, pauseMs));
    // The client may have given up during the pause.
    if (socket.destroyed) return;
    socket.write(piece);
  }
  socket.end();
}

function notFound(socket: net.Socket): void {
  const list = Object.entries(PRACTICE_PATHS).map(([path, what]) => `  ${path.padEnd(11)} ${what}`);
  const body = `No such path. Try one of these:\n${list.join('\n')}\n`;
  socket.end(response('HTTP/1.0 404 Not Found', [TEXT, `Content-Length: ${Buffer.byteLength(body)}`], body));
}

export function createPracticeServer(options: PracticeServerOptions = {}): net.Server {
  const { pauseMs = 400, idleTimeoutMs = 30_000 } = options;
  const log = options.log === false ? () => {} : (options.log ?? writeLogLine);

  // allowHalfOpen: a client may close its sending side right after its request ("I have said all
  // I will say") and still wait for the answer, which /slow takes its time to send.
  return net.createServer({ allowHalfOpen: true }, (socket) => {
    // Each write of /slow leaves as its own packet instead of being merged with the next one.
    socket.setNoDelay(true);
    socket.setTimeout(idleTimeoutMs, () => socket.destroy());
    socket.on('error', () => {});

    // Collect the request head, as in lesson 1. A request body, if any, is ignored.
    let received = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const headEnd = received.indexOf('\r\n\r\n');
      if (headEnd === -1) {
        if (received.length > 8192) socket.destroy();
        return;
      }
      socket.off('data', onData);
      const [requestLine = ''] = received.subarray(0, headEnd).toString('latin1').split('\r\n');
      const [method = '', target = '', version = ''] = requestLine.split(' ');
      const path = target.split('?')[0] ?? '';
      // hasOwn, so that a path such as "constructor" is not found on every object's prototype.
      const known = Object.hasOwn(answers, path);
      log(`${pc.green(method)} ${pc.bold(pc.cyan(target))} ${pc.dim(version)} ${pc.dim(`→ ${known ? PRACTICE_PATHS[path] : '404'}`)}`);
      if (known) answers[path]?.(socket, { method, path, version }, pauseMs);
      else notFound(socket);
    };
    socket.on('data', onData);
  });
}
