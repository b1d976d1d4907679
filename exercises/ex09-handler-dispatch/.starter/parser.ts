// Exercise 09: the request parser. It is ready-made: you do not need to change this file.
//
// Push the bytes of a connection in as they arrive; next() hands out one complete request at a
// time, in order, or a ParseError for bytes that are not a request, or undefined when it needs
// more bytes. A request whose body has not fully arrived is never handed out.
// (Lesson 6's packages/lesson-06-handler-api/src/parser.ts is the full version: byte by byte,
// with more checks, chunked bodies and limits for each part.)

export interface Request {
  method: string;
  target: string;
  version: 'HTTP/1.0' | 'HTTP/1.1';
  /** Names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface ParseError {
  problem: string;
}

const HEAD_END = Buffer.from('\r\n\r\n');
const MAX_HEAD_BYTES = 16 * 1024;
const MAX_BODY_BYTES = 1024 * 1024;
// The characters HTTP allows in a method ("token" characters). `B&R'EW` is a valid method!
const METHOD = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export class RequestParser {
  private buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
  }

  next(): Request | ParseError | undefined {
    const headEnd = this.buffer.indexOf(HEAD_END);
    if (headEnd === -1) {
      return this.buffer.length > MAX_HEAD_BYTES ? { problem: 'The request head is too large.' } : undefined;
    }
    const [requestLine = '', ...headerLines] = this.buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
    const [method = '', target = '', version = '', ...extra] = requestLine.split(' ');
    if (!METHOD.test(method) || !target.startsWith('/') || extra.length > 0) {
      return { problem: 'The request line should look like "GET /path HTTP/1.1".' };
    }
    if (version !== 'HTTP/1.0' && version !== 'HTTP/1.1') {
      return { problem: 'This server speaks HTTP/1.0 and HTTP/1.1 only.' };
    }
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      if (colon <= 0) return { problem: 'Each header line must be "Name: value".' };
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    if (headers['transfer-encoding'] !== undefined) return { problem: 'This server does not read chunked bodies.' };
    const length = headers['content-length'] ?? '0';
    if (!/^\d+$/.test(length) || Number(length) > MAX_BODY_BYTES) return { problem: 'Content-Length must be a number of bytes.' };

    const bodyStart = headEnd + HEAD_END.length;
    const bodyEnd = bodyStart + Number(length);
    if (this.buffer.length < bodyEnd) return undefined; // the body is not all here yet
    const body = this.buffer.subarray(bodyStart, bodyEnd);
    this.buffer = this.buffer.subarray(bodyEnd); // what is left is the next request
    return { method, target, version, headers, body };
  }
}
