// Exercise 14: one client connection. It is ready-made: you do not need to change this file.
//
// It reads request heads as they arrive, answers them one at a time, in order, and keeps the
// connection open between them unless the answer says to close it. Requests here have no body:
// a request that sends one is refused. Lesson 11's packages/lesson-11-streaming/src/wire/ has the
// longer version of the same thing.
import type net from 'node:net';

export interface RequestHead {
  method: string;
  /** The path and query exactly as sent: `/count/3?word=hello`. */
  target: string;
  version: 'HTTP/1.0' | 'HTTP/1.1';
  /** Names in lower case. */
  headers: Record<string, string>;
}

/** What to do with the connection once a response is written. */
export type Ending = 'keep-alive' | 'close';

/** Answers one request by writing to the socket; says whether the connection may stay open. */
export type Answer = (request: RequestHead, socket: net.Socket) => Promise<Ending>;

const HEAD_END = '\r\n\r\n';
const MAX_HEAD_BYTES = 8 * 1024;
// A method or header name is a "token"; a target is visible ASCII starting with "/".
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) (\/[\x21-\x7e]*) (HTTP\/1\.[01])$/;
const HEADER_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+):[ \t]*(.*?)[ \t]*$/;

/** The head's text (without the blank line after it) as a request, or why it is not one. */
export function parseHead(text: string): RequestHead | { problem: string } {
  const [requestLine = '', ...headerLines] = text.split('\r\n');
  const line = REQUEST_LINE.exec(requestLine);
  if (!line) return { problem: 'The request line should look like "GET /count/3 HTTP/1.1".' };
  const [, method = '', target = '', version = ''] = line;
  // No prototype: a header called "__proto__" is then just a header.
  const headers = Object.create(null) as Record<string, string>;
  for (const headerLine of headerLines) {
    const header = HEADER_LINE.exec(headerLine);
    if (!header) return { problem: 'Each header line must be "Name: value".' };
    headers[(header[1] ?? '').toLowerCase()] = header[2] ?? '';
  }
  if (headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) !== 0) {
    return { problem: 'This server takes no request bodies.' };
  }
  return { method, target, version: version as RequestHead['version'], headers };
}

/** HTTP/1.1 keeps the connection open unless the client asks to close it; HTTP/1.0 closes. */
export function wantsToClose(request: RequestHead): boolean {
  if (request.version === 'HTTP/1.0') return true;
  return (request.headers.connection ?? '')
    .toLowerCase()
    .split(',')
    .some((option) => option.trim() === 'close');
}

/** A whole response whose length is known before it starts: Content-Length says where it ends. */
export function sendWhole(socket: net.Socket, status: number, reason: string, text: string, close: boolean): Ending {
  const body = Buffer.from(text, 'utf8');
  socket.write(
    `HTTP/1.1 ${status} ${reason}\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${body.length}\r\n` +
      (close ? 'Connection: close\r\n' : '') +
      '\r\n',
  );
  socket.write(body);
  return close ? 'close' : 'keep-alive';
}

export function serveConnection(socket: net.Socket, answer: Answer): void {
  let buffer = Buffer.alloc(0);
  let busy = false;
  let closing = false;

  // A client that vanishes mid-response must not take the server down with it.
  socket.on('error', () => socket.destroy());
  // A client that goes quiet is dropped after 10 seconds.
  socket.setTimeout(10_000, () => socket.destroy());

  socket.on('data', (data: Buffer) => {
    buffer = Buffer.concat([buffer, data]);
    void next();
  });

  /** Answers the next complete request, if one has arrived and no answer is being written. */
  async function next(): Promise<void> {
    if (busy || closing) return;
    const end = buffer.indexOf(HEAD_END);
    if (end === -1) {
      if (buffer.length > MAX_HEAD_BYTES) refuse('The request head is too large.');
      return;
    }
    const head = parseHead(buffer.subarray(0, end).toString('latin1'));
    buffer = buffer.subarray(end + HEAD_END.length);
    if ('problem' in head) return refuse(head.problem);
    busy = true;
    let ending: Ending = 'close';
    try {
      ending = await answer(head, socket);
    } catch (error) {
      // The head may be out already: the only honest thing left is to cut the connection.
      console.error(`Could not answer ${head.method} ${head.target}:`, error);
      socket.destroy();
    }
    busy = false;
    if (ending === 'close') {
      closing = true;
      socket.end();
    } else {
      // The next request may already be waiting in the buffer.
      void next();
    }
  }

  function refuse(problem: string): void {
    closing = true;
    sendWhole(socket, 400, 'Bad Request', `${problem}\n`, true);
    socket.end();
  }
}
