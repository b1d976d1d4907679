/**
 * The request parser: bytes go in as they arrive, whole requests come out.
 *
 * TCP hands us the stream in pieces of any size. A piece may hold half a request line, or two
 * requests and the start of a third. So the parser never assumes anything about where a piece
 * ends. It keeps the bytes it has not used yet and a `state` saying what it expects next:
 *
 *     request-line ──> header-line ──┬─ (blank line, no body) ─────────────────────> request
 *                      (repeats)     ├─ Content-Length: n ──> body (n bytes) ──────> request
 *                                    └─ chunked ──> chunk-size ──> chunk-data ──> chunk-end ─┐
 *                                                      ^  (size 0: trailer-line) ──> request │
 *                                                      └─────────────────────────────────────┘
 *
 * Each step either finishes its part and moves on, or says "not enough bytes yet" and waits for
 * the next push. Nothing is scanned twice: when a line is not complete, we remember how far we
 * looked for its end. And every part has a size limit, so no client can make us keep bytes
 * forever.
 *
 *     parser.push(chunk);
 *     for (let item = parser.next(); item; item = parser.next()) { ... }   // Request or ProtocolError
 */
import { ProtocolError } from './protocol-error.ts';

export type HttpVersion = 'HTTP/1.0' | 'HTTP/1.1';

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

type State = 'request-line' | 'header-line' | 'body' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailer-line' | 'failed';

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HT = 0x09;
const SLASH = 0x2f;
const COLON = 0x3a;
const SEMICOLON = 0x3b;

/** Room on the request line for the method, two spaces, the version and the line end. */
const REQUEST_LINE_EXTRA_BYTES = 64;
/** A chunk-size line is a hex number and perhaps an extension nobody uses; 1 KiB is generous. */
const MAX_CHUNK_LINE_BYTES = 1024;

const EMPTY = Buffer.alloc(0);

/** What a step returns when it finished its part and the next step can start at once. */
const CONTINUE = Symbol('continue');

// Which bytes may appear where. A table lookup per byte is the cheapest check there is, and it
// reads like the grammar: HTTP calls the characters of a method or header name a "token".
const TOKEN = byteTable("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
// A target is visible ASCII: clients percent-encode everything else (a space is %20).
const TARGET = byteTable((byte) => byte > 0x20 && byte < 0x7f);
// A header value may also hold spaces, tabs and bytes above 0x7f; never CR, LF, NUL or other
// control bytes. A CR or LF inside a value is how header injection and request smuggling start.
const FIELD_VALUE = byteTable((byte) => byte === HT || (byte >= 0x20 && byte !== 0x7f));
const HEX_VALUE = new Int8Array(256).fill(-1);
for (const [index, char] of [...'0123456789abcdef'].entries()) {
  HEX_VALUE[char.charCodeAt(0)] = index;
  HEX_VALUE[char.toUpperCase().charCodeAt(0)] = index;
}

export class RequestParser {
  private readonly limits: ParserLimits;
  private state: State = 'request-line';

  /** The bytes received and not used yet: `pending[offset]` up to (not including) `pending[end]`. */
  private pending: Buffer = EMPTY;
  private offset = 0;
  private end = 0;
  /** True when `pending` is our own buffer, with room after `end`; false for a piece from the socket. */
  private ownsPending = false;
  /** No line end lies before this index: the next search starts here, not at `offset` again. */
  private scanFrom = 0;

  // The request being read.
  private headBytes = 0;
  private method = '';
  private target = '';
  private version: HttpVersion = 'HTTP/1.1';
  private headers = noHeadersYet();
  private bodyParts: Buffer[] = [];
  /** Bytes left in the body (Content-Length) or in the current chunk. */
  private remaining = 0;
  /** Body bytes seen so far, framing included, for the size limit. */
  private bodyBytes = 0;

  constructor(limits: ParserLimits) {
    this.limits = limits;
  }

  /** Hands the parser the next piece of the stream. */
  push(chunk: Buffer): void {
    if (this.offset === this.end) {
      // Everything before has been used: take the new piece as it is, without copying it.
      this.pending = chunk;
      this.ownsPending = false;
      this.offset = 0;
      this.end = chunk.length;
      this.scanFrom = 0;
      return;
    }
    // Part of a line is left over, and the new piece continues it. Both go into a buffer of our
    // own with room to spare, which doubles when it fills up: a line that arrives one byte at a
    // time is copied a few times in all, not once per byte (which would cost length² copies).
    const leftover = this.end - this.offset;
    if (!this.ownsPending || this.pending.length - this.end < chunk.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * (leftover + chunk.length), 4096));
      this.pending.copy(grown, 0, this.offset, this.end);
      this.pending = grown;
      this.ownsPending = true;
      this.scanFrom -= this.offset;
      this.offset = 0;
      this.end = leftover;
    }
    chunk.copy(this.pending, this.end);
    this.end += chunk.length;
  }

  /** True once some bytes of a request have arrived but not all of them. */
  get inTheMiddleOfARequest(): boolean {
    return this.state !== 'request-line' || this.offset < this.end;
  }

  /**
   * The next complete request, a ProtocolError, or undefined when more bytes are needed. After an
   * error the parser stops: nobody can tell where the next request would begin in bytes that
   * broke the rules, so the connection has to close.
   */
  next(): Request | ProtocolError | undefined {
    for (;;) {
      const step = this.step();
      if (step === CONTINUE) continue;
      if (step instanceof ProtocolError) this.state = 'failed';
      return step;
    }
  }

  private step(): Request | ProtocolError | typeof CONTINUE | undefined {
    switch (this.state) {
      case 'request-line':
        return this.readRequestLine();
      case 'header-line':
        return this.readHeaderLine();
      case 'body':
        return this.readBody();
      case 'chunk-size':
        return this.readChunkSize();
      case 'chunk-data':
        return this.readChunkData();
      case 'chunk-end':
        return this.readChunkEnd();
      case 'trailer-line':
        return this.readTrailerLine();
      case 'failed':
        return undefined;
    }
  }

  // ── the head ──────────────────────────────────────────────────────────────────────────────

  private readRequestLine(): ProtocolError | typeof CONTINUE | undefined {
    const maxLine = Math.min(this.limits.maxTargetBytes + REQUEST_LINE_EXTRA_BYTES, this.limits.maxHeadBytes);
    const end = this.findLineEnd(maxLine);
    if (end === undefined) return undefined;
    if (end === 'too-long') return targetTooLong(this.limits.maxTargetBytes);
    if (end === 'bare-lf') return bareLineFeed();
    const start = this.useHeadLine(end);
    // A client may send an empty line or two between requests (some add one after a body).
    // They are allowed, and skipped; the head limit still counts them.
    if (start === end) return this.headBytes > this.limits.maxHeadBytes ? headTooLarge(this.limits.maxHeadBytes) : CONTINUE;
    const problem = this.parseRequestLine(start, end);
    if (problem) return problem;
    this.state = 'header-line';
    return CONTINUE;
  }

  /** `METHOD SP target SP HTTP/x.y`, checked byte by byte, in one pass. */
  private parseRequestLine(start: number, end: number): ProtocolError | undefined {
    const bytes = this.pending;
    let i = start;
    while (i < end && TOKEN[bytes[i]!]) i++;
    if (i === start || i === end || bytes[i] !== SP) return badRequestLine();
    this.method = bytes.toString('latin1', start, i);

    const targetStart = ++i;
    while (i < end && TARGET[bytes[i]!]) i++;
    if (i - targetStart > this.limits.maxTargetBytes) return targetTooLong(this.limits.maxTargetBytes);
    if (i === targetStart) return badRequestLine();
    if (bytes[targetStart] !== SLASH) {
      return new ProtocolError(400, 'ERR_BAD_TARGET', 'The target should be a path that starts with "/", like /hello.');
    }
    // "GET /" and nothing more is how HTTP/0.9, the first HTTP of 1991, asked for a page.
    if (i === end) {
      return new ProtocolError(505, 'ERR_VERSION_NOT_SUPPORTED',
        'The request line has no HTTP version, as in HTTP/0.9. This server speaks HTTP/1.0 and HTTP/1.1.');
    }
    if (bytes[i] !== SP) {
      return new ProtocolError(400, 'ERR_BAD_TARGET', 'The target may hold only visible characters; percent-encode the rest (a space is %20).');
    }
    this.target = bytes.toString('latin1', targetStart, i);

    const version = bytes.toString('latin1', i + 1, end);
    if (version === 'HTTP/1.1' || version === 'HTTP/1.0') {
      this.version = version;
      return undefined;
    }
    if (isVersionShaped(version)) {
      return new ProtocolError(505, 'ERR_VERSION_NOT_SUPPORTED', `This server speaks HTTP/1.0 and HTTP/1.1, not ${version}.`);
    }
    return badRequestLine();
  }

  private readHeaderLine(): Request | ProtocolError | typeof CONTINUE | undefined {
    const end = this.findLineEnd(this.limits.maxHeadBytes - this.headBytes);
    if (end === undefined) return undefined;
    if (end === 'too-long') return headTooLarge(this.limits.maxHeadBytes);
    if (end === 'bare-lf') return bareLineFeed();
    const start = this.useHeadLine(end);
    if (start === end) return this.endOfHead();
    return this.parseHeaderLine(start, end) ?? CONTINUE;
  }

  /** `Name: value`: a token, a colon, optional spaces, the value, optional spaces. */
  private parseHeaderLine(start: number, end: number): ProtocolError | undefined {
    const bytes = this.pending;
    // A line starting with a space once continued the header above it ("line folding"). HTTP/1.1
    // dropped that: two parsers that disagree on it see different headers.
    if (bytes[start] === SP || bytes[start] === HT) {
      return new ProtocolError(400, 'ERR_BAD_HEADER', 'A header line may not start with a space (old-style line folding is not allowed).');
    }
    let colon = start;
    while (colon < end && TOKEN[bytes[colon]!]) colon++;
    // "Content-Length : 5" has a space before its colon. Some parsers drop the space and some keep
    // it in the name; a request read differently by a proxy and by us is a smuggled request.
    if (colon === start || colon === end || bytes[colon] !== COLON) {
      return new ProtocolError(400, 'ERR_BAD_HEADER', 'Each header line must be "Name: value", with no space before the colon.');
    }
    let valueStart = colon + 1;
    let valueEnd = end;
    while (valueStart < valueEnd && (bytes[valueStart] === SP || bytes[valueStart] === HT)) valueStart++;
    while (valueEnd > valueStart && (bytes[valueEnd - 1] === SP || bytes[valueEnd - 1] === HT)) valueEnd--;
    for (let i = valueStart; i < valueEnd; i++) {
      if (!FIELD_VALUE[bytes[i]!]) {
        return new ProtocolError(400, 'ERR_BAD_HEADER', 'A header value may not hold control characters.');
      }
    }
    const name = bytes.toString('latin1', start, colon).toLowerCase();
    const value = bytes.toString('latin1', valueStart, valueEnd);
    return this.addHeader(name, value);
  }

  private addHeader(name: string, value: string): ProtocolError | undefined {
    const before = this.headers[name];
    if (before === undefined) {
      this.headers[name] = value;
      return undefined;
    }
    // Two of these are not a list but a contradiction: which host, which length? We refuse
    // rather than pick one, because whoever forwarded the request to us may have picked the other.
    if (name === 'host') return new ProtocolError(400, 'ERR_HOST_REPEATED', 'A request must have exactly one Host header; this one has several.');
    if (name === 'content-length') return new ProtocolError(400, 'ERR_CONTENT_LENGTH_REPEATED', 'A request must not have more than one Content-Length header.');
    this.headers[name] = `${before}, ${value}`;
    return undefined;
  }

  /**
   * The blank line: the head is complete. Now the headers decide whether a body follows and how
   * its end will be found. Getting this wrong is how requests get smuggled, so every doubt is 400.
   */
  private endOfHead(): Request | ProtocolError | typeof CONTINUE {
    const { headers } = this;
    // HTTP/1.1 made Host required, so one server can serve many sites on one address.
    if (this.version === 'HTTP/1.1' && headers.host === undefined) {
      return new ProtocolError(400, 'ERR_HOST_MISSING', 'An HTTP/1.1 request must have a Host header.');
    }
    const encoding = headers['transfer-encoding'];
    const length = headers['content-length'];
    if (encoding !== undefined && length !== undefined) {
      return new ProtocolError(400, 'ERR_LENGTH_AND_ENCODING',
        'A request may give Content-Length or Transfer-Encoding, not both: the two could disagree on where the body ends.');
    }
    if (encoding !== undefined) {
      // HTTP/1.0 has no chunked encoding, so framing like this came from a confused (or hostile) client.
      if (this.version === 'HTTP/1.0') return new ProtocolError(400, 'ERR_BAD_ENCODING', 'HTTP/1.0 requests cannot use Transfer-Encoding.');
      if (encoding.toLowerCase() !== 'chunked') {
        return new ProtocolError(501, 'ERR_ENCODING_NOT_SUPPORTED', `This server can read chunked bodies only, not "${encoding}".`);
      }
      this.state = 'chunk-size';
      return CONTINUE;
    }
    if (length !== undefined) {
      const size = parseContentLength(length);
      if (size === undefined) {
        return new ProtocolError(400, 'ERR_BAD_CONTENT_LENGTH', 'Content-Length must be a number of bytes, written with digits only.');
      }
      if (size > this.limits.maxBodyBytes) return bodyTooLarge(this.limits.maxBodyBytes);
      if (size > 0) {
        this.remaining = size;
        this.state = 'body';
        return CONTINUE;
      }
    }
    return this.complete();
  }

  // ── the body ──────────────────────────────────────────────────────────────────────────────

  /** Content-Length bytes, however many pieces they come in. Until the last one: undefined. */
  private readBody(): Request | undefined {
    if (!this.takeBodyBytes()) return undefined;
    return this.complete();
  }

  /** `1a;name=value\r\n`: the size of the next chunk in hex; an extension after `;` is ignored. */
  private readChunkSize(): Request | ProtocolError | typeof CONTINUE | undefined {
    const end = this.findLineEnd(MAX_CHUNK_LINE_BYTES);
    if (end === undefined) return undefined;
    if (end === 'too-long' || end === 'bare-lf') return badChunk();
    const start = this.useLine(end);
    this.bodyBytes += end + 2 - start;
    const bytes = this.pending;
    let size = 0;
    let i = start;
    for (; i < end && HEX_VALUE[bytes[i]!]! >= 0; i++) {
      size = size * 16 + HEX_VALUE[bytes[i]!]!;
      if (this.bodyBytes + size > this.limits.maxBodyBytes) return bodyTooLarge(this.limits.maxBodyBytes);
    }
    if (i === start) return badChunk();
    while (i < end && (bytes[i] === SP || bytes[i] === HT)) i++;
    if (i < end && bytes[i] !== SEMICOLON) return badChunk();
    if (size === 0) {
      this.state = 'trailer-line';
      return CONTINUE;
    }
    this.remaining = size;
    this.state = 'chunk-data';
    return CONTINUE;
  }

  private readChunkData(): typeof CONTINUE | undefined {
    if (!this.takeBodyBytes()) return undefined;
    this.state = 'chunk-end';
    return CONTINUE;
  }

  /** Each chunk's data is followed by "\r\n". */
  private readChunkEnd(): ProtocolError | typeof CONTINUE | undefined {
    if (this.end - this.offset < 2) return undefined;
    if (this.pending[this.offset] !== CR || this.pending[this.offset + 1] !== LF) return badChunk();
    this.skip(2);
    this.bodyBytes += 2;
    this.state = 'chunk-size';
    return CONTINUE;
  }

  /** After the last chunk, optional header lines ("trailers"), then a blank line. We skip them. */
  private readTrailerLine(): Request | ProtocolError | typeof CONTINUE | undefined {
    const end = this.findLineEnd(this.limits.maxHeadBytes - this.headBytes);
    if (end === undefined) return undefined;
    if (end === 'too-long') return headTooLarge(this.limits.maxHeadBytes);
    if (end === 'bare-lf') return bareLineFeed();
    const start = this.useHeadLine(end);
    return start === end ? this.complete() : CONTINUE;
  }

  /** Moves up to `remaining` bytes into the body; true once there are none left to wait for. */
  private takeBodyBytes(): boolean {
    const take = Math.min(this.end - this.offset, this.remaining);
    if (take > 0) {
      // A view into the received piece, not a copy; complete() joins the views once.
      this.bodyParts.push(this.pending.subarray(this.offset, this.offset + take));
      this.skip(take);
      this.remaining -= take;
      this.bodyBytes += take;
    }
    return this.remaining === 0;
  }

  // ── lines and bookkeeping ─────────────────────────────────────────────────────────────────

  /**
   * Where the current line's "\r" is, once its "\r\n" has arrived. `maxBytes` counts the line
   * with its line end; a line that cannot fit is 'too-long' even before its end arrives, so a
   * client cannot make us buffer a never-ending line.
   */
  private findLineEnd(maxBytes: number): number | 'too-long' | 'bare-lf' | undefined {
    const found = this.pending.indexOf(LF, this.scanFrom);
    // Past `end` lie bytes nobody sent us (the spare room of our own buffer).
    const lf = found < this.end ? found : -1;
    if (lf === -1) {
      this.scanFrom = this.end;
      return this.end - this.offset > maxBytes ? 'too-long' : undefined;
    }
    // HTTP lines end with CR LF. We refuse a bare LF instead of guessing: a front-end proxy that
    // guessed differently would see a different request than we do.
    if (lf === this.offset || this.pending[lf - 1] !== CR) return 'bare-lf';
    if (lf + 1 - this.offset > maxBytes) return 'too-long';
    return lf - 1;
  }

  /** Steps past a line that ends at `end` (and its "\r\n"); returns where the line started. */
  private useLine(end: number): number {
    const start = this.offset;
    this.skip(end + 2 - start);
    return start;
  }

  /** The same, for a line of the head, which counts toward the head's size limit. */
  private useHeadLine(end: number): number {
    const start = this.useLine(end);
    this.headBytes += end + 2 - start;
    return start;
  }

  private skip(count: number): void {
    this.offset += count;
    this.scanFrom = this.offset;
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
    this.bodyBytes = 0;
    this.bodyParts = [];
    this.headers = noHeadersYet();
    return request;
  }
}

/** An object without a prototype: a header called "__proto__" or "constructor" is then just a header. */
function noHeadersYet(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}

/** `1a2b`, digits only: no sign, no spaces, no list. Too many digits to be a real size is invalid too. */
function parseContentLength(text: string): number | undefined {
  if (text.length === 0 || text.length > 15) return undefined;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return undefined;
  }
  return Number(text);
}

/** `HTTP/` + digit + `.` + digit. */
function isVersionShaped(text: string): boolean {
  const isDigit = (index: number) => text.charCodeAt(index) >= 0x30 && text.charCodeAt(index) <= 0x39;
  return text.length === 8 && text.startsWith('HTTP/') && isDigit(5) && text[6] === '.' && isDigit(7);
}

function byteTable(allowed: string | ((byte: number) => boolean)): Uint8Array {
  const table = new Uint8Array(256);
  for (let byte = 0; byte < 256; byte++) {
    const ok = typeof allowed === 'string' ? allowed.includes(String.fromCharCode(byte)) : allowed(byte);
    table[byte] = ok ? 1 : 0;
  }
  return table;
}

function badRequestLine(): ProtocolError {
  return new ProtocolError(400, 'ERR_BAD_REQUEST_LINE',
    'The request line should be a method, a path and a version, separated by single spaces, like "GET /hello HTTP/1.1".');
}

function bareLineFeed(): ProtocolError {
  return new ProtocolError(400, 'ERR_BARE_LF', 'Every line of the request head must end with \\r\\n, not with \\n alone.');
}

function targetTooLong(limit: number): ProtocolError {
  return new ProtocolError(414, 'ERR_TARGET_TOO_LONG', `The path and query may be at most ${limit} bytes long.`);
}

function headTooLarge(limit: number): ProtocolError {
  return new ProtocolError(431, 'ERR_HEAD_TOO_LARGE', `The request line and headers together may be at most ${limit} bytes.`);
}

function bodyTooLarge(limit: number): ProtocolError {
  return new ProtocolError(413, 'ERR_BODY_TOO_LARGE', `The request body may be at most ${limit} bytes.`);
}

function badChunk(): ProtocolError {
  return new ProtocolError(400, 'ERR_BAD_CHUNK', 'The chunked body is malformed: each chunk is a hex size, \\r\\n, the data, \\r\\n.');
}
