/**
 * The watch view as a student uses it: in a real pseudo-terminal, read off the screen through a
 * terminal emulator. The test saves files, waits for the checks to run again, and presses keys.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openTerminal, terminalFound, TERMINAL_SKIP_NOTICE } from '@workbook/testkit/terminal';
import { describe, expect, onTestFinished, test } from 'vitest';

const bin = fileURLToPath(new URL('../bin/workbook.mjs', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
const starter = path.join(root, 'exercises', 'ex02-happy-server', '.starter', 'server.ts');
const solution = path.join(root, 'solutions', 'ex02-happy-server', 'server.ts');

/** A student's copy of exercises/ holding ex02's starter; returns its folder and ex02's file. */
function studentCopy(): { exercises: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'workbook-watch-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'exercises', 'ex02-happy-server', 'server.ts');
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(starter, file);
  return { exercises: path.join(dir, 'exercises'), file };
}

function env(): Record<string, string | undefined> {
  return { WORKBOOK_EXERCISES: undefined, NO_COLOR: undefined, FORCE_COLOR: undefined, CI: undefined };
}

if (!terminalFound) console.warn(`watch view tests ${TERMINAL_SKIP_NOTICE}`);

// On a student's machine without a build of node-pty the terminal tests are skipped; CI must run them.
test.runIf(Boolean(process.env.CI) && !terminalFound)('CI has a pseudo-terminal for the watch view tests', () => {
  throw new Error(`CI must run the watch view tests, but ${TERMINAL_SKIP_NOTICE}`);
});

describe.skipIf(!terminalFound)('pnpm workbook watch, in a terminal', () => {
  test('runs the checks, re-runs them on a save, shows hints, moves on with n, quits with q', async () => {
    const copy = studentCopy();
    const term = openTerminal({ args: [bin, 'watch', 'ex02', '--dir', copy.exercises], env: env() });
    onTestFinished(() => term.close());

    const failing = await term.waitFor('0 of 5 checks pass');
    expect(failing).toContain('ex02 The happy server');
    expect(failing).toContain('First failing check: GET / answers 200 with the happy text');
    expect(failing).toContain('Expected body: "I am the happy server! :-)"');
    expect(failing).toMatch(/h hint · r run again · l list · q quit/);

    term.press('n');
    await term.waitFor('n opens ex03 once every check of ex02 passes.');
    term.press('h');
    await term.waitFor('Hint 1 of 3:');
    term.press('h');
    await term.waitFor('Hint 2 of 3:');

    copyFileSync(solution, copy.file);
    const passing = await term.waitFor('all 5 checks pass. ex02 is done!');
    expect(passing).toContain('(saved,');
    expect(passing).toContain('pnpm workbook solution ex02');

    term.press('n');
    await term.waitFor('ex03 A main page and a 404');
    term.press('q');
    expect(await term.exited).toBe(0);
    expect(term.screen()).toContain('Stopped watching ex03.');
  });

  test('l lists the exercises, the arrows and Enter pick another one to watch', async () => {
    const copy = studentCopy();
    const term = openTerminal({ args: [bin, 'watch', 'ex02', '--dir', copy.exercises], env: env() });
    onTestFinished(() => term.close());
    await term.waitFor('0 of 5 checks pass');
    term.press('l');
    const list = await term.waitFor(/HTTP Workbook: your progress[\s\S]*Enter watch it/);
    expect(list).toMatch(/› ex02 {2}The happy server/);
    expect(list).toMatch(/ex02 .*not started/);
    term.press('\x1b[B'); // the down arrow
    await term.waitFor(/› ex03 {2}A main page and a 404/);
    term.press('\r');
    await term.waitFor(/ex03 A main page and a 404[\s\S]*checks pass/);
    term.press('q');
    expect(await term.exited).toBe(0);
  });

  test('the board (pnpm start) highlights the current exercise; Enter watches it', async () => {
    const copy = studentCopy();
    copyFileSync(solution, copy.file);
    const term = openTerminal({ args: [bin, 'board', '--dir', copy.exercises], env: env() });
    onTestFinished(() => term.close());
    // ex02 passes, so the current exercise is ex01, the first that does not.
    const board = await term.waitFor(/HTTP Workbook: your progress[\s\S]*Enter watch it/);
    expect(board).toMatch(/› ex01 {2}A web server on a bare socket/);
    expect(board).toMatch(/ex02 .*✓ passed \(5 checks\)/);
    expect(board).toContain('Next: ex01, A web server on a bare socket.');
    term.press('\r');
    await term.waitFor(/ex01 A web server on a bare socket[\s\S]*checks pass/);
    term.press('q');
    expect(await term.exited).toBe(0);
  });

  test('--poll: a save is seen without file-system events', async () => {
    const copy = studentCopy();
    const term = openTerminal({ args: [bin, 'watch', 'ex02', '--poll', '--dir', copy.exercises], env: env() });
    onTestFinished(() => term.close());
    await term.waitFor('0 of 5 checks pass');
    copyFileSync(solution, copy.file);
    await term.waitFor('all 5 checks pass');
    term.press('q');
    expect(await term.exited).toBe(0);
  });
});

describe('pnpm workbook watch, without a terminal', () => {
  test('prints each result in plain text, takes keys from its input, and ends with it', async () => {
    const copy = studentCopy();
    const child = spawn(process.execPath, [bin, 'watch', 'ex02', '--dir', copy.exercises], {
      env: Object.fromEntries(Object.entries({ ...process.env, ...env() }).filter(([, value]) => value !== undefined)),
    });
    onTestFinished(() => void child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await expect.poll(() => out, { timeout: 20_000 }).toContain('0 of 5 checks pass');
    copyFileSync(solution, copy.file);
    await expect.poll(() => out, { timeout: 20_000 }).toContain('all 5 checks pass');
    // Without a terminal, a view is printed once its checks have run; a save can be seen twice, so
    // the hint may wait for a second run. The input ends only once the hint is out.
    child.stdin.write('h');
    await expect.poll(() => out, { timeout: 20_000 }).toContain('Hint 1 of 3:');
    child.stdin.end();
    const [code] = await new Promise<[number | null]>((resolve) => child.once('exit', (exit) => resolve([exit])));
    expect(code).toBe(0);
    expect(out).toContain('Hint 1 of 3:');
    expect(out).not.toMatch(/\x1b\[/);
    expect(out).not.toContain('Running the checks');
  });
});
