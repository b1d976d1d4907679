/**
 * What the server answers, and the bytes that carry it.
 *
 *     HTTP/1.1 200 OK\r\n
 *     Content-Type: text/html; charset=utf-8\r\n
 *     X-Served-By: process 4242\r\n
 *     Content-Length: 312\r\n           how many bytes of body follow
 *     Connection: keep-alive\r\n        and that the connection stays open afterwards
 *     \r\n
 *     <!doctype html>...
 */

export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
};

export interface Framing {
  /** Tell the client the connection stays open (true) or closes after this response (false). */
  keepOpen: boolean;
  /** false for HEAD: the same head, no body. */
  withBody: boolean;
}

export function encodeReply(reply: Reply, { keepOpen, withBody }: Framing): Buffer {
  const lines = [`HTTP/1.1 ${reply.status} ${REASONS[reply.status] ?? 'Unknown'}`];
  for (const [name, value] of Object.entries(reply.headers)) lines.push(`${name}: ${value}`);
  // On a connection that stays open, the end of the connection can no longer mark the end of the
  // body. Content-Length is then the only way the client knows where this response stops and
  // where the next one starts. (Counted in bytes: reply.body is a Buffer.)
  lines.push(`Content-Length: ${reply.body.length}`);
  lines.push(`Connection: ${keepOpen ? 'keep-alive' : 'close'}`);
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  return withBody ? Buffer.concat([head, reply.body]) : head;
}

/** A short plain-text answer, for the errors. */
export function textReply(status: number, text: string, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', ...headers },
    body: Buffer.from(`${text}\n`, 'utf8'),
  };
}
