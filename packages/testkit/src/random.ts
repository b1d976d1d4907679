/**
 * Random but repeatable values for tests: a hard-coded answer fails, and a failure can be
 * replayed with the same values by setting WORKBOOK_SEED.
 */
const WORDS = [
  'apple',
  'brook',
  'cedar',
  'delta',
  'ember',
  'fjord',
  'grove',
  'harbor',
  'iris',
  'juniper',
  'kelp',
  'lumen',
  'maple',
  'nectar',
  'orbit',
  'pebble',
  'quartz',
  'raven',
  'sierra',
  'tundra',
];

export class Random {
  readonly seed: number;
  /** Whether any value has been drawn: only then is the seed worth telling. */
  used = false;
  #state: number;

  constructor(seed: number) {
    this.seed = seed >>> 0;
    this.#state = this.seed;
  }

  /**
   * Starts the values again from the seed, as a fresh run does. A grader that runs several test
   * files in one process calls it before each, so each file draws what it draws on its own.
   */
  reset(): void {
    this.#state = this.seed;
    this.used = false;
  }

  /** A float in [0, 1): mulberry32, small and good enough for test data. */
  next(): number {
    this.used = true;
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T;
  }

  word(): string {
    return `${this.pick(WORDS)}${this.int(10, 99)}`;
  }

  /** A path such as `/cedar42/orbit17`, never `/`. */
  path(segments = this.int(1, 3)): string {
    return Array.from({ length: segments }, () => `/${this.word()}`).join('');
  }

  text(words = this.int(2, 6)): string {
    return Array.from({ length: words }, () => this.word()).join(' ');
  }
}

/** The seed for this run: WORKBOOK_SEED if set, otherwise a fresh one. */
export function runSeed(): number {
  const fromEnv = Number(process.env.WORKBOOK_SEED);
  return Number.isInteger(fromEnv) ? fromEnv : Math.floor(Math.random() * 2 ** 31);
}

export const random = new Random(runSeed());
