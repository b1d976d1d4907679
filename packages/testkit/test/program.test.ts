import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { freePort, startProgram, StartError, type StartOptions } from '../src/index.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

async function startFailure(options: StartOptions): Promise<StartError> {
  const error = await startProgram(options).then(
    (program) => program.stop().then(() => new Error('the program started, but should not have')),
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(StartError);
  return error as StartError;
}

describe('how the program is run', () => {
  test('import.meta and process.argv[1] name its own source file, not the built copy', async () => {
    const program = await startProgram({ file: fixture('where/tells-where-it-is.ts') });
    try {
      const where = JSON.parse(await (await fetch(program.url)).text()) as Record<string, string>;
      const file = fixture('where/tells-where-it-is.ts');
      expect(where).toEqual({
        url: pathToFileURL(file).href,
        filename: file,
        dirname: path.dirname(file),
        argv1: file,
        greeting: 'hello from a second file',
      });
    } finally {
      await program.stop();
    }
  });

  test('a program that forks a .ts child of its own still runs', async () => {
    const program = await startProgram({ file: fixture('where/forks-a-child.ts') });
    try {
      expect(await (await fetch(program.url)).text()).toBe('answered by a TypeScript child');
    } finally {
      await program.stop();
    }
  });

  test('a cluster of .ts workers sharing the port still starts', async () => {
    const program = await startProgram({ file: fixture('where/cluster-of-two.ts') });
    try {
      expect(await (await fetch(program.url)).text()).toMatch(/^answered by worker \d+$/);
    } finally {
      await program.stop();
    }
  });
});

describe('starting the program under test', () => {
  test('a server that listens on PORT is ready, and the kit knows its kind', async () => {
    const program = await startProgram({ file: fixture('hello.ts') });
    expect(program.kind).toBe('http');
    expect(program.url).toBe(`http://127.0.0.1:${program.port}`);
    await program.stop();
    expect(program.exit).not.toBeNull();
  });

  test('a program that exits: its exit code and the end of its stderr', async () => {
    const error = await startFailure({ file: fixture('exits-at-once.ts') });
    expect(error.code).toBe('ERR_PROGRAM_EXITED');
    expect(error.message).toContain('exited with code 3 before it started listening');
    expect(error.message).toContain('| Error: cannot read the settings file');
  });

  test('a program that finishes: a server must keep running', async () => {
    const error = await startFailure({ file: fixture('finishes.ts') });
    expect(error.code).toBe('ERR_PROGRAM_EXITED');
    expect(error.message).toContain('a long-running program');
  });

  test('a program that never listens: did you read PORT?', async () => {
    const error = await startFailure({ file: fixture('never-listens.ts'), readyTimeoutMs: 1000 });
    expect(error.code).toBe('ERR_NEVER_LISTENED');
    expect(error.message).toMatch(/nothing listened on port \d+/);
    expect(error.message).toContain('process.env.PORT');
  });

  test('a program stuck in a loop before listen(): look for a loop that never ends', async () => {
    const error = await startFailure({ file: fixture('stuck-in-loop.ts'), readyTimeoutMs: 2000 });
    expect(error.code).toBe('ERR_STUCK');
    expect(error.message).toContain('a loop that never ends');
  });

  test('node options reach the program: a memory cap', async () => {
    const program = await startProgram({ file: fixture('sandbox/heap-limit.ts'), nodeArgs: ['--max-old-space-size=96'] });
    const reply = await fetch(program.url);
    await program.stop();
    // V8 adds a little room for its young generation on top of the old-space cap.
    expect(Number(await reply.text())).toBeLessThan(150);
  });

  test('a program that listens on another port: both ports, and how to read PORT', async () => {
    const wrongPort = await freePort();
    const error = await startFailure({ file: fixture('wrong-port.ts'), env: { WRONG_PORT: String(wrongPort) } });
    expect(error.code).toBe('ERR_WRONG_PORT');
    expect(error.message).toContain(`listens on port ${wrongPort}, but the tests gave it PORT=`);
  });

  test("a file that does not compile does not start, and the compiler's words say where", async () => {
    const error = await startFailure({ file: fixture('never-compiles.ts') });
    expect(error.code).toBe('ERR_DOES_NOT_COMPILE');
    expect(error.message).toMatch(/never-compiles\.ts:2:14: ERROR: (Expected|Unexpected)/);
    expect(error.message).toContain('const port = ;');
  });
});
