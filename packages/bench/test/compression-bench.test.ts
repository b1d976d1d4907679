/**
 * `pnpm bench compression`: the load loop against a tiny server of its own, and the report from
 * made-up figures. The real run starts lesson 10 and takes about a minute, so it is not run here.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import type { BenchOptions } from '../src/benchmark.ts';
import { loadBenchmarks } from '../src/catalog.ts';
import { fetchOnce, runEncodedLoad } from '../src/compression/keep-alive-load.ts';
import { ENCODINGS, renderReport, type Measured } from '../src/compression/run.ts';

const options: BenchOptions = { durationMs: 1000, warmupMs: 0, runs: 2, load: 'auto', quick: true, command: 'pnpm bench compression --quick', progress: () => {} };

/** Answers gzip when asked, else the text as it is, and remembers what each request asked for. */
async function tinyServer(text: string) {
  const asked: (string | undefined)[] = [];
  const server = http.createServer((request, response) => {
    asked.push(request.headers['accept-encoding']);
    const gzip = request.headers['accept-encoding'] === 'gzip';
    const body = gzip ? gzipSync(text) : Buffer.from(text);
    response.writeHead(200, { 'Content-Length': body.length, ...(gzip && { 'Content-Encoding': 'gzip' }) });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, asked, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('the compression benchmark', () => {
  test('is in the catalog', async () => {
    expect((await loadBenchmarks()).map((benchmark) => benchmark.name)).toContain('compression');
  });

  test('one answer: the body as it travelled, still compressed', async () => {
    const text = 'the same words again and again '.repeat(50);
    const server = await tinyServer(text);
    try {
      const packed = await fetchOnce(server.port, '/', 'gzip');
      expect(packed.encoding).toBe('gzip');
      expect(packed.body.equals(gzipSync(text))).toBe(true);
      const plain = await fetchOnce(server.port, '/', undefined);
      expect(plain.encoding).toBeUndefined();
      expect(plain.body.length).toBe(text.length);
      expect(server.asked).toEqual(['gzip', undefined]);
    } finally {
      await server.close();
    }
  });

  test('the load loop sends the Accept-Encoding on every request, counts the answers and their bytes, and stops in time', async () => {
    const text = 'x'.repeat(2000);
    const server = await tinyServer(text);
    try {
      const result = await runEncodedLoad({ port: server.port, path: '/', acceptEncoding: 'gzip', connections: 3, durationMs: 200 });
      expect(result.requests).toBeGreaterThan(0);
      expect(result.errors).toBe(0);
      expect(result.bodyBytes).toBe(result.requests * gzipSync(text).length);
      expect(server.asked.length).toBe(result.requests);
      expect(new Set(server.asked)).toEqual(new Set(['gzip']));
      expect(result.seconds).toBeLessThan(5);
    } finally {
      await server.close();
    }
  });

  test('the report gives bytes and req/s side by side, as ratios to the uncompressed answer', () => {
    const [none, gzip, br] = ENCODINGS;
    const measured: Measured[] = [
      { page: '/', encoding: none!, wireBytes: 8000, perSecond: [4000, 4000], errors: 0 },
      { page: '/', encoding: gzip!, wireBytes: 2000, perSecond: [2000, 2000], errors: 0 },
      { page: '/', encoding: br!, wireBytes: 1600, perSecond: [1000, 1000], errors: 3 },
    ];
    const report = renderReport(measured, [], options);
    const row = (name: string) => report.split('\n').find((line) => line.includes(`| ${name} `)) ?? '';
    expect(row('none')).toMatch(/\| +8,000 \| +1\.00× \| +4,000 \| +1\.00× \|$/);
    expect(row('gzip')).toMatch(/\| +2,000 \| +0\.25× \| +2,000 \| +0\.50× \|$/);
    expect(row('br')).toMatch(/\| +1,600 \| +0\.20× \| +1,000 \| +0\.25× \|$/);
    expect(report).toContain('- / br: 3 failed request(s)');
    expect(report).toContain('Reproduce: `pnpm bench compression --quick`');
  });
});
