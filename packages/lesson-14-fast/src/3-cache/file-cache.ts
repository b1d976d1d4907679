/**
 * A memory of limited size: from a request target (`/guide/?lang=en`, exactly as received) to
 * what the slow path found for it.
 *
 * The key is whatever the client typed, so the client chooses how many keys there are: an
 * attacker sending `/?1`, `/?2`, `/?3` ... would grow an unbounded map until the server runs out
 * of memory. So the map has two limits, a number of entries and a number of bytes, and when a new
 * entry would pass either, the oldest entries go first. A Map remembers the order its keys were
 * added in, which is all "oldest first" needs.
 *
 * Only files that were found are kept, never "nothing here": a file added to the site is found at
 * its first request, with no old answer to forget.
 */
import { isUnchanged, type Snapshot } from './check-on-use.ts';

/** What the cache needs to know about an entry: where to check it, and what it weighs. */
export interface Cacheable {
  /** The path checked on every use (see check-on-use.ts). */
  checkPath: string;
  snapshot: Snapshot;
  /** How many bytes of files it keeps in memory (0 for a file that is streamed). */
  memory: number;
}

/** Enough for a large site; each entry without bytes weighs well under a kilobyte. */
export const MAX_ENTRIES = 10_000;
/** 64 MB of file bytes (and keys): at least 512 small files at the largest size we keep. */
export const MAX_BYTES = 64 * 1024 * 1024;

export class FileCache<Entry extends Cacheable> {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;
  readonly maxEntries: number;
  readonly maxBytes: number;

  constructor({ maxEntries = MAX_ENTRIES, maxBytes = MAX_BYTES } = {}) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  /** The entry for `target`, if we have one and the file on disk is still that file. */
  get(target: string): Entry | undefined {
    const entry = this.#entries.get(target);
    if (entry === undefined) return undefined;
    if (isUnchanged(entry.checkPath, entry.snapshot)) return entry;
    this.delete(target);
    return undefined;
  }

  set(target: string, entry: Entry): void {
    this.delete(target);
    const weight = weightOf(target, entry);
    // A single entry heavier than the whole budget is not kept: it would push everything out.
    if (weight > this.maxBytes) return;
    this.#entries.set(target, entry);
    this.#bytes += weight;
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.maxEntries && this.#bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
  }

  delete(target: string): void {
    const entry = this.#entries.get(target);
    if (entry === undefined) return;
    this.#entries.delete(target);
    this.#bytes -= weightOf(target, entry);
  }

  /** How many entries, and how many bytes they hold: for the tests, and for the curious. */
  get size(): number {
    return this.#entries.size;
  }
  get bytes(): number {
    return this.#bytes;
  }
}

/** The file's bytes, and the key, which the client chose and can make 2 KB long. */
function weightOf(target: string, entry: Cacheable): number {
  return target.length + entry.memory;
}
