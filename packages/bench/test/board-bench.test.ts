/**
 * `pnpm bench board`: the posts it sends, the board it starts from and the report it prints, from
 * made-up figures. The real run takes a minute and its figures depend on the machine (and its
 * disk), so it is not run here.
 */
import { describe, expect, test } from 'vitest';
import { loadBenchmarks } from '../src/catalog.ts';
import { IN_MEMORY_BOARD, LESSON_BOARD } from '../src/board/contenders.ts';
import { FORM_TYPE, formBody, POSTED_MESSAGE, PRELOADED, seedBoard } from '../src/board/messages.ts';
import { autocannonPostArgs, luaString, parseAutocannonPosts, wrkPostScript } from '../src/board/post-load.ts';
import { renderBoardReport, type BoardMeasurement } from '../src/board/report.ts';
import type { LoadResult } from '../src/load.ts';

describe('the board benchmark', () => {
  test('is in the catalog', async () => {
    expect((await loadBenchmarks()).map((benchmark) => benchmark.name)).toContain('board');
  });
});

describe('posting with wrk: the Lua script', () => {
  test('plain text is a plain Lua string', () => {
    expect(luaString('message=hello+board')).toBe('"message=hello+board"');
  });

  test('quotes and backslashes are escaped', () => {
    expect(luaString('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
  });

  test('control characters and UTF-8 bytes become three-digit escapes, so a digit after one stays a digit', () => {
    expect(luaString('a\nb')).toBe('"a\\010b"');
    expect(luaString('\u00019')).toBe('"\\0019"');
    expect(luaString('é')).toBe('"\\195\\169"');
  });

  test('sets the method, the body and the Content-Type, then reports as wrk-report.lua does', () => {
    const body = formBody('Tom & "Jerry"');
    const script = wrkPostScript(body);
    expect(script).toContain('wrk.method = "POST"');
    expect(script).toContain(`wrk.body = ${luaString(body)}`);
    expect(script).toContain('wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"');
    expect(script).toContain('done = function(summary, latency, requests)');
    expect(script).toContain('WORKBOOK_WRK');
    // No request() function: wrk builds the request once and sends it over and over.
    expect(script).not.toMatch(/^request\s*=/m);
  });
});

describe('posting with autocannon', () => {
  test('the method, the form type and the body go before the URL, which stays last', () => {
    const spec = { url: 'http://127.0.0.1:1/messages', connections: 10, durationMs: 1000 };
    const args = autocannonPostArgs('/x/autocannon.js', spec, 'message=hi');
    expect(args.at(-1)).toBe(spec.url);
    expect(args).toEqual(expect.arrayContaining(['--json', '--method=POST', `--headers=Content-Type=${FORM_TYPE}`, '--body=message=hi']));
  });

  test('303 answers are what a post should get, not errors; other statuses still are', () => {
    const json = JSON.stringify({
      duration: 1,
      errors: 1,
      timeouts: 0,
      non2xx: 1002,
      '2xx': 0,
      '3xx': 1000,
      '4xx': 2,
      requests: { total: 1002 },
      throughput: { total: 90_000 },
      latency: { p50: 1, p99: 4 },
    });
    expect(parseAutocannonPosts(`${json}\n`)).toMatchObject({ requests: 1002, errors: 3 });
  });
});

describe('the board it starts from', () => {
  test('100 messages in the lesson format, one JSON line each, some that need escaping', () => {
    const lines = seedBoard().trimEnd().split('\n');
    expect(lines).toHaveLength(PRELOADED);
    for (const line of lines) {
      const message = JSON.parse(line) as { text: string; postedAt: string };
      expect(message.text.length).toBeGreaterThan(0);
      expect(new Date(message.postedAt).toISOString()).toBe(message.postedAt);
    }
    expect(lines.some((line) => line.includes('<b>') && line.includes('&'))).toBe(true);
  });

  test('every post sends the same message, form-encoded', () => {
    expect(new URLSearchParams(formBody(POSTED_MESSAGE)).get('message')).toBe(POSTED_MESSAGE);
    expect(formBody('a & b')).toBe('message=a+%26+b');
  });
});

describe('the report', () => {
  const result = (requests: number, p50Ms: number, p99Ms: number, errors = 0): LoadResult => ({ requests, seconds: 1, bytes: 0, p50Ms, p99Ms, errors });
  const lesson = (): BoardMeasurement => ({
    server: LESSON_BOARD,
    pages: [result(4000, 10, 50), result(5000, 9, 40), result(6000, 8, 30)],
    posts: [result(1000, 5, 12), result(2000, 4, 10), result(1500, 4.5, 11)],
    answeredPosts: 5000,
    file: { bytes: 600 * 1024, messages: PRELOADED + 5010 },
  });
  const inMemory = (): BoardMeasurement => ({
    server: IN_MEMORY_BOARD,
    pages: [result(5000, 9, 20)],
    posts: [result(30_000, 0.2, 2)],
    answeredPosts: 30_000,
  });
  const context = { header: ['## board'], command: 'pnpm bench board --quick', caveats: ['The board files were on tmpfs.'] };
  const row = (report: string, name: string) => report.split('\n').find((line) => line.startsWith(`| ${name} `)) ?? '';

  test('page views and posts side by side, each as a ratio to the lesson', () => {
    const report = renderBoardReport([lesson(), inMemory()], context);
    expect(row(report, 'lesson 5')).toMatch(/^\| lesson 5 +\| +5,000 \(4,000–6,000\) 1\.00× \| +9\.00 \(8\.00–10\.0\) 1\.00× \|.*\| +1,500 \(1,000–2,000\) 1\.00× \|/);
    expect(row(report, 'in-memory node:http')).toMatch(/\| +5,000 1\.00× \| +9\.00 1\.00× \| +20\.0 0\.50× \| +30,000 20\.0× \| +0\.200 0\.04× \|/);
    expect(report).toContain('× lesson 5');
    expect(report).toContain('Reproduce: `pnpm bench board --quick`');
  });

  test("the lesson's file afterwards is in the table, and checked against the posts that were answered", () => {
    const report = renderBoardReport([lesson(), inMemory()], context);
    expect(row(report, 'lesson 5')).toMatch(/\| 600 KB, 5,110 messages +\|$/);
    expect(row(report, 'in-memory node:http')).toMatch(/\| none: posts kept in memory \|$/);
    expect(report).toContain("lesson 5's board file afterwards: 600 KB, 5,110 messages, the 100 it started with and 5,010 posts.");
    expect(report).toContain('counted 5,000 answered posts (warm-up included), and every one of them is a line in the file.');
    expect(report).toContain('- The board files were on tmpfs.');
  });

  test('answered posts missing from the file are called out', () => {
    const lost = { ...lesson(), file: { bytes: 1000, messages: PRELOADED + 4990 } };
    expect(renderBoardReport([lost], context)).toContain('**10 answered posts are missing from the file.**');
  });

  test('a board that could not be measured gets dashes and says why; errors are counted', () => {
    const broken: BoardMeasurement = { server: LESSON_BOARD, problem: 'not measured: it exited before it accepted connections', pages: [], posts: [], answeredPosts: 0 };
    const flaky = { ...inMemory(), posts: [result(30_000, 0.2, 2, 7)] };
    const report = renderBoardReport([broken, flaky], context);
    expect(row(report, 'lesson 5')).toMatch(/^\| lesson 5 +\| +– \| +– \| +– \| +– \| +– \| +– \| +0 \| –/);
    expect(row(report, 'in-memory node:http')).toMatch(/\| +5,000 – \|.*\| +7 \|/);
    expect(report).toContain('- lesson 5: not measured: it exited before it accepted connections');
    expect(report).toContain('- in-memory node:http: 7 failed requests');
  });
});
