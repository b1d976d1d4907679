/** Signing on its own: a value we signed comes back; a changed or made-up one does not. */
import { describe, expect, test } from 'vitest';
import { sign, unsign } from '../src/signed-value.ts';

const secret = 'a secret of at least thirty-two characters';

describe('sign and unsign', () => {
  test('a signed value is the value, a dot, and 43 characters of base64url (32 bytes of HMAC-SHA256)', () => {
    expect(sign('abc', secret)).toMatch(/^abc\.[A-Za-z0-9_-]{43}$/);
  });

  test('the same value and secret always give the same signature, so the server can check it later', () => {
    expect(sign('abc', secret)).toBe(sign('abc', secret));
  });

  test('what we signed comes back, dots in the value and all', () => {
    expect(unsign(sign('abc', secret), secret)).toBe('abc');
    expect(unsign(sign('a.b.c', secret), secret)).toBe('a.b.c');
  });

  test('signing is not encrypting: the value is there for anyone to read', () => {
    expect(sign('alice', secret).startsWith('alice.')).toBe(true);
  });

  test('a changed value with the old signature is refused', () => {
    const [, signature] = sign('alice', secret).split('.');
    expect(unsign(`admin.${signature}`, secret)).toBeUndefined();
  });

  test('one changed character of the signature is refused', () => {
    const signed = sign('abc', secret);
    const last = signed.at(-1) === 'A' ? 'B' : 'A';
    expect(unsign(signed.slice(0, -1) + last, secret)).toBeUndefined();
  });

  test('a value signed with another secret is refused', () => {
    expect(unsign(sign('abc', 'another secret, just as long as the first'), secret)).toBeUndefined();
  });

  test.each([
    ['no dot at all', 'abc'],
    ['an empty signature', 'abc.'],
    ['a signature that is too short', 'abc.xyz'],
    ['a signature that is too long', `${sign('abc', secret)}A`],
    ['nothing', ''],
    ['only a dot', '.'],
  ])('%s is refused, without an error', (_what, signed) => {
    expect(unsign(signed, secret)).toBeUndefined();
  });
});
