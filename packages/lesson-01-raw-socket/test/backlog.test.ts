/**
 * The listen backlog: how many clients the operating system lets in for a server that is not
 * accepting. Only counts are checked, never times: how long the clients wait differs from machine
 * to machine, the number that gets in while the server holds still does not.
 */
import { describe, expect, test } from 'vitest';
import { crowd } from '../src/crowd.ts';

// 100, not 200: macOS, and Linux before 5.4, cap every backlog at 128 (somaxconn), so a crowd of
// 200 would not fit even in Node's default queue there.
const CLIENTS = 100;

describe('the listen backlog', () => {
  test("the source material's listen(5): only a handful of a crowd gets in while the server is busy", async () => {
    const result = await crowd({ backlog: 5, clients: CLIENTS, stallMs: 1000, giveUpMs: 2500 });
    // Linux lets in backlog + 1 (6), the BSDs and macOS up to one and a half times the backlog.
    // The others wait (Linux, macOS) or are refused (Windows).
    expect(result.connectedWhileStalled).toBeGreaterThan(0);
    expect(result.connectedWhileStalled).toBeLessThanOrEqual(2 * 5 + 1);
  }, 15_000);

  test("Node's default backlog (511): the whole crowd gets in, and is answered once the server moves again", async () => {
    const result = await crowd({ backlog: 511, clients: CLIENTS, stallMs: 1000, giveUpMs: 10_000 });
    expect(result.connectedWhileStalled).toBe(CLIENTS);
    expect(result.outcomes.answered).toBe(CLIENTS);
  }, 15_000);
});
