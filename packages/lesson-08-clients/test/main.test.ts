import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runProgram } from '@workbook/testkit';
import { GREETING } from '../src/practice-server.ts';
import { startPracticeServer, type RunningPracticeServer } from './start-practice-server.ts';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** Runs `src/main.ts` as `pnpm ... start -- <args>` would. */
async function start(...args: string[]) {
  const run = await runProgram({ file: main, args, timeoutMs: 15_000 });
  return { code: run.code, out: stripVTControlCharacters(run.stdout.toString('utf8')), err: stripVTControlCharacters(run.stderr) };
}

let server: RunningPracticeServer;
beforeAll(async () => {
  server = await startPracticeServer();
});
afterAll(() => server.stop());

describe('the command line', () => {
  test('prints the request sent, the head as received, and the body; exit code 0', async () => {
    const { code, out } = await start(`${server.origin}/`);
    expect(code).toBe(0);
    expect(out).toContain('"GET / HTTP/1.0\\r\\nHost: 127.0.0.1:');
    expect(out).toMatch(/received 112 bytes in \d+ reads?, then the server closed the connection/);
    expect(out).toContain(`HTTP/1.0 200 OK\nContent-Type: text/plain; charset=utf-8\nContent-Length: 32\n\n${GREETING}`);
  });

  test('a body cut short: what arrived, a warning, and exit code 1', async () => {
    const { code, out } = await start(`${server.origin}/short`);
    expect(code).toBe(1);
    expect(out).toContain(GREETING);
    expect(out).toMatch(/! Content-Length promised \d+ bytes, but only \d+ arrived/);
  });

  test('--undici, after the `--` that pnpm passes on', async () => {
    const { code, out } = await start('--', `${server.origin}/chunked`, '--undici');
    expect(code).toBe(0);
    expect(out).toContain('transfer-encoding: chunked');
    expect(out).toContain('Chunked bodies come in sized pieces.');
  });

  test.each([
    [['https://127.0.0.1/'], 'Only http: URLs'],
    [['localhost:4321'], 'needs a scheme in front'],
    [[], 'Give one URL, not 0'],
    [['http://127.0.0.1/', '--undicci'], "Unknown option '--undicci'"],
  ])('%j: what is wrong, the usage, and exit code 2', async (args, message) => {
    const { code, err } = await start(...args);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain('Usage: pnpm workbook run lesson-08 --');
  });
});
