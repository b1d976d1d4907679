/**
 * src/main.ts as a real process, started as the benchmark starts it: `--step N`, with PORT and
 * SITE_DIR set. A wrong option gets one clear sentence and exit code 2, as in lesson 7.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { request, runProgram } from '@workbook/testkit';
import { mainFile, startMain } from './start-main.ts';

const repository = fileURLToPath(new URL('../../..', import.meta.url));

describe('each step serves SITE_DIR, relative to where the command was typed', () => {
  test.each(['1', '2', '3', '4'])('--step %s', async (step) => {
    const program = await startMain(['--step', step], { SITE_DIR: 'exercises/ex06-file-server/public', INIT_CWD: repository });
    try {
      const { response } = await request(program, { path: '/' });
      expect(response?.status).toBe(200);
      expect(response?.body.equals(readFileSync(path.join(repository, 'exercises/ex06-file-server/public/index.html')))).toBe(true);
      expect(program.stdout.text).toContain(`Step ${step}:`);
      expect(program.stdout.text).toContain(path.join(repository, 'exercises/ex06-file-server/public'));
    } finally {
      await program.stop();
    }
  });
});

describe('a wrong option: a sentence naming what is valid, exit code 2, no stack trace', () => {
  test.each([
    [['--step', '9'], 'There is no step "9".'],
    [['--step', 'fast'], 'There is no step "fast".'],
    [['--stp', '3'], "Unknown option '--stp'."],
    [['--step', '3', '--workers', '2'], '--workers is for step 5, not step 3.'],
    [['--workers', 'many'], '--workers wants a whole number of at least 1, not "many".'],
  ])('%j', async (args, sentence) => {
    const run = await runProgram({ file: mainFile, args });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(sentence);
    expect(run.stderr).toContain('The options are --step 1 | 2 | 3 | 4 | 5');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
