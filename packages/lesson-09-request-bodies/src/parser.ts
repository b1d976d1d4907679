/**
 * The request parser: bytes go in as they arrive, whole requests come out.
 *
 * It keeps the bytes it has not used yet (line-buffer.ts) and a `state` saying what it expects
 * next:
 *
 *     request-line ──> header-line ──┬─ (blank line, no body) ───────────> request
 *                      (repeats)     ├─ Content-Length: n ──> body ──────> request
 *                                    └─ chunked ──> chunked-body ────────> request
 *
 * Each step either finishes its part and moves on, or says "not enough bytes yet" and waits for
 * the next push. The parts have files of their own: request-head.ts reads the lines of the head,
 * body-framing.ts decides from the headers where the body ends, chunked-body.ts reads a body sent
 * in chunks. And every part has a size limit, so no client can make us keep bytes forever.
 *
 *     parser.push(chunk);
 *     for (let item = parser.next(); item; item = parser.next()) { ... }   // Request or ProtocolError
 */
import { bodyFraming } from './body-framing.ts';
import { ChunkedBody } from './chunked-body.ts';
import { LineBuffer } from './line-buffer.ts';
import { bareLineFeed, headTooLarge, ProtocolError, targetTooLong } from './protocol-error.ts';
import { noHeadersYet, parseHeaderLine, parseRequestLine, type HttpVersion } from './request-head.ts';

export interface Request {
  method: string;
  /** The path and query, exactly as sent: `/search?q=happy`. */
  target: string;
  version: HttpVersion;
  /** Names in lower case. A repeated header keeps its values joined with ", ". */
  headers: Record<string, string>;
  /** The whole body. The handler is only called once every byte of it has arrived. */
  body: Buffer;
}

export interface ParserLimits {
  /** The longest path and query we accept (414 above it). */
  maxTargetBytes: number;
  /** The request line and all headers together (431 above it). */
  maxHeadBytes: number;
  /** The body as it travels, chunk framing included (413 above it). */
  maxBodyBytes: number;
}

type State = 'request-line' | 'header-line' | 'body' | 'chunked-body' | 'failed';

/** Room on the request line for the method, two spaces, the version and the line end. */
const REQUEST_LINE_EXTRA_BYTES = 64;

const EMPTY = Buffer.alloc(0);

export class RequestParser {
  private readonly limits: ParserLimits;
  private readonly buffer = new LineBuffer();
  private readonly chunkedBody: ChunkedBody;
  private state: State = 'request-line';

  // The request being read.
  private headBytes = 0;
  private method = '';
  private target = '';
  private version: HttpVersion = 'HTTP/1.1';
  private headers = noHeadersYet();
  /** Views into the received pieces, not copies; complete() joins them once. */
  private bodyParts: Buffer[] = [];
  /** Bytes left in a Content-Length body. */
  private remaining = 0;

  constructor(limits: ParserLimits) {
    this.limits = limits;
    this.chunkedBody = new ChunkedBody(limits);
  }

  /** Hands the parser the next piece of the stream. */
  push(chunk: Buffer): void {
    this.buffer.push(chunk);
  }

  /** True once some bytes of a request have arrived but not all of them. */
  get inTheMiddleOfARequest(): boolean {
    return this.state !== 'request-line' || this.buffer.available > 0;
  }

  /**
   * The next complete request, a ProtocolError, or undefined when more bytes are needed. After an
   * error the parser stops: nobody can tell where the next request would begin in bytes that
   * broke the rules, so the connection has to close.
   */
  next(): Request | ProtocolError | undefined {
    for (;;) {
      const step = this.step();
      if (step === 'continue') continue;
      if (step instanceof ProtocolError) this.state = 'failed';
      return step;
    }
  }

  /** One part of the request: the result, or 'continue' when the next part can start at once. */
  private step(): Request | ProtocolError | 'continue' | undefined {
    switch (this.state) {
      case 'request-line':
        return this.readRequestLine();
      case 'header-line':
        return this.readHeaderLine();
      case 'body':
        return this.readBody();
      case 'chunked-body':
        return this.readChunkedBody();
      case 'failed':
        return undefined;
    }
  }

  private readRequestLine(): ProtocolError | 'continue' | undefined {
    const maxLine = Math.min(this.limits.maxTargetBytes + REQUEST_LINE_EXTRA_BYTES, this.limits.maxHeadBytes);
    const end = this.buffer.findLineEnd(maxLine);
    if (end === undefined) return undefined;
    if (end === 'too-long') return targetTooLong(this.limits.maxTargetBytes);
    if (end === 'bare-lf') return bareLineFeed();
    const start = this.useHeadLine(end);
    // A client may send an empty line or two between requests (some add one after a body).
    // They are allowed, and skipped; the head limit still counts them.
    if (start === end) return this.headBytes > this.limits.maxHeadBytes ? headTooLarge(this.limits.maxHeadBytes) : 'continue';
    const line = parseRequestLine(this.buffer.bytes, start, end, this.limits.maxTargetBytes);
    if (line instanceof ProtocolError) return line;
    this.method = line.method;
    this.target = line.target;
    this.version = line.version;
    this.state = 'header-line';
    return 'continue';
  }

  private readHeaderLine(): Request | ProtocolError | 'continue' | undefined {
    const end = this.buffer.findLineEnd(this.limits.maxHeadBytes - this.headBytes);
    if (end === undefined) return undefined;
    if (end === 'too-long') return headTooLarge(this.limits.maxHeadBytes);
    if (end === 'bare-lf') return bareLineFeed();
    const start = this.useHeadLine(end);
    if (start === end) return this.endOfHead();
    return parseHeaderLine(this.buffer.bytes, start, end, this.headers) ?? 'continue';
  }

  /** Steps past a line of the head, which counts toward the head's size limit; returns where it started. */
  private useHeadLine(end: number): number {
    const start = this.buffer.useLine(end);
    this.headBytes += end + 2 - start;
    return start;
  }

  /** The blank line: the head is complete. Now the headers decide whether a body follows. */
  private endOfHead(): Request | ProtocolError | 'continue' {
    // HTTP/1.1 made Host required, so one server can serve many sites on one address.
    if (this.version === 'HTTP/1.1' && this.headers.host === undefined) {
      return new ProtocolError(400, 'ERR_HOST_MISSING', 'An HTTP/1.1 request must have a Host header.');
    }
    const framing = bodyFraming(this.version, this.headers, this.limits.maxBodyBytes);
    if (framing instanceof ProtocolError) return framing;
    if (framing === 'chunked') {
      this.chunkedBody.start(this.headBytes);
      this.state = 'chunked-body';
      return 'continue';
    }
    if (framing === 0) return this.complete();
    this.remaining = framing;
    this.state = 'body';
    return 'continue';
  }

  /** Content-Length bytes, however many pieces they come in. Until the last one: undefined. */
  private readBody(): Request | undefined {
    const part = this.buffer.take(this.remaining);
    if (part === undefined) return undefined;
    this.bodyParts.push(part);
    this.remaining -= part.length;
    return this.remaining === 0 ? this.complete() : undefined;
  }

  private readChunkedBody(): Request | ProtocolError | undefined {
    const read = this.chunkedBody.read(this.buffer, this.bodyParts);
    return read === 'done' ? this.complete() : read;
  }

  /** Hands out the finished request, and gets ready for the next one on the same connection. */
  private complete(): Request {
    const parts = this.bodyParts;
    const request: Request = {
      method: this.method,
      target: this.target,
      version: this.version,
      headers: this.headers,
      body: parts.length === 0 ? EMPTY : parts.length === 1 ? parts[0]! : Buffer.concat(parts),
    };
    this.state = 'request-line';
    this.headBytes = 0;
    this.bodyParts = [];
    this.headers = noHeadersYet();
    return request;
  }
}
