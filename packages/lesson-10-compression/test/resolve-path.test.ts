import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { isHidden, isInside, MAX_PATH_LENGTH, resolvePath } from '../src/resolve-path.ts';

// No disk involved: resolvePath only works with strings, so any absolute folder will do.
const root = path.resolve('/srv/site');

describe('paths that lead to a file in the site', () => {
  test.each([
    ['/', ''],
    ['/index.html', 'index.html'],
    ['/guide/caching.html', path.join('guide', 'caching.html')],
    ['/guide/', 'guide'],
    ['/caf%C3%A9.html', 'café.html'],
    ['/my%20notes.txt', 'my notes.txt'],
    ['/index.html?lang=en', 'index.html'],
    // `..` that stays inside is harmless: it ends where it would have ended without it.
    ['/guide/../index.html', 'index.html'],
    // Decoded once: the file is literally named "%2e%2e", which is allowed (and, here, missing).
    ['/%252e%252e/secret.txt', path.join('%2e%2e', 'secret.txt')],
    // Two slashes are not "another site" on disk: join treats them as one.
    ['//index.html', 'index.html'],
    ['/%2fetc%2fpasswd', path.join('etc', 'passwd')],
  ])('%s is %j under the root', (target, relative) => {
    const resolved = resolvePath(root, target);
    expect(resolved).toMatchObject({ ok: true, relative, filePath: path.join(root, relative) });
  });

  test('a trailing slash is remembered: it asks for a folder', () => {
    expect(resolvePath(root, '/guide/')).toMatchObject({ ok: true, endsWithSlash: true });
    expect(resolvePath(root, '/guide')).toMatchObject({ ok: true, endsWithSlash: false });
  });
});

describe('paths that are refused before anything is looked up', () => {
  test.each([
    // Climbing out, in every spelling.
    ['/../secret.txt', 404],
    ['/../../../../etc/passwd', 404],
    ['/%2e%2e/secret.txt', 404],
    ['/%2E%2E/secret.txt', 404],
    ['/.%2e/secret.txt', 404],
    ['/..%2fsecret.txt', 404],
    ['/%2e%2e%2fsecret.txt', 404],
    ['/guide/../../secret.txt', 404],
    ['/..', 404],
    // Backslashes, however they arrive.
    ['/..%5csecret.txt', 400],
    ['/..\\secret.txt', 400],
    ['/%5c%5cserver%5cshare', 400],
    // Drive letters and Windows' hidden streams.
    ['/C:/Windows/win.ini', 400],
    ['/c%3a%5cwindows%5cwin.ini', 400],
    ['/index.html::$DATA', 400],
    // NUL bytes.
    ['/%00', 400],
    ['/index.html%00.png', 400],
    // Broken percent-encoding, and bytes that are not UTF-8.
    ['/%zz', 400],
    ['/100%', 400],
    ['/%c3%28', 400],
    // An "overlong" dot: two bytes pretending to be one. UTF-8 forbids it, so decoding fails.
    ['/%c0%ae%c0%ae/secret.txt', 400],
    // Hidden files and folders.
    ['/.env', 404],
    ['/.git/config', 404],
    ['/%2egit/config', 404],
    ['/guide/.secret/notes.txt', 404],
    // Not a path at all.
    ['http://example.com/index.html', 400],
    ['*', 400],
  ])('%s gets %i', (target, status) => {
    expect(resolvePath(root, target)).toMatchObject({ ok: false, status });
  });

  test(`a path longer than ${MAX_PATH_LENGTH} characters gets 414`, () => {
    expect(resolvePath(root, `/${'a'.repeat(10_000)}`)).toMatchObject({ ok: false, status: 414 });
    expect(resolvePath(root, `/${'a'.repeat(MAX_PATH_LENGTH - 1)}`)).toMatchObject({ ok: true });
  });

  test('every refusal says why, in a sentence', () => {
    const refused = resolvePath(root, '/%00');
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.reason).toMatch(/NUL/);
  });
});

describe('isInside: asks path.relative, not startsWith', () => {
  test('the root itself and anything below it are inside', () => {
    expect(isInside(root, root)).toBe(true);
    expect(isInside(root, path.join(root, 'a', 'b.html'))).toBe(true);
    // A name that merely starts with two dots is an ordinary name inside the root.
    expect(isInside(root, path.join(root, '..hidden-but-inside'))).toBe(true);
  });

  test('a folder whose name starts like the root is not inside it', () => {
    // The classic mistake: '/srv/site-secrets'.startsWith('/srv/site') is true.
    expect(isInside(root, path.resolve('/srv/site-secrets/key.pem'))).toBe(false);
  });

  test('the parent and everything else are outside', () => {
    expect(isInside(root, path.dirname(root))).toBe(false);
    expect(isInside(root, path.resolve('/etc/passwd'))).toBe(false);
  });
});

describe('isHidden', () => {
  test.each([
    ['.env', true],
    [path.join('.git', 'config'), true],
    [path.join('guide', '.draft.html'), true],
    ['index.html', false],
    [path.join('guide', 'caching.html'), false],
    ['', false],
  ])('%j: %s', (relative, hidden) => {
    expect(isHidden(relative)).toBe(hidden);
  });
});
