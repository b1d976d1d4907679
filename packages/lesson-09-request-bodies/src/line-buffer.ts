/**
 * The bytes received and not used yet, and where the next line in them ends.
 *
 * TCP hands us the stream in pieces of any size. A piece may hold half a request line, or two
 * requests and the start of a third. So the parser never assumes anything about where a piece
 * ends: it pushes every piece in here, and asks for lines (the head) or for a number of bytes (the
 * body), which this buffer hands out once they have all arrived.
 *
 * Two rules keep it cheap. Nothing is scanned twice: when a line is not complete, we remember how
 * far we looked for its end. And nothing is copied again and again: a piece is used where it lies,
 * and only the unfinished end of a line is kept, in a buffer that doubles when it fills up.
 */
const CR = 0x0d;
const LF = 0x0a;

const EMPTY = Buffer.alloc(0);

export class LineBuffer {
  /** The bytes not used yet: `pending[offset]` up to (not including) `pending[end]`. */
  private pending: Buffer = EMPTY;
  private offset = 0;
  private end = 0;
  /** True when `pending` is our own buffer, with room after `end`; false for a piece from the socket. */
  private ownsPending = false;
  /** No line end lies before this index: the next search starts here, not at `offset` again. */
  private scanFrom = 0;

  /** Adds the next piece of the stream. */
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

  /** How many bytes have arrived and not been used yet. */
  get available(): number {
    return this.end - this.offset;
  }

  /** The bytes to read a line from, between the indices that findLineEnd and useLine give. */
  get bytes(): Buffer {
    return this.pending;
  }

  /**
   * Where the current line's "\r" is, once its "\r\n" has arrived. `maxBytes` counts the line
   * with its line end; a line that cannot fit is 'too-long' even before its end arrives, so a
   * client cannot make us buffer a never-ending line.
   */
  findLineEnd(maxBytes: number): number | 'too-long' | 'bare-lf' | undefined {
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

  /**
   * Steps past the line that ends at `end` (and its "\r\n"); returns where the line started. Its
   * bytes stay readable in `bytes` until the next push.
   */
  useLine(end: number): number {
    const start = this.offset;
    this.skip(end + 2 - start);
    return start;
  }

  /** Up to `count` bytes, as a view into the received piece (not a copy); undefined when none have arrived. */
  take(count: number): Buffer | undefined {
    const taken = Math.min(this.end - this.offset, count);
    if (taken === 0) return undefined;
    const part = this.pending.subarray(this.offset, this.offset + taken);
    this.skip(taken);
    return part;
  }

  /**
   * Steps past a "\r\n" that must come next: true once it has, false if other bytes came instead,
   * undefined while fewer than two bytes have arrived.
   */
  skipLineEnd(): boolean | undefined {
    if (this.end - this.offset < 2) return undefined;
    if (this.pending[this.offset] !== CR || this.pending[this.offset + 1] !== LF) return false;
    this.skip(2);
    return true;
  }

  private skip(count: number): void {
    this.offset += count;
    this.scanFrom = this.offset;
  }
}
