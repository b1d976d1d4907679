/**
 * The programs under test, confined as a grader confines them (WORKBOOK_SANDBOX): Node's
 * permission model everywhere, bubblewrap on Linux, and the limits. Each program here tries
 * something a submission must not get away with; the sandbox is the real one, not a stand-in.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { LimitError, runProgram, SANDBOX_VARIABLE, startProgram, StartError, type Sandbox } from '../src/index.ts';

const fixtures = fileURLToPath(new URL('./fixtures/sandbox/', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));
const bwrap = ['/usr/bin/bwrap', '/bin/bwrap'].find((file) => existsSync(file));
const onLinux = process.platform === 'linux';

if (!bwrap && onLinux && process.env.CI) {
  test('bubblewrap is installed for the sandbox tests', () => {
    expect.fail("CI must install bubblewrap (apt-get install -y bubblewrap): the grader's sandbox cannot be tested without it.");
  });
} else if (!bwrap && onLinux) {
  console.warn('\nSandbox tests with bubblewrap skipped: install it (Debian/Ubuntu: sudo apt-get install bubblewrap) to run them.\n');
}

const scratch = mkdtempSync(path.join(tmpdir(), 'workbook-sandbox-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A copy of a submission, as a grader makes one: the fixtures in an exercise folder, a .tmp, a hidden folder beside it. */
function newCopy(exercise = 'ex02-happy-server'): { copy: string; dir: string; outside: string; hidden: string } {
  const base = mkdtempSync(path.join(scratch, 'run-'));
  const copy = path.join(base, 'copy');
  const dir = path.join(copy, 'exercises', exercise);
  cpSync(fixtures, dir, { recursive: true });
  mkdirSync(path.join(copy, '.tmp'));
  const outside = path.join(base, 'outside');
  const hidden = path.join(base, 'results');
  mkdirSync(outside);
  mkdirSync(hidden);
  cpSync(path.join(fixtures, 'kills-itself.ts'), path.join(hidden, 'someone-elses.ts'));
  return { copy, dir, outside, hidden };
}

function sandboxOf(copy: string, hidden: string, extra: Partial<Sandbox> = {}): Sandbox {
  return {
    copy,
    tmp: path.join(copy, '.tmp'),
    readable: [path.join(root, 'node_modules'), path.join(root, 'packages', 'testkit')],
    hidden: [hidden],
    allow: {},
    limits: { memoryMb: 256, processes: 16, cpuSeconds: 30, outputMb: 4, diskMb: 64 },
    env: {},
    ...extra,
  };
}

function confine(sandbox: Sandbox): void {
  process.env[SANDBOX_VARIABLE] = JSON.stringify(sandbox);
}
afterEach(() => {
  delete process.env[SANDBOX_VARIABLE];
});

interface Report {
  writes: Record<string, string>;
  hidden: string;
  processes: number;
  tmp: string;
  tmpWrite: string;
  env: string[];
}

async function lookAround(sandbox: Sandbox, where: { dir: string; outside: string; hidden: string }): Promise<Report> {
  confine(sandbox);
  const program = await startProgram({
    file: path.join(where.dir, 'looks-around.ts'),
    cwd: where.dir,
    env: { TRY_WRITE: [where.dir, where.outside, root].join(path.delimiter), HIDDEN: where.hidden },
  });
  try {
    return JSON.parse(await (await fetch(program.url)).text()) as Report;
  } finally {
    await program.stop();
  }
}

describe("Node's permission model, on every system", () => {
  test("a program writes in its copy and nowhere else, and gets none of the grader's variables", async () => {
    const where = newCopy();
    process.env.WORKBOOK_TEST_SECRET = 'a CI token';
    try {
      const report = await lookAround(sandboxOf(where.copy, where.hidden), where);
      expect(report.writes[where.dir]).toBe('ok');
      expect(report.writes[where.outside]).toBe('ERR_ACCESS_DENIED');
      expect(report.writes[root]).toBe('ERR_ACCESS_DENIED');
      expect(report.tmp).toBe(path.join(where.copy, '.tmp'));
      expect(report.tmpWrite).toBe('ok');
      expect(report.env).not.toContain('WORKBOOK_TEST_SECRET');
      expect(report.env).toContain('PORT');
      expect(readdirSync(where.outside)).toEqual([]);
    } finally {
      delete process.env.WORKBOOK_TEST_SECRET;
    }
  });

  test('a program may start child processes only if its exercise allows them', async () => {
    const where = newCopy();
    confine(sandboxOf(where.copy, where.hidden));
    const refused = await startProgram({ file: path.join(where.dir, 'starts-processes.ts'), cwd: where.dir }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StartError);
    expect(refused).toMatchObject({ code: 'ERR_NOT_ALLOWED', message: expect.stringContaining('may not start other programs or threads') });

    confine(
      sandboxOf(where.copy, where.hidden, {
        allow: { 'ex02-happy-server': ['child-processes'] },
        limits: { memoryMb: 4096, processes: 64, cpuSeconds: 30, outputMb: 4, diskMb: 64 },
      }),
    );
    const allowed = await startProgram({ file: path.join(where.dir, 'starts-processes.ts'), cwd: where.dir });
    expect(await (await fetch(allowed.url)).text()).toBe('still here');
    await allowed.stop();
  });
});

describe.skipIf(!bwrap)('bubblewrap around each program (Linux)', () => {
  test('it sees only its own processes, writes only its copy, and the hidden folder is empty', async () => {
    const where = newCopy();
    // Node's own checks would refuse to read these; here only bubblewrap stands in the way.
    const readable = [path.join(root, 'node_modules'), where.hidden, '/proc'];
    const report = await lookAround(sandboxOf(where.copy, where.hidden, { bwrap, readable }), where);
    expect(report.writes[where.dir]).toBe('ok');
    // Read-only, whatever Node's own checks would have said: the kernel refuses.
    expect(report.writes[where.outside]).toMatch(/^(EROFS|ERR_ACCESS_DENIED)$/);
    expect(report.hidden).toBe('ok');
    // bubblewrap's first process and the program: none of the tests' own.
    expect(report.processes).toBeLessThanOrEqual(2);
  });

  test('a program that ends itself with a signal is seen to, through bubblewrap', async () => {
    const where = newCopy();
    confine(sandboxOf(where.copy, where.hidden, { bwrap }));
    const run = await runProgram({ file: path.join(where.dir, 'kills-itself.ts'), cwd: where.dir });
    expect(run).toMatchObject({ code: null, signal: 'SIGKILL' });
  });
});

describe.skipIf(!onLinux)('the limits, named when they are hit (Linux)', () => {
  const modes = bwrap
    ? [
        ['with bubblewrap', bwrap],
        ['with the permission model only', undefined],
      ]
    : [['with the permission model only', undefined]];

  test.each(modes)('memory outside the heap: "used too much memory", not stuck in a loop (%s)', async (_mode, wrapper) => {
    const where = newCopy();
    confine(sandboxOf(where.copy, where.hidden, wrapper ? { bwrap: wrapper } : {}));
    const error = await startProgram({ file: path.join(where.dir, 'holds-memory.ts'), cwd: where.dir, readyTimeoutMs: 20_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LimitError);
    expect(error).toMatchObject({ code: 'ERR_OVER_LIMIT', limit: 'memory', message: expect.stringContaining('more than 256 MB') });
  });

  test("the heap is capped at the memory limit too: a grader's --memory", async () => {
    const where = newCopy();
    confine(sandboxOf(where.copy, where.hidden, { limits: { memoryMb: 96, processes: 8, cpuSeconds: 30, outputMb: 4, diskMb: 64 } }));
    const program = await startProgram({ file: path.join(where.dir, 'heap-limit.ts'), cwd: where.dir });
    const heapMb = Number(await (await fetch(program.url)).text());
    await program.stop();
    // V8 adds a little room for its young generation on top of the old-space cap.
    expect(heapMb).toBeLessThan(150);
  });

  test('CPU time without end: "used too much CPU time", not stuck in a loop', async () => {
    const where = newCopy();
    confine(sandboxOf(where.copy, where.hidden, { ...(bwrap && { bwrap }), limits: { memoryMb: 256, processes: 8, cpuSeconds: 2, outputMb: 4, diskMb: 64 } }));
    const error = await startProgram({ file: path.join(where.dir, 'spins.ts'), cwd: where.dir, readyTimeoutMs: 20_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_OVER_LIMIT', limit: 'cpu', message: expect.stringContaining('more than 2 s') });
  });

  test('output without end: "printed too much"', async () => {
    const where = newCopy();
    confine(sandboxOf(where.copy, where.hidden, bwrap ? { bwrap } : {}));
    const error = await runProgram({ file: path.join(where.dir, 'floods.ts'), cwd: where.dir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_OVER_LIMIT', limit: 'output', message: expect.stringContaining('more than 4 MB') });
  });

  test('more processes than allowed: "started too many processes"', async () => {
    const where = newCopy();
    confine(
      sandboxOf(where.copy, where.hidden, {
        ...(bwrap && { bwrap }),
        allow: { 'ex02-happy-server': ['child-processes'] },
        limits: { memoryMb: 2048, processes: 8, cpuSeconds: 30, outputMb: 4, diskMb: 64 },
      }),
    );
    const outcome = await startProgram({ file: path.join(where.dir, 'starts-processes.ts'), cwd: where.dir }).then(
      async (program) => {
        await program.waitForExit(5000);
        return program.overLimit;
      },
      (error: unknown) => error,
    );
    expect(outcome).toMatchObject({ code: 'ERR_OVER_LIMIT', limit: 'processes' });
  });
});
