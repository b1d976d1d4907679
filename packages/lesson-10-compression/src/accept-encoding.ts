/**
 * Reads the Accept-Encoding header and picks the coding we answer in.
 *
 * A browser says which compressed forms of a file it can unpack, and how much it likes each:
 *
 *     Accept-Encoding: gzip, deflate, br, zstd
 *     Accept-Encoding: gzip;q=0.5, br, *;q=0
 *
 * Each item is a coding with an optional weight `q` from 0 to 1 (1 when left out). `q=0` means
 * "never send me this". `*` stands for every coding the list does not name. `identity` is the
 * file as it is, not compressed: it is acceptable unless the list refuses it, by `identity;q=0`
 * or by `*;q=0` with no `identity` of its own.
 *
 * We can send three forms: br (brotli), gzip, and identity. Of those the client accepts, we take
 * the one with the highest weight; when two weigh the same, our own order decides (br packs text
 * smaller than gzip). When it accepts none of them, the answer is `null`, and the server says 406.
 */

/** What we can send, best first: the order that breaks a tie. */
export const CODINGS = ['br', 'gzip', 'identity'] as const;
export type Coding = (typeof CODINGS)[number];

/**
 * The weight of `identity` when the list names neither it nor `*`: still acceptable, but the
 * least wanted, so that `gzip;q=0.5` gets gzip. (The smallest weight above 0 that q can be.)
 */
const UNLISTED_IDENTITY = 0.001;

/** Each coding the header names (in lower case) with its weight. Items we cannot read are left out. */
export function parseAcceptEncoding(header: string): Map<string, number> {
  const weights = new Map<string, number>();
  for (const item of header.split(',')) {
    const [name = '', ...parameters] = item.split(';').map((part) => part.trim());
    // Coding names are not case-sensitive: GZIP is gzip.
    const coding = name.toLowerCase();
    if (!/^(?:[a-z0-9!#$%&'*+.^_`|~-]+)$/.test(coding)) continue;
    const weight = weightOf(parameters);
    if (weight === undefined) continue;
    // Named twice? The first one counts, as it does in most servers.
    if (!weights.has(coding)) weights.set(coding, weight);
  }
  return weights;
}

/**
 * The form to send, or null when the client refuses all of them. `header` is undefined when the
 * request has no Accept-Encoding at all: the client said nothing, so we send the file as it is.
 * `available` lets the server offer less (only identity, for a picture that is compressed already).
 */
export function chooseCoding(header: string | undefined, available: readonly Coding[] = CODINGS): Coding | null {
  if (header === undefined) return available.includes('identity') ? 'identity' : null;
  const weights = parseAcceptEncoding(header);
  const star = weights.get('*');

  let best: Coding | null = null;
  let bestWeight = 0;
  // `available` is in our order of preference, so a later coding must weigh more to win.
  for (const coding of available) {
    const weight = weights.get(coding) ?? star ?? (coding === 'identity' ? UNLISTED_IDENTITY : 0);
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  return best;
}

/**
 * The `q=` parameter: 1 when there is none, a number from 0 to 1 with up to three decimals, or
 * undefined when it is something else (`q=2`, `q=high`). Other parameters are ignored.
 */
function weightOf(parameters: string[]): number | undefined {
  const q = parameters.find((parameter) => /^q\s*=/i.test(parameter));
  if (q === undefined) return 1;
  const value = q.slice(q.indexOf('=') + 1).trim();
  if (!/^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(value)) return undefined;
  return Number(value);
}
