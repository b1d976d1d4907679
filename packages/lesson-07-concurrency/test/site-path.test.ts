import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { sitePath } from '../src/site-path.ts';

const site = path.resolve('/srv/site');
const inSite = (...names: string[]) => path.join(site, ...names);

describe('paths inside the site', () => {
  test.each([
    ['/', inSite('index.html')],
    ['/about.html', inSite('about.html')],
    ['/notes.txt?download=1', inSite('notes.txt')],
    ['/guide/', inSite('guide', 'index.html')],
    ['/my%20page.html', inSite('my page.html')],
    ['/a/../about.html', inSite('about.html')],
  ])('%s is %s', (target, expected) => {
    expect(sitePath(site, target)).toBe(expected);
  });

  test('a name encoded twice is decoded once: %252e stays the text "%2e"', () => {
    expect(sitePath(site, '/%252e%252e/secret')).toBe(inSite('%2e%2e', 'secret'));
  });
});

describe('paths that are refused', () => {
  test.each([
    ['/../etc/passwd', 'climbs out'],
    ['/%2e%2e/etc/passwd', 'climbs out, dots encoded'],
    ['/a/%2e%2e%2f%2e%2e%2fetc/passwd', 'climbs out, slashes encoded'],
    ['/..%5c..%5cwindows', 'a backslash'],
    ['/notes.txt%00.html', 'a NUL byte'],
    ['/%zz', 'a broken escape'],
    ['/.env', 'a dotfile'],
    ['/.git/config', 'inside a dot-folder'],
    ['/guide/.draft.html', 'a dotfile in a folder'],
    ['/..', 'the folder above'],
  ])('%s (%s)', (target) => {
    expect(sitePath(site, target)).toBeNull();
  });

  test('a sibling folder whose name starts like the site is still outside', () => {
    expect(sitePath(site, '/../site-secrets/key')).toBeNull();
  });
});
