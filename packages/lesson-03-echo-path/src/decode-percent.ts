/**
 * Percent-decoding, done strictly and exactly once.
 *
 * A URL may only hold a small set of ASCII characters. Everything else travels as bytes written
 * `%` + two hexadecimal digits: a space is `%20`, and `é`, whose UTF-8 encoding is the two bytes
 * C3 A9, is `%C3%A9`. Decoding turns the escapes back into bytes, then reads the bytes as UTF-8.
 *
 * Both steps can fail, and then we refuse instead of guessing:
 *
 *     /%        "%" with no digits after it
 *     /%E0%A4%A the last escape has one digit, not two
 *     /%c0%ae   two valid escapes, but C0 AE is not UTF-8 (see below)
 */

export type Decoded = { ok: true; text: string } | { ok: false; problem: string };

const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;

// `fatal: true` makes the decoder throw on bytes that are not UTF-8, where by default it would
// quietly put a � in their place. That also refuses "overlong" encodings: C0 AE is a long way of
// writing the single byte 2E, a dot. Old decoders accepted it, so `/%c0%ae%c0%ae/` slipped past
// checks for `..` and turned into `/../` afterwards. `ignoreBOM: true` keeps a leading EF BB BF
// (%EF%BB%BF) as the character it is; by default the decoder would silently drop it.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodePercent(text: string): Decoded {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7e) {
      // node's parser only lets visible ASCII into a request target, so this is for other callers.
      return { ok: false, problem: `${JSON.stringify(text[i])} is not ASCII, so it must be sent percent-encoded.` };
    }
    if (text[i] !== '%') {
      bytes.push(code);
      continue;
    }
    const digits = text.slice(i + 1, i + 3);
    if (!HEX_PAIR.test(digits)) {
      return {
        ok: false,
        problem: `"%${digits}" is not a percent-escape: a "%" must be followed by two hexadecimal digits. (A "%" itself is written %25.)`,
      };
    }
    bytes.push(Number.parseInt(digits, 16));
    i += 2;
  }
  try {
    return { ok: true, text: utf8.decode(Uint8Array.from(bytes)) };
  } catch {
    return { ok: false, problem: 'Its percent-escapes decode to bytes that are not UTF-8 text. (Text travels as its UTF-8 bytes: é is %C3%A9.)' };
  }
}
