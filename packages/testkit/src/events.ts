/**
 * A client for server-sent events (`text/event-stream`), written by hand so that it can say
 * exactly what is wrong with a stream: it is what a student's live view is checked against.
 *
 *   const stream = await openEvents(server.program, { lastEventId: '4' });
 *   const event = await stream.next({ waitingFor: 'the message "hello"' });
 *   await stream.close();
 *
 * It speaks over a plain socket (loopback only), so it sees every byte: the head, the chunk
 * framing node:http adds, and the events inside, parsed as the HTML standard says EventSource
 * parses them (lines end in LF, CRLF or CR; `data:` lines are joined with \n; one space after the
 * colon is dropped; a blank line dispatches the event; a line starting with ":" is a comment).
 */
import net from 'node:net';
import { STATUS_CODES } from 'node:http';
import { hostPort, type Address } from './address.ts';
import { decodeChunked } from './chunked-body.ts';
import { escapeBytes, escapeText } from './escape.ts';
import { random } from './random.ts';
import { CheckFailure } from './reply.ts';
import { parseResponse } from './response-parser.ts';

export interface ServerSentEvent {
  /** The `id:` this event carried itself, if any (EventSource keeps the last one; see lastEventId). */
  id?: string;
  /** The `event:` type; `message` when the event has none. */
  event: string;
  /** The `data:` lines, joined with \n. */
  data: string;
  /** A `retry:` given in the same block, in milliseconds. */
  retry?: number;
}

export interface EventsOptions {
  /** Default `/events`. */
  path?: string;
  /** Sent as the `Last-Event-ID` header, as EventSource does when it reconnects. */
  lastEventId?: string;
  headers?: Record<string, string>;
  /** How long to wait for the head of the response (default 2000 ms). */
  withinMs?: number;
}

export interface WaitOptions {
  /** Default 2000 ms, counted from the call. */
  withinMs?: number;
  /** What the test waits for, in words: `the message "apple12"`. It goes into the failure. */
  waitingFor?: string;
  /** The hint of the failure, when the test knows the likely cause better than the kit. */
  hint?: string;
}

/** A stream that sends more than this is not read any further: a runaway loop must not fill memory. */
const MOST_BYTES = 4 * 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);
/** What a student sees when the stream has ended: the same words in every message. */
const STAY_OPEN =
  'An event stream stays open: write each event into the response with res.write(), and never call res.end() on it. ' +
  'After a close, EventSource reconnects a few seconds later and misses what was posted in between.';

type Ending = { how: 'open' } | { how: 'closed' } | { how: 'last-chunk' } | { how: 'failed'; code: string } | { how: 'too-much' };

/** Opens GET /events (or `options.path`), checks the head, and returns the open stream. */
export async function openEvents(address: Address, options: EventsOptions = {}): Promise<EventStream> {
  if (!LOOPBACK.has(address.host)) throw new Error(`openEvents talks to loopback only (127.0.0.1 or ::1), not ${address.host}.`);
  const { path = '/events', lastEventId, headers = {}, withinMs = 2000 } = options;
  const lines = [`GET ${path} HTTP/1.1`, `Host: ${hostPort(address)}`, 'Accept: text/event-stream'];
  if (lastEventId !== undefined) lines.push(`Last-Event-ID: ${lastEventId}`);
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  for (const line of lines) {
    // A header with a line break in it would be a second header, or a second request.
    if (/[\r\n\0]/.test(line)) throw new Error(`openEvents: a request line or header holds a line break or NUL: ${JSON.stringify(line)}`);
  }
  const stream = new EventStream(address, Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'));
  await stream.opened(withinMs);
  return stream;
}

export class EventStream {
  readonly address: Address;
  /** The request as it was written. */
  readonly sent: Buffer;
  #status = 0;
  #headers: Record<string, string> = {};
  readonly #socket: net.Socket;
  readonly #closed: Promise<void>;
  /** Every byte received (up to MOST_BYTES), head and framing included. */
  #raw: Buffer[] = [];
  #rawLength = 0;
  #headLength = -1;
  #ending: Ending = { how: 'open' };
  #wake: Array<() => void> = [];
  // The body: how it is framed, and the state of the chunk decoder.
  #framing: 'chunked' | 'length' | 'close' = 'close';
  #bodyLeft = 0;
  #chunkState: 'size' | 'data' | 'data-end' | 'trailers' | 'done' = 'size';
  #chunkLeft = 0;
  #pendingFramed = Buffer.alloc(0);
  #framingProblem: string | undefined;
  // The event stream: text not yet split into lines, and the event being built.
  readonly #decoder = new TextDecoder('utf-8');
  #text = '';
  #firstText = true;
  #afterCr = false;
  #block: string[] = [];
  #data: string[] = [];
  #eventType = '';
  #blockId: string | undefined;
  #blockRetry: number | undefined;
  #lastEventId = '';
  #retry: number | undefined;
  #comments = 0;
  #queue: ServerSentEvent[] = [];
  #dispatched = 0;
  #withoutData = 0;
  #ignored: string[] = [];
  #body = '';

  constructor(address: Address, sent: Buffer) {
    this.address = address;
    this.sent = sent;
    const socket = net.connect({ host: address.host, port: address.port });
    this.#socket = socket;
    socket.setNoDelay(true);
    // A stream a test forgot to close must not keep the test process alive.
    socket.unref();
    socket.on('connect', () => socket.write(sent));
    socket.on('data', (piece: Buffer) => this.#receive(piece));
    socket.on('error', (error: NodeJS.ErrnoException) => this.#end({ how: 'failed', code: error.code ?? 'ERROR' }));
    this.#closed = new Promise((resolve) => socket.on('close', () => resolve()));
    socket.on('close', () => this.#end({ how: 'closed' }));
  }

  get status(): number {
    return this.#status;
  }

  /** Header names in lower case; a repeated header keeps its values joined with ", ". */
  get headers(): Record<string, string> {
    return this.#headers;
  }

  /** Comment lines seen so far (`: ping`). */
  get comments(): number {
    return this.#comments;
  }

  /** Everything the server sent so far, head and chunk framing included, as text. */
  get received(): string {
    return Buffer.concat(this.#raw).toString('utf8');
  }

  /** The event stream itself so far: the body, with the chunk framing taken off. */
  get body(): string {
    return this.#body;
  }

  /** The last id the stream gave (an empty string before any): what EventSource sends back as Last-Event-ID. */
  get lastEventId(): string {
    return this.#lastEventId;
  }

  /** The last `retry:` the stream gave, in milliseconds. */
  get retry(): number | undefined {
    return this.#retry;
  }

  /** Whether the server closed the stream, or ended its response. */
  get ended(): boolean {
    return this.#ending.how !== 'open';
  }

  /** Waits for the head; fails unless it says 200 and text/event-stream. Called by openEvents. */
  async opened(withinMs: number): Promise<void> {
    const arrived = await this.#until(() => this.#headLength >= 0 || this.ended, withinMs);
    if (this.#headLength < 0) {
      this.#socket.destroy();
      if (this.#ending.how === 'failed') {
        const refused = this.#ending.code === 'ECONNREFUSED';
        this.#fail(
          `could not ${refused ? 'connect' : 'open the stream'} (${this.#ending.code}).`,
          '',
          refused
            ? 'Nothing accepted the connection. Is your server still running and listening on PORT?'
            : 'The connection was reset: the server closed it abruptly, often because it crashed or destroyed the socket before answering.',
        );
      }
      if (this.#rawLength === 0) {
        if (!arrived) {
          this.#fail(
            `expected the head of an event stream (status 200, Content-Type: text/event-stream) within ${withinMs} ms, but nothing came.`,
            '',
            'node:http holds the head back until the first write. After res.writeHead(200, { ... }), call res.flushHeaders(), ' +
              'or write a first comment (": hello\\n\\n"), so the browser knows at once that the stream has begun.',
          );
        }
        this.#fail(
          'the server closed the connection without answering.',
          '',
          'The server closed the connection without sending anything. Did it crash? Look at what it printed.',
        );
      }
      this.#fail(
        arrived ? 'the server closed the connection before the head of its answer ended.' : `the head of the answer did not end within ${withinMs} ms.`,
        '',
        'The head ends with an empty line: after the last header line, send "\\r\\n".',
      );
    }
    if (this.#status !== 200) {
      this.#socket.destroy();
      this.#fail(`expected status 200 and an event stream, but got ${this.#status} (${STATUS_CODES[this.#status] ?? 'unknown'}).`, '', statusHint(this.#status));
    }
    const type = this.#headers['content-type'];
    if (type === undefined || type.split(';')[0]?.trim().toLowerCase() !== 'text/event-stream') {
      this.#socket.destroy();
      this.#fail(`expected Content-Type: text/event-stream, but ${type === undefined ? 'there is none' : `it is ${JSON.stringify(type)}`}.`, '', typeHint(type));
    }
  }

  /** The next event not yet taken, or a CheckFailure after `withinMs` saying what arrived so far. */
  async next(options: WaitOptions = {}): Promise<ServerSentEvent> {
    return this.waitFor(() => true, options);
  }

  /**
   * The first event not yet taken that `match` accepts; the events before it are taken too. Fails
   * after `withinMs` (default 2000) with what arrived instead.
   */
  async waitFor(match: (event: ServerSentEvent) => boolean, options: WaitOptions = {}): Promise<ServerSentEvent> {
    const { withinMs = 2000, waitingFor } = options;
    const skipped: ServerSentEvent[] = [];
    let found: ServerSentEvent | undefined;
    const look = () => {
      while (!found && this.#queue.length > 0) {
        const event = this.#queue.shift() as ServerSentEvent;
        if (match(event)) found = event;
        else skipped.push(event);
      }
      return found !== undefined || this.ended || this.#framingProblem !== undefined;
    };
    await this.#until(look, withinMs);
    if (found) return found;
    return this.#failWaiting(waitingFor ? `${waitingFor}` : 'an event', withinMs, skipped, options.hint);
  }

  /** Resolves once a comment (such as `: ping`) arrives after this call, failing after `withinMs`. */
  async waitForComment(options: WaitOptions = {}): Promise<void> {
    const { withinMs = 2000, waitingFor = 'a comment line (such as ": ping")' } = options;
    const before = this.#comments;
    await this.#until(() => this.#comments > before || this.ended, withinMs);
    if (this.#comments > before) return;
    if (this.ended) this.#failEnded(waitingFor, []);
    this.#fail(
      `waited ${withinMs} ms for ${waitingFor}, but none came.`,
      this.#sofar([]),
      options.hint ??
        'Every few seconds, write a comment into every open stream: ": ping\\n\\n". A line that starts with a colon is ignored by EventSource, but it keeps proxies from closing a quiet connection.',
    );
  }

  /** Closes our side and waits until the socket is gone. */
  async close(): Promise<void> {
    this.#socket.destroy();
    await this.#closed;
  }

  // ---- Waiting ----

  /** Resolves true once `ready()` holds, false after `withinMs`. */
  #until(ready: () => boolean, withinMs: number): Promise<boolean> {
    if (ready()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (!ready()) return;
        clearTimeout(timer);
        this.#wake = this.#wake.filter((wake) => wake !== check);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.#wake = this.#wake.filter((wake) => wake !== check);
        resolve(false);
      }, withinMs);
      this.#wake.push(check);
    });
  }

  #changed(): void {
    for (const wake of [...this.#wake]) wake();
  }

  #end(ending: Ending): void {
    if (this.#ending.how === 'open') this.#ending = ending;
    this.#changed();
  }

  // ---- Reading: the head, the framing, the lines ----

  #receive(piece: Buffer): void {
    if (this.#rawLength + piece.length > MOST_BYTES) {
      this.#end({ how: 'too-much' });
      this.#socket.destroy();
      return;
    }
    this.#raw.push(piece);
    this.#rawLength += piece.length;
    if (this.#headLength < 0) {
      const all = Buffer.concat(this.#raw);
      const crlf = all.indexOf('\r\n\r\n');
      const lf = all.indexOf('\n\n');
      const end = crlf !== -1 && (lf === -1 || crlf < lf) ? crlf + 4 : lf !== -1 ? lf + 2 : -1;
      if (end === -1) return this.#changed();
      this.#readHead(all.subarray(0, end));
      this.#headLength = end;
      piece = all.subarray(end);
    }
    this.#unframe(piece);
    this.#changed();
  }

  #readHead(head: Buffer): void {
    const parsed = parseResponse(head, false, true);
    this.#status = parsed?.status ?? 0;
    this.#headers = parsed?.headers ?? {};
    const encoding = this.#headers['transfer-encoding'];
    const length = this.#headers['content-length'];
    if (encoding !== undefined && encoding.split(',').pop()?.trim().toLowerCase() === 'chunked') this.#framing = 'chunked';
    else if (length !== undefined && /^\d+$/.test(length)) {
      this.#framing = 'length';
      this.#bodyLeft = Number(length);
    }
  }

  /** Takes the HTTP framing off the body's bytes, and reads what is left as the event stream. */
  #unframe(bytes: Buffer): void {
    if (this.#framing === 'close') return this.#read(bytes);
    if (this.#framing === 'length') {
      const take = bytes.subarray(0, this.#bodyLeft);
      this.#bodyLeft -= take.length;
      this.#read(take);
      if (this.#bodyLeft === 0) this.#end({ how: 'last-chunk' });
      return;
    }
    let pending = this.#pendingFramed.length ? Buffer.concat([this.#pendingFramed, bytes]) : bytes;
    while (pending.length > 0 && this.#framingProblem === undefined) {
      if (this.#chunkState === 'data') {
        const take = pending.subarray(0, this.#chunkLeft);
        this.#chunkLeft -= take.length;
        pending = pending.subarray(take.length);
        this.#read(take);
        if (this.#chunkLeft === 0) this.#chunkState = 'data-end';
        continue;
      }
      if (this.#chunkState === 'data-end') {
        if (pending.length < 2) break;
        if (pending[0] !== 0x0d || pending[1] !== 0x0a) return this.#brokenFraming();
        pending = pending.subarray(2);
        this.#chunkState = 'size';
        continue;
      }
      if (this.#chunkState === 'done') break;
      const lineEnd = pending.indexOf(0x0a);
      if (lineEnd === -1) {
        if (pending.length > 1024) return this.#brokenFraming();
        break;
      }
      if (lineEnd === 0 || pending[lineEnd - 1] !== 0x0d) return this.#brokenFraming();
      const line = pending.subarray(0, lineEnd - 1).toString('latin1');
      pending = pending.subarray(lineEnd + 1);
      if (this.#chunkState === 'trailers') {
        if (line === '') {
          this.#chunkState = 'done';
          this.#end({ how: 'last-chunk' });
        }
        continue;
      }
      const sizeText = line.split(';')[0] ?? '';
      if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) return this.#brokenFraming();
      const size = Number.parseInt(sizeText, 16);
      if (size === 0) this.#chunkState = 'trailers';
      else {
        this.#chunkLeft = size;
        this.#chunkState = 'data';
      }
    }
    this.#pendingFramed = Buffer.from(pending);
  }

  /** The kit's own chunk decoder says, in its words, what is wrong with the framing. */
  #brokenFraming(): void {
    const body = Buffer.concat(this.#raw).subarray(this.#headLength);
    const [problem] = decodeChunked(body, true).problems;
    // Lines of the stream where a chunk size belongs: written past node's framing, not mis-sized.
    const line = problem ? body.subarray(problem.at, body.indexOf(0x0a, problem.at)).toString('latin1') : '';
    if (problem?.code === 'chunked-size-not-hex' && /^(data|id|event|retry)?:/.test(line)) {
      this.#framingProblem = `At byte ${problem.at} of the body, where the size of the next chunk belongs, the stream itself goes on: ${escapeBytes(line)}. Those bytes were sent without chunk framing.`;
    } else this.#framingProblem = problem?.message ?? 'The chunk framing of the body is broken.';
    this.#socket.destroy();
  }

  #read(bytes: Buffer): void {
    if (bytes.length === 0) return;
    let text = this.#decoder.decode(bytes, { stream: true });
    this.#body += text;
    if (this.#firstText && text.length > 0) {
      // One byte order mark at the very start is allowed, and is not part of the first line.
      if (text.startsWith('\ufeff')) text = text.slice(1);
      this.#firstText = false;
    }
    this.#text += text;
    let start = 0;
    for (let i = 0; i < this.#text.length; i++) {
      const char = this.#text[i];
      if (char !== '\r' && char !== '\n') continue;
      if (char === '\n' && this.#afterCr && i === start) {
        // The \n of a \r\n whose \r ended the line before.
        this.#afterCr = false;
        start = i + 1;
        continue;
      }
      this.#line(this.#text.slice(start, i));
      this.#afterCr = char === '\r';
      start = i + 1;
    }
    this.#text = this.#text.slice(start);
    if (this.#text.length > 0) this.#afterCr = false;
  }

  #line(line: string): void {
    if (line === '') return this.#dispatch();
    this.#block.push(line);
    if (line.startsWith(':')) {
      this.#comments++;
      return;
    }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.#data.push(value);
    else if (field === 'event') this.#eventType = value;
    else if (field === 'id') {
      if (!value.includes('\0')) {
        this.#blockId = value;
        this.#lastEventId = value;
      }
    } else if (field === 'retry' && /^\d+$/.test(value)) {
      this.#blockRetry = Number(value);
      this.#retry = this.#blockRetry;
    } else if (this.#ignored.length < 5) this.#ignored.push(line);
  }

  /** A blank line: the event built so far goes out, if it has data (EventSource drops one without). */
  #dispatch(): void {
    const hasFields = this.#block.some((line) => !line.startsWith(':'));
    if (this.#data.length > 0) {
      const event: ServerSentEvent = { event: this.#eventType || 'message', data: this.#data.join('\n') };
      if (this.#blockId !== undefined) event.id = this.#blockId;
      if (this.#blockRetry !== undefined) event.retry = this.#blockRetry;
      this.#queue.push(event);
      this.#dispatched++;
    } else if (hasFields && (this.#blockId !== undefined || this.#eventType !== '')) this.#withoutData++;
    this.#block = [];
    this.#data = [];
    this.#eventType = '';
    this.#blockId = undefined;
    this.#blockRetry = undefined;
  }

  // ---- Failing ----

  #failWaiting(what: string, withinMs: number, skipped: ServerSentEvent[], hint?: string): never {
    if (this.#framingProblem !== undefined) {
      this.#fail(
        `while waiting for ${what}, the stream's chunk framing broke.`,
        this.#framingProblem,
        'Once the head is sent, write the stream with res.write() only: node:http frames each write as a chunk for you. Bytes written straight to the socket break the framing.',
      );
    }
    if (this.ended) this.#failEnded(what, skipped);
    const partial = this.#partial();
    if (partial) {
      this.#fail(
        `waited ${withinMs} ms for ${what}, but the last event never ended: no blank line came after it.`,
        `The event so far: ${escapeText(partial)}\n\n${this.#sofar(skipped)}`,
        'End every event with an empty line: "id: 4\\ndata: ...\\n\\n", two \\n at the end. Until the blank line comes, EventSource waits for more lines of the same event, and shows nothing.',
      );
    }
    const summary = skipped.length > 0 ? `waited ${withinMs} ms for ${what}, but it did not come.` : `waited ${withinMs} ms for ${what}, but no event came.`;
    this.#fail(summary, this.#sofar(skipped), hint ?? this.#noEventHint(skipped));
  }

  #failEnded(what: string, skipped: ServerSentEvent[]): never {
    const partial = this.#partial();
    const how = this.#ending;
    const closed =
      how.how === 'last-chunk'
        ? 'the server ended its response'
        : how.how === 'failed'
          ? `the connection failed (${how.code})`
          : how.how === 'too-much'
            ? `more than ${MOST_BYTES / 1024 / 1024} MiB came, and the kit stopped reading`
            : 'the server closed the stream';
    const lost = partial ? `\n\nThe last event had not ended (no blank line after it), so it was lost: ${escapeText(partial)}` : '';
    this.#fail(`waited for ${what}, but ${closed} after ${count(this.#dispatched, 'event')}.`, `${this.#sofar(skipped)}${lost}`, how.how === 'too-much' ? '' : STAY_OPEN);
  }

  /** The lines of an event that has begun but not ended, or '' when none has. */
  #partial(): string {
    const lines = this.#block.filter((line) => !line.startsWith(':'));
    const unfinished = this.#text.length > 0 && !this.#text.startsWith(':') ? this.#text : '';
    if (lines.length === 0 && !unfinished) return '';
    return lines.map((line) => `${line}\n`).join('') + unfinished;
  }

  /** What the stream has given so far, for a failure. */
  #sofar(skipped: ServerSentEvent[]): string {
    const parts = [
      `So far the stream gave ${count(this.#dispatched, 'event')} and ${count(this.#comments, 'comment')}${this.#retry === undefined ? '' : `, and retry: ${this.#retry}`}.`,
    ];
    if (skipped.length > 0) {
      const shown = skipped.slice(-5).map((event) => `  ${describeEvent(event)}`);
      const more = skipped.length > 5 ? ` (the last 5 of ${skipped.length})` : '';
      parts.push(`The events that came while waiting${more}:\n${shown.join('\n')}`);
    }
    if (this.#withoutData > 0) {
      parts.push(`${count(this.#withoutData, 'block')} of fields ended with a blank line but had no data: line; EventSource drops an event without data.`);
    }
    if (this.#ignored.length > 0) {
      parts.push(
        `Lines that EventSource ignores (it knows only data, id, event and retry, in lower case):\n${this.#ignored.map((line) => `  ${escapeText(line)}`).join('\n')}`,
      );
    }
    return parts.join('\n');
  }

  #noEventHint(skipped: ServerSentEvent[]): string {
    if (this.#ignored.length > 0)
      return 'Name each field in lower case and follow it with a colon: "data: {...}\\n". A line EventSource does not know is skipped without a word.';
    if (this.#withoutData > 0) return 'Every event needs at least one data: line, such as "data: {...}\\n"; an id: alone is not an event.';
    if (skipped.length > 0) return 'Each new message goes to every open stream as an event of its own, as soon as it is saved.';
    return 'When a message is saved, write it as an event into every open events response: "id: 5\\ndata: {...}\\n\\n", with res.write(). Is each response kept in your list of open streams when it opens?';
  }

  /**
   * Throws a CheckFailure that tells this stream's story: what was asked, what was sent, what came
   * back. For a test's own checks on a stream (a header, say), in the kit's words.
   */
  fail(summary: string, details = '', hint = ''): never {
    return this.#fail(summary, details, hint);
  }

  #fail(summary: string, details: string, hint: string): never {
    const request = this.sent.toString('latin1').split('\r\n')[0] ?? '';
    const sections = [`${request.replace(/ HTTP\/1\.1$/, '')}: ${summary}`];
    if (details) sections.push(details);
    sections.push(`What was sent to ${hostPort(this.address)}:\n  ${escapeBytes(this.sent)}`, this.#formatReceived());
    if (hint) sections.push(`Hint: ${hint}`);
    if (random.used) sections.push(`(The random paths and texts came from seed ${random.seed}: WORKBOOK_SEED=${random.seed} repeats them.)`);
    throw new CheckFailure(sections.join('\n\n'));
  }

  #formatReceived(): string {
    const how = this.#ending;
    const ending =
      how.how === 'open'
        ? 'and the connection was still open'
        : how.how === 'closed'
          ? 'then the server closed the connection'
          : how.how === 'last-chunk'
            ? 'then the response ended'
            : how.how === 'failed'
              ? `then the connection failed (${how.code})`
              : 'then more than the kit reads';
    if (this.#rawLength === 0)
      return how.how === 'open' ? 'What came back: nothing (the connection was still open).' : `What came back: nothing, ${ending.replace(/^then /, '')}.`;
    return `What came back (${this.#rawLength} bytes, ${ending}):\n  ${escapeEnds(Buffer.concat(this.#raw))}`;
  }
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function describeEvent(event: ServerSentEvent): string {
  const parts = [];
  if (event.id !== undefined) parts.push(`id ${escapeText(event.id)}`);
  if (event.event !== 'message') parts.push(`event ${escapeText(event.event)}`);
  const data = event.data.length > 120 ? `${escapeText(event.data.slice(0, 120))} …` : escapeText(event.data);
  parts.push(`data ${data}`);
  return parts.join(', ');
}

/** The start and the end of a long stream: the head is there, and so is the latest part. */
function escapeEnds(bytes: Buffer): string {
  if (bytes.length <= 900) return escapeBytes(bytes);
  return `${escapeBytes(bytes.subarray(0, 300))} … (${bytes.length - 900} bytes) … ${escapeBytes(bytes.subarray(bytes.length - 600))}`;
}

function statusHint(status: number): string {
  if (status === 404) return 'Nothing answers GET /events yet: add a branch for it that answers 200 with Content-Type: text/event-stream, and keeps the response open.';
  if (status >= 300 && status < 400) return 'An event stream answers 200 itself: EventSource follows a redirect, but a 303 back to the page is not a stream.';
  if (status >= 500) return 'Your server failed while opening the stream: look at what it printed.';
  if (status === 0) return 'The first line of the answer is not a status line such as "HTTP/1.1 200 OK".';
  return 'Answer GET /events with status 200 and Content-Type: text/event-stream. EventSource takes any other status as a failure, and stops for good.';
}

function typeHint(type: string | undefined): string {
  const set = "res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' })";
  if (type?.toLowerCase().startsWith('text/html')) return `That is the type of a page: does /events reach the branch that sends the board? The stream's head is ${set}.`;
  return `EventSource reads a response only when its type is text/event-stream, and closes any other. Set it in the head: ${set}.`;
}
