import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { runProgram, StartError } from '../src/index.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

test('a program that exits: its code, its stdout byte for byte, its stderr', async () => {
  const cwd = tmpdir();
  const run = await runProgram({ file: fixture('prints-and-exits.ts'), args: ['http://127.0.0.1:1/', 'two words'], cwd, env: { EXIT_CODE: '3' } });
  expect(run).toMatchObject({ code: 3, signal: null, timedOut: false });
  const args = Buffer.from('["http://127.0.0.1:1/","two words"]\n');
  expect(run.stdout.equals(Buffer.concat([args, Buffer.from([0x00, 0xc3, 0xbc, 0xff])]))).toBe(true);
  expect(run.stderr).toContain(`cwd: ${cwd}`);
});

test('a program that does not finish in time is killed, and says so', async () => {
  const run = await runProgram({ file: fixture('never-listens.ts'), timeoutMs: 500 });
  expect(run).toMatchObject({ code: null, timedOut: true });
});

test('a missing file is a StartError that names it', async () => {
  await expect(runProgram({ file: fixture('no-such-program.ts') })).rejects.toThrow(StartError);
  await expect(runProgram({ file: fixture('no-such-program.ts') })).rejects.toMatchObject({
    code: 'ERR_MISSING_FILE',
    message: expect.stringContaining('no-such-program.ts'),
  });
});
