import type { Stats } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { isNotModified, validatorsFor } from '../src/conditional.ts';

// Only size and mtime are read, so a stand-in is enough.
const changedAt = new Date('2026-11-21T06:14:12.500Z');
const stats = { size: 500, mtime: changedAt } as Stats;
const current = validatorsFor(stats);

describe('the labels of a version', () => {
  test('a weak ETag made of the size and the change time', () => {
    expect(current.etag).toBe(`W/"1f4-${changedAt.getTime().toString(16)}"`);
  });

  test('Last-Modified is an HTTP date, in whole seconds', () => {
    expect(current.lastModified).toBe('Sat, 21 Nov 2026 06:14:12 GMT');
  });

  test('another size or another change time gives another tag', () => {
    expect(validatorsFor({ size: 501, mtime: changedAt } as Stats).etag).not.toBe(current.etag);
    expect(validatorsFor({ size: 500, mtime: new Date(changedAt.getTime() + 1) } as Stats).etag).not.toBe(current.etag);
  });
});

describe('If-None-Match', () => {
  test('the same tag: not modified', () => {
    expect(isNotModified({ 'if-none-match': current.etag }, current)).toBe(true);
  });

  test('one of several tags: not modified', () => {
    expect(isNotModified({ 'if-none-match': `W/"old", ${current.etag}, "other"` }, current)).toBe(true);
  });

  test('the strong twin of our weak tag matches too', () => {
    expect(isNotModified({ 'if-none-match': current.etag.slice(2) }, current)).toBe(true);
  });

  test('"*" matches any version', () => {
    expect(isNotModified({ 'if-none-match': '*' }, current)).toBe(true);
  });

  test('another tag: send the file', () => {
    expect(isNotModified({ 'if-none-match': 'W/"1f4-0"' }, current)).toBe(false);
  });
});

describe('If-Modified-Since', () => {
  test('the date we sent: not modified, although the disk has half a second more', () => {
    expect(isNotModified({ 'if-modified-since': current.lastModified }, current)).toBe(true);
  });

  test('a later date: not modified', () => {
    expect(isNotModified({ 'if-modified-since': 'Sun, 22 Nov 2026 00:00:00 GMT' }, current)).toBe(true);
  });

  test('an earlier date: send the file', () => {
    expect(isNotModified({ 'if-modified-since': 'Sat, 21 Nov 2026 06:14:11 GMT' }, current)).toBe(false);
  });

  test('a date nobody can read: send the file', () => {
    expect(isNotModified({ 'if-modified-since': 'yesterday-ish' }, current)).toBe(false);
  });
});

describe('both at once', () => {
  test('If-None-Match decides: a different tag sends the file, whatever the date says', () => {
    expect(isNotModified({ 'if-none-match': '"other"', 'if-modified-since': current.lastModified }, current)).toBe(false);
  });

  test('If-None-Match decides: the same tag is not modified, even with an old date', () => {
    expect(isNotModified({ 'if-none-match': current.etag, 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' }, current)).toBe(true);
  });
});

test('no labels at all: send the file', () => {
  expect(isNotModified({}, current)).toBe(false);
});
