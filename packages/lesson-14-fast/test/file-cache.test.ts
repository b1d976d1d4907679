/** The cache on its own: its limits, its order, and its check on every use. */
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeTempSite, type TempSite } from 'lesson-04-file-server/test/temp-site.ts';
import { snapshotOf } from '../src/3-cache/check-on-use.ts';
import { type Cacheable, FileCache, MAX_ENTRIES } from '../src/3-cache/file-cache.ts';

let site: TempSite;
let entry: (memory?: number) => Cacheable;
beforeAll(() => {
  site = makeTempSite();
  const checkPath = path.join(site.root, 'style.css');
  entry = (memory = 0) => ({ checkPath, snapshot: snapshotOf(statSync(checkPath)), memory });
});
afterAll(() => site.remove());

describe('limits', () => {
  test(`100,000 distinct targets leave ${MAX_ENTRIES.toLocaleString('en')} entries, the newest`, () => {
    const cache = new FileCache();
    for (let i = 0; i < 100_000; i++) cache.set(`/style.css?${i}`, entry());
    expect(cache.size).toBe(MAX_ENTRIES);
    expect(cache.get('/style.css?99999')).toBeDefined();
    expect(cache.get(`/style.css?${100_000 - MAX_ENTRIES}`)).toBeDefined();
    expect(cache.get(`/style.css?${100_000 - MAX_ENTRIES - 1}`)).toBeUndefined();
  });

  test('the bytes held, keys included, stay within maxBytes', () => {
    const cache = new FileCache({ maxBytes: 1_000 });
    for (let i = 0; i < 100; i++) cache.set(`/${i}`, entry(100));
    expect(cache.bytes).toBeLessThanOrEqual(1_000);
    expect(cache.size).toBe(9);
  });

  test('one entry heavier than the whole budget is not kept, and pushes nothing out', () => {
    const cache = new FileCache({ maxBytes: 1_000 });
    cache.set('/small', entry(10));
    cache.set('/huge', entry(5_000));
    expect(cache.get('/huge')).toBeUndefined();
    expect(cache.get('/small')).toBeDefined();
  });

  test('setting a target again replaces it, and is counted once', () => {
    const cache = new FileCache();
    cache.set('/a', entry(100));
    cache.set('/a', entry(100));
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBe(102);
  });
});

describe('the check on use', () => {
  test('a changed file drops its entry', () => {
    const file = path.join(site.root, 'changing.txt');
    writeFileSync(file, 'before');
    const cache = new FileCache();
    cache.set('/changing.txt', { checkPath: file, snapshot: snapshotOf(statSync(file)), memory: 0 });
    expect(cache.get('/changing.txt')).toBeDefined();
    writeFileSync(file, 'after!');
    expect(cache.get('/changing.txt')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  test('a path that now goes through a file (ENOTDIR) is a change, not a crash', () => {
    const cache = new FileCache();
    cache.set('/x', { ...entry(), checkPath: path.join(site.root, 'index.html', 'x') });
    expect(cache.get('/x')).toBeUndefined();
  });
});
