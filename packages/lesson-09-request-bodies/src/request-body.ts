/**
 * The body of a request, handed to the handler in pieces as they arrive.
 *
 *     for await (const piece of request.body) {
 *       await file.write(piece);     // take the next piece only when this one is stored
 *     }
 *
 * Lesson 6 waited for the last byte and gave the handler one Buffer. That holds the whole body in
 * memory: fine for a form, a crashed server for a 2 GB upload. Here the handler is called as soon
 * as the head is complete, and reads the body the way it reads a file stream.
 *
 * Backpressure: this object holds at most about HIGH_WATER_BYTES that the handler has not taken.
 * While it is full, `wantsMore` is false and the connection stops reading from the socket, so
 * the operating system's buffers fill up and TCP tells the client to wait. A handler that writes
 * slowly to disk makes a fast client slow down, instead of making us store the difference.
 *
 *     socket ──> parser ──> push(piece) ──> [ pieces not taken yet ] ──> for await ──> handler
 *       ^                                         │ full?
 *       └────────── pause / resume ───────────────┘
 *
 * A body that breaks off (the client stops early, a chunk is malformed, it grows past the limit)
 * ends with a BodyError thrown from the `for await`. The handler sees it, and must throw away
 * what it kept: a partial upload is not an upload.
 */
import type { ProtocolError } from './protocol-error.ts';

/** About one socket read: enough to keep the disk busy, little enough to keep memory flat. */
const HIGH_WATER_BYTES = 64 * 1024;

/** Why a body did not arrive whole, thrown from `for await`: a status, a code, a sentence. */
export class BodyError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(problem: ProtocolError) {
    super(problem.explanation);
    this.name = 'BodyError';
    this.status = problem.status;
    this.code = problem.code;
  }
}

export interface BodyHooks {
  /** The handler has taken what was waiting: the connection may read more from the socket. */
  onDemand: () => void;
  /** The handler asks for the body for the first time (the moment for `100 Continue`). */
  onFirstRead: () => void;
}

export class RequestBody implements AsyncIterable<Buffer> {
  /** The bytes that Content-Length promised; undefined for a chunked body, whose size nobody knows yet. */
  readonly length: number | undefined;
  private readonly hooks: BodyHooks;
  private receivedBytes = 0;
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  private ended = false;
  private error: BodyError | undefined;
  private readBefore = false;
  /** The handler's read that found nothing waiting, to be woken by the next push, end or fail. */
  private wake: (() => void) | undefined;

  constructor(length: number | undefined, hooks: BodyHooks) {
    this.length = length;
    this.hooks = hooks;
    // No body at all (a GET, or Content-Length: 0): it has all arrived before it began.
    if (length === 0) this.ended = true;
  }

  /** Body bytes that have arrived so far (chunk framing not counted). */
  get received(): number {
    return this.receivedBytes;
  }

  /** Every byte has arrived (though the handler may not have taken them all). */
  get allArrived(): boolean {
    return this.ended;
  }

  /** There is room for another piece, and the body is still arriving. */
  get wantsMore(): boolean {
    return !this.ended && this.error === undefined && this.waitingBytes < HIGH_WATER_BYTES;
  }

  // What the connection calls, as the parser hands out the body.

  push(piece: Buffer): void {
    this.receivedBytes += piece.length;
    this.waiting.push(piece);
    this.waitingBytes += piece.length;
    this.wakeReader();
  }

  end(): void {
    this.ended = true;
    this.wakeReader();
  }

  fail(problem: ProtocolError): void {
    if (this.ended || this.error) return;
    this.error = new BodyError(problem);
    this.wakeReader();
  }

  // What the handler calls.

  /** The next piece: everything that has arrived since the last read, or undefined at the end. One reader at a time. */
  async read(): Promise<Buffer | undefined> {
    if (!this.readBefore) {
      this.readBefore = true;
      this.hooks.onFirstRead();
    }
    // Nothing waiting: let the connection read on, and sleep until it pushes, ends or fails.
    while (this.waiting.length === 0 && !this.ended && this.error === undefined) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.hooks.onDemand();
      });
    }
    if (this.waiting.length > 0) {
      // Ten thousand tiny chunks become a few reads, not ten thousand.
      const piece = this.waiting.length === 1 ? this.waiting[0]! : Buffer.concat(this.waiting);
      this.waiting = [];
      this.waitingBytes = 0;
      this.hooks.onDemand();
      return piece;
    }
    if (this.error) throw this.error;
    return undefined;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Buffer> {
    for (let piece = await this.read(); piece !== undefined; piece = await this.read()) yield piece;
  }

  private wakeReader(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
