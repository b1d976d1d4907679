/**
 * The board's live view: every open tab keeps one response open (GET /events), and each new
 * message is written into all of them as it is saved. This is "server-sent events" (SSE), the
 * format the browser's EventSource reads:
 *
 *     HTTP/1.1 200 OK
 *     Content-Type: text/event-stream
 *     Cache-Control: no-cache
 *     Transfer-Encoding: chunked            (node frames it: the length is never known)
 *
 *     retry: 2000                           reconnect 2 s after losing the connection
 *
 *     id: 5f3a91c2-7                        each event: its id, its type, its data, a blank line
 *     event: message
 *     data: {"text":"Hello","postedAt":"2026-12-02T14:05:00.000Z"}
 *
 *     : ping                                a comment, ignored by EventSource (see below)
 *
 * When the connection breaks (a laptop sleeps, the server restarts), EventSource reconnects by
 * itself and sends the id of the last event it got, `Last-Event-ID: 5f3a91c2-7`. We keep the
 * recent events, so it gets what it missed and nothing twice.
 *
 * An id is `<run>-<number>`: the number counts the events of this run of the server, and the run
 * is chosen at random when it starts. An id from an earlier run, or one too old for what we keep,
 * cannot be answered with the missing events, so that tab is told to reload the page instead.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { eventsLogLine } from './log.ts';

export type EventType = 'message' | 'clear' | 'reload';

interface SentEvent {
  number: number;
  type: EventType;
  /** One line of JSON: a data line cannot hold a line break (JSON.stringify writes \n as \\n). */
  data: string;
}

export interface LiveEventsOptions {
  /** Milliseconds between two `: ping` comments (15 s). The tests make it short. */
  pingMs?: number;
  /** Open streams at most; one more gets 503 (100). Each holds a socket and a little memory. */
  maxStreams?: number;
  /** Events kept for tabs that reconnect (1000). */
  keptEvents?: number;
  /**
   * Bytes a stream may have waiting for a client that does not read (64 KiB). Past that it is
   * closed: a tab that is merely slow reconnects and catches up from its Last-Event-ID, and a
   * client that never reads cannot make us hold every message for it.
   */
  maxQueuedBytes?: number;
  log?: (line: string) => void;
}

export class LiveEvents {
  readonly #streams = new Set<ServerResponse>();
  readonly #history: SentEvent[] = [];
  readonly #run = randomBytes(4).toString('hex');
  #count = 0;
  #pinger: NodeJS.Timeout | undefined;
  readonly #pingMs: number;
  readonly #maxStreams: number;
  readonly #keptEvents: number;
  readonly #maxQueuedBytes: number;
  readonly #log: (line: string) => void;

  constructor(options: LiveEventsOptions = {}) {
    this.#pingMs = options.pingMs ?? 15_000;
    this.#maxStreams = options.maxStreams ?? 100;
    this.#keptEvents = options.keptEvents ?? 1000;
    this.#maxQueuedBytes = options.maxQueuedBytes ?? 64 * 1024;
    this.#log = options.log ?? (() => {});
  }

  /** How many streams are open now. A closed one must be forgotten at once, or they pile up. */
  get size(): number {
    return this.#streams.size;
  }

  /** The id of the latest event: the page carries it, so its stream starts right after it. */
  get lastId(): string {
    return this.#idOf(this.#count);
  }

  /** Answers GET /events: the head, what the client missed, then the stream stays open. */
  open(request: IncomingMessage, response: ServerResponse): void {
    if (this.#streams.size >= this.#maxStreams) {
      const text = `Too many live views are open (${this.#maxStreams}). Reload the page later.`;
      response.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Retry-After': '10' });
      response.end(text);
      return;
    }
    response.writeHead(200, {
      // Always UTF-8: the format allows no other charset.
      'Content-Type': 'text/event-stream',
      // Every byte is news: a cache or proxy that kept the stream to replay later would be wrong.
      'Cache-Control': 'no-cache',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    // Reconnecting EventSource sends Last-Event-ID; a fresh page passes its own in the address.
    const header = request.headers['last-event-id'];
    const since = typeof header === 'string' ? header : (new URL(request.url ?? '/', 'http://board.invalid').searchParams.get('since') ?? undefined);
    let opening = 'retry: 2000\n\n';
    for (const event of this.#missedSince(since)) opening += this.#frame(event);
    response.write(opening);

    this.#streams.add(response);
    this.#log(eventsLogLine(`a live view opened (${this.#streams.size} open)`));
    // 'close' comes however the stream ends: the tab closed, the network went, we ended it.
    response.on('close', () => {
      this.#streams.delete(response);
      this.#log(eventsLogLine(`a live view closed (${this.#streams.size} open)`));
      if (this.#streams.size === 0) this.#stopPinging();
    });
    this.#startPinging();
  }

  /** Sends an event to every open stream, and keeps it for those that reconnect later. */
  publish(type: 'message' | 'clear', data: unknown): void {
    const event: SentEvent = { number: ++this.#count, type, data: JSON.stringify(data) };
    this.#history.push(event);
    if (this.#history.length > this.#keptEvents) this.#history.shift();
    this.#writeToAll(this.#frame(event));
  }

  /** Ends every stream (the server is stopping). */
  close(): void {
    this.#stopPinging();
    for (const stream of this.#streams) stream.end();
  }

  #idOf(number: number): string {
    return `${this.#run}-${number}`;
  }

  #frame(event: SentEvent): string {
    return `id: ${this.#idOf(event.number)}\nevent: ${event.type}\ndata: ${event.data}\n\n`;
  }

  /** The events after `since`, or one `reload` when we cannot tell what the client missed. */
  #missedSince(since: string | undefined): SentEvent[] {
    if (since === undefined || since === '') return [];
    // Digits only after the dash: Number('') is 0, and would read "<run>-" as "send everything".
    const [, run, digits] = /^([0-9a-f]+)-([0-9]+)$/.exec(since) ?? [];
    const number = Number(digits);
    const oldest = this.#history[0]?.number ?? this.#count + 1;
    // Ours, and recent enough that every event after it is still kept.
    if (run === this.#run && digits !== undefined && number >= oldest - 1 && number <= this.#count) {
      return this.#history.filter((event) => event.number > number);
    }
    return [{ number: this.#count, type: 'reload', data: '{}' }];
  }

  #writeToAll(text: string): void {
    for (const stream of this.#streams) {
      if (stream.writableLength > this.#maxQueuedBytes) {
        // This client has not read for a long while. Holding more for it is how memory leaks.
        stream.destroy();
        continue;
      }
      stream.write(text);
    }
  }

  /**
   * A comment line every few seconds. It keeps idle connections from being dropped by proxies and
   * routers that close silent ones, and it is how we notice a tab that went away without a word:
   * writing to its dead connection fails, and 'close' removes it.
   */
  #startPinging(): void {
    if (this.#pinger) return;
    this.#pinger = setInterval(() => this.#writeToAll(': ping\n\n'), this.#pingMs);
    // The pinger alone is no reason to keep the process running.
    this.#pinger.unref();
  }

  #stopPinging(): void {
    clearInterval(this.#pinger);
    this.#pinger = undefined;
  }
}
