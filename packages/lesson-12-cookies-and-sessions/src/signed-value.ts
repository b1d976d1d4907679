/**
 * A value with a signature, so that the server can tell one it gave out from one a client made up.
 *
 *     sign('abc', secret)         → 'abc.3q2-7w…'   (the value, a dot, then its HMAC)
 *     unsign('abc.3q2-7w…', secret) → 'abc'
 *     unsign('abd.3q2-7w…', secret) → undefined       (changed by someone without the secret)
 *
 * The signature is an HMAC-SHA256 of the value under a secret only the server knows. Anyone can
 * compute SHA-256, but without the secret nobody can compute the HMAC, so nobody can make a valid
 * signature for a value of their choosing, and changing one character of the value breaks it.
 *
 * Signing is not encrypting. The value is still there in plain text for anyone who has the cookie
 * to read (in the browser's developer tools, or on the network). A signature only proves that we
 * wrote it. Never put a secret in a signed cookie, only things you would not mind the visitor seeing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function sign(value: string, secret: string | Buffer): string {
  return `${value}.${signature(value, secret)}`;
}

/** The value, if its signature is right; undefined for anything else, however it is broken. */
export function unsign(signed: string, secret: string | Buffer): string | undefined {
  // The signature is after the last dot: base64url has no dots, and the value may have some.
  const dot = signed.lastIndexOf('.');
  if (dot === -1) return undefined;
  const value = signed.slice(0, dot);
  const given = Buffer.from(signed.slice(dot + 1));
  const expected = Buffer.from(signature(value, secret));
  // `given.equals(expected)` would stop at the first byte that differs, and so answer a little
  // sooner the more bytes are wrong. Timing thousands of tries, an attacker could find the right
  // signature byte by byte. timingSafeEqual always looks at every byte. It needs two buffers of
  // the same length; the length of a real signature is no secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return value;
}

function signature(value: string, secret: string | Buffer): string {
  return createHmac('sha256', secret).update(value).digest('base64url');
}
