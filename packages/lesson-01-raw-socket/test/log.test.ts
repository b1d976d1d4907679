import { describe, test, expect } from 'vitest';
import { refusalLogLine, requestLogLine } from '../src/log.ts';

// Colours may be on or off depending on the terminal, so these check the text, not the escapes.
describe('log lines', () => {
  test('a served request shows method, path and status', () => {
    const line = requestLogLine('GET', '/hello', 200);
    expect(line).toContain('GET');
    expect(line).toContain('/hello');
    expect(line).toContain('200');
  });

  test('a refused line is quoted, with its control bytes written out instead of sent to the terminal', () => {
    const line = refusalLogLine('BAD\x1b[2J\r', 400);
    expect(line).toContain('"BAD\\x1b[2J\\x0d"');
    expect(line).not.toContain('BAD\x1b');
  });

  test('a refused line is cut short, so a huge one cannot flood the terminal', () => {
    expect(refusalLogLine('x'.repeat(10_000), 431).length).toBeLessThan(200);
  });
});
