import { describe, expect, test } from 'vitest';
import { chooseCoding, parseAcceptEncoding } from '../src/accept-encoding.ts';
import { isCompressible, SMALLEST_TO_COMPRESS } from '../src/compressible.ts';

describe('reading Accept-Encoding', () => {
  test('codings with and without weights, in lower case', () => {
    expect([...parseAcceptEncoding('GZIP;q=0.5, br, *;q=0')]).toEqual([
      ['gzip', 0.5],
      ['br', 1],
      ['*', 0],
    ]);
  });

  test('spaces around the parts do not matter', () => {
    expect(parseAcceptEncoding(' gzip ; q = 0.8 ,br').get('gzip')).toBe(0.8);
  });

  test.each(['gzip;q=2', 'gzip;q=high', 'gzip;q=0.1234', 'gzip;q=', 'g zip', ''])('an item nobody can read is left out: %j', (header) => {
    expect(parseAcceptEncoding(header).has('gzip')).toBe(false);
  });

  test('a coding named twice: the first one counts', () => {
    expect(parseAcceptEncoding('gzip;q=0.2, gzip').get('gzip')).toBe(0.2);
  });
});

describe('choosing the form to send', () => {
  test.each([
    // header, what we send
    ['gzip', 'gzip'],
    ['br', 'br'],
    ['gzip, deflate, br, zstd', 'br'],
    ['gzip;q=0.5, br', 'br'],
    ['gzip, br;q=0.5', 'gzip'],
    ['gzip;q=0.5, br, *;q=0', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=0', 'identity'],
    ['identity', 'identity'],
    ['*', 'br'],
    ['*;q=0.5, gzip', 'gzip'],
    ['compress', 'identity'],
    ['zstd, deflate', 'identity'],
    ['', 'identity'],
    ['identity;q=0.5, gzip;q=0.4', 'identity'],
    ['identity;q=0, gzip', 'gzip'],
    ['*;q=0, identity', 'identity'],
  ])('Accept-Encoding: %j gets %s', (header, expected) => {
    expect(chooseCoding(header)).toBe(expected);
  });

  test('no Accept-Encoding at all: the file as it is', () => {
    expect(chooseCoding(undefined)).toBe('identity');
  });

  test('a tie goes to our own order: br, then gzip', () => {
    expect(chooseCoding('gzip;q=0.7, br;q=0.7')).toBe('br');
    expect(chooseCoding('gzip, identity')).toBe('gzip');
  });

  test.each(['identity;q=0', 'identity;q=0, *;q=0', '*;q=0', 'gzip;q=0, br;q=0, identity;q=0', 'compress, *;q=0'])(
    'nothing we have is acceptable: %j gets null (406)',
    (header) => {
      expect(chooseCoding(header)).toBeNull();
    },
  );

  test('a picture is offered only as it is', () => {
    expect(chooseCoding('gzip, br', ['identity'])).toBe('identity');
    expect(chooseCoding('gzip, identity;q=0', ['identity'])).toBeNull();
  });
});

describe('what is worth compressing', () => {
  const big = SMALLEST_TO_COMPRESS;
  test.each(['text/html; charset=utf-8', 'text/css; charset=utf-8', 'text/javascript; charset=utf-8', 'application/json', 'image/svg+xml'])(
    '%s, 1 KB or more: yes',
    (type) => {
      expect(isCompressible(type, big)).toBe(true);
    },
  );

  test.each(['image/png', 'image/jpeg', 'application/zip', 'font/woff2', 'application/octet-stream', 'video/mp4'])('%s is packed already: no', (type) => {
    expect(isCompressible(type, 10 * big)).toBe(false);
  });

  test('text below 1 KB: no', () => {
    expect(isCompressible('text/html; charset=utf-8', big - 1)).toBe(false);
  });
});
