import { describe, expect, test } from 'vitest';
import { contentTypeFor, UNKNOWN_TYPE } from '../src/content-type.ts';

describe('the Content-Type for a file name', () => {
  test.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['old-page.htm', 'text/html; charset=utf-8'],
    ['style.css', 'text/css; charset=utf-8'],
    ['app.js', 'text/javascript; charset=utf-8'],
    ['module.mjs', 'text/javascript; charset=utf-8'],
    ['readme.txt', 'text/plain; charset=utf-8'],
    ['README.md', 'text/markdown; charset=utf-8'],
    ['data.json', 'application/json'],
    ['drawing.svg', 'image/svg+xml'],
    ['logo.png', 'image/png'],
    ['photo.jpg', 'image/jpeg'],
    ['photo.jpeg', 'image/jpeg'],
    ['animation.gif', 'image/gif'],
    ['favicon.ico', 'image/x-icon'],
  ])('%s is %s', (name, type) => {
    expect(contentTypeFor(name)).toBe(type);
  });

  test('the extension counts whatever its case', () => {
    expect(contentTypeFor('LOGO.PNG')).toBe('image/png');
    expect(contentTypeFor('Index.HTML')).toBe('text/html; charset=utf-8');
  });

  test('only the last extension counts', () => {
    expect(contentTypeFor('archive.html.zip')).toBe(UNKNOWN_TYPE);
    expect(contentTypeFor('guide/caching.html')).toBe('text/html; charset=utf-8');
  });

  test.each(['notes.xyz', 'Makefile', 'archive.tar.gz'])('%s, an unknown kind, is application/octet-stream', (name) => {
    expect(contentTypeFor(name)).toBe('application/octet-stream');
  });
});
