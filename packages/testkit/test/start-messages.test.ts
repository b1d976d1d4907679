/**
 * What a student sees first: the ways a program can fail to start, and what the grader says when
 * it stops one at a limit. Golden files pin them as messages.test.ts pins the check failures; after
 * a deliberate change, delete the golden file, run the tests to write it again, and review the new
 * text in the diff.
 *
 * Each start failure is a real run of a small program from fixtures/, started as the kit starts a
 * student's. What differs from one run or machine to the next is normalised, so a golden file
 * reads the same everywhere: the fixtures' folder is `<exercise>`, the port the tests gave is 4321
 * (as in the check failures' golden files) and the other port 8080, and the lines that depend on
 * Node's version (its own stack frames, `Node.js v20...`) are dropped.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { limitError } from '../src/limits.ts';
import { freePort, LimitError, SANDBOX_VARIABLE, startProgram, StartError, useProgram, type LimitKind, type Sandbox, type StartOptions } from '../src/index.ts';
import { failureOf } from './failure-of.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (name: string) => path.join(fixtures, name);

/** The message with the parts that differ between runs and machines made the same. */
function normalised(message: string, otherPort?: number): string {
  const folder = fixtures.replace(/[\\/]$/, '');
  let text = message
    .replaceAll(pathToFileURL(folder).href, '<exercise>')
    .replaceAll(folder, '<exercise>')
    .replaceAll(path.relative(process.cwd(), folder), '<exercise>')
    .replace(/<exercise>\\/g, '<exercise>/');
  if (otherPort !== undefined) text = text.replace(new RegExp(`\\b${otherPort}\\b`, 'g'), '8080');
  return text
    .replace(/\b(port |PORT=|127\.0\.0\.1:)(?!8080\b)\d+/g, '$14321')
    .replace(/^ *\| +at .*\bnode:.*\n/gm, '')
    .replace(/^ *\| Node\.js v.*\n/gm, '');
}

async function startFailure(options: StartOptions): Promise<string> {
  const error = await startProgram(options).then(
    (program) => program.stop().then(() => new Error('the program started, but should not have')),
    (error: unknown) => error,
  );
  expect(error).toBeInstanceOf(StartError);
  return (error as StartError).message;
}

const golden = (name: string) => `./golden/${name}.txt`;

describe('start failures', () => {
  test('start-does-not-compile', async () => {
    const message = await startFailure({ file: fixture('never-compiles.ts') });
    await expect(normalised(message)).toMatchFileSnapshot(golden('start-does-not-compile'));
  });

  test('start-exited-with-error', async () => {
    const message = await startFailure({ file: fixture('exits-at-once.ts') });
    await expect(normalised(message)).toMatchFileSnapshot(golden('start-exited-with-error'));
  });

  test('start-threw-an-error', async () => {
    const message = await startFailure({ file: fixture('throws-at-start.ts') });
    await expect(normalised(message)).toMatchFileSnapshot(golden('start-threw-an-error'));
  });

  test('start-finished', async () => {
    const message = await startFailure({ file: fixture('finishes.ts') });
    await expect(normalised(message)).toMatchFileSnapshot(golden('start-finished'));
  });

  test('start-killed', async () => {
    const message = await startFailure({ file: fixture('sandbox/kills-itself.ts') });
    await expect(normalised(message)).toMatchFileSnapshot(golden('start-killed'));
  });

  test('start-port-in-use', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const taken = (holder.address() as net.AddressInfo).port;
    try {
      const message = await startFailure({ file: fixture('port-in-use.ts'), env: { TAKEN_PORT: String(taken) } });
      await expect(normalised(message, taken)).toMatchFileSnapshot(golden('start-port-in-use'));
    } finally {
      holder.close();
    }
  });

  test('start-never-listens', async () => {
    const message = await startFailure({ file: fixture('never-listens.ts'), readyTimeoutMs: 1000 });
    await expect(normalised(message)).toMatchFileSnapshot(golden('start-never-listens'));
  });

  test('start-stuck-in-loop', async () => {
    const message = await startFailure({ file: fixture('stuck-in-loop.ts'), readyTimeoutMs: 2000 });
    await expect(normalised(message)).toMatchFileSnapshot(golden('start-stuck-in-loop'));
  });

  test('start-wrong-port', async () => {
    const wrongPort = await freePort();
    const message = await startFailure({ file: fixture('wrong-port.ts'), env: { WRONG_PORT: String(wrongPort) } });
    await expect(normalised(message, wrongPort)).toMatchFileSnapshot(golden('start-wrong-port'));
  });
});

// The file is missing before anything starts: the exercise's own start (useProgram) says so.
describe('start failures found by useProgram', () => {
  const missing = useProgram(import.meta.url, 'fixtures/server.ts');

  test('start-missing-file', async () => {
    const error = await missing.get('/').catch((error: unknown) => error);
    expect(error).toBeInstanceOf(StartError);
    await expect(normalised((error as StartError).message)).toMatchFileSnapshot(golden('start-missing-file'));
  });
});

describe('while a grader runs the tests', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'workbook-start-messages-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  afterEach(() => {
    delete process.env[SANDBOX_VARIABLE];
  });

  /** The grader's default limits (pnpm grade --help). */
  const limits = { memoryMb: 512, processes: 32, cpuSeconds: 120, outputMb: 16, diskMb: 256 };

  test('start-not-allowed', async () => {
    // A submission's copy, as the grader makes one, whose exercise allows no child processes.
    const copy = path.join(scratch, 'copy');
    const dir = path.join(copy, 'exercises', 'ex02-happy-server');
    mkdirSync(path.join(copy, '.tmp'), { recursive: true });
    mkdirSync(dir, { recursive: true });
    cpSync(fixture('spawns-child.ts'), path.join(dir, 'server.ts'));
    const sandbox: Sandbox = { copy, tmp: path.join(copy, '.tmp'), readable: [], hidden: [], allow: {}, limits, env: {} };
    process.env[SANDBOX_VARIABLE] = JSON.stringify(sandbox);
    const message = await startFailure({ file: path.join(dir, 'server.ts'), cwd: dir });
    await expect(normalised(message)).toMatchFileSnapshot(golden('start-not-allowed'));
  });

  // The same words whether the program went over at its start or later, while it answered.
  const kinds: LimitKind[] = ['memory', 'processes', 'cpu', 'output', 'disk'];
  for (const kind of kinds) {
    test(`limit-${kind}`, async () => {
      const error = limitError(kind, limits);
      expect(error).toBeInstanceOf(LimitError);
      await expect(error.message).toMatchFileSnapshot(golden(`limit-${kind}`));
    });
  }
});

// Not a start failure, but what a crash looks like once the program has started.
describe('a program that crashes while answering', () => {
  const server = useProgram(import.meta.url, 'fixtures/crashes-on-request.ts');

  test('crashed-while-answering', async () => {
    const reply = await server.get('/');
    await expect(normalised(failureOf(() => reply.expectStatus(200)))).toMatchFileSnapshot(golden('crashed-while-answering'));
  });
});
