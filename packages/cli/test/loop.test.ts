/**
 * The student's loop, command by command, as a student meets it without a terminal (piped, or in
 * CI): hint, solution, reset and run, each on a copy of exercises/ of its own (--dir), so the
 * workbook's own files and progress are never touched.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileNames, loadExercises } from '@workbook/course';
import { freePort } from '@workbook/testkit';
import { describe, expect, onTestFinished, test } from 'vitest';

const bin = fileURLToPath(new URL('../bin/workbook.mjs', import.meta.url));
const root = fileURLToPath(new URL('../../..', import.meta.url));
const starter = (slug: string, name = 'server.ts') => path.join(root, 'exercises', slug, '.starter', name);
const solution = (slug: string, name = 'server.ts') => path.join(root, 'solutions', slug, name);

function quietEnv(): NodeJS.ProcessEnv {
  const { WORKBOOK_EXERCISES: _, FORCE_COLOR: __, NO_COLOR: ___, HOST: ____, ...env } = process.env;
  return env;
}

function workbook(...args: string[]) {
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: quietEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

/** A student's copy: <temp>/exercises/<slug>/<file> for each file given, and <temp>/.workbook/ for their progress. */
function studentCopy(files: Record<string, string>): { exercises: string; state: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'workbook-loop-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  for (const [to, from] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, 'exercises', to)), { recursive: true });
    copyFileSync(from, path.join(dir, 'exercises', to));
  }
  return { exercises: path.join(dir, 'exercises'), state: path.join(dir, '.workbook') };
}

describe('every command answers --help', () => {
  test.each(['board', 'watch', 'hint', 'solution', 'reset', 'run', 'test', 'fetch', 'starters', 'bench', 'grade'])('%s --help', (command) => {
    const { status, out } = workbook(command, '--help');
    expect(status).toBe(0);
    expect(out).toMatch(/Usage: pnpm/);
  });

  test('no colour codes without a terminal', () => {
    expect(workbook('watch', '--help').out).not.toMatch(/\x1b\[/);
  });
});

describe('pnpm workbook hint', () => {
  test('shows the hints one at a time, from the first, and remembers where it was', () => {
    const copy = studentCopy({ 'ex02-happy-server/server.ts': starter('ex02-happy-server') });
    const first = workbook('hint', 'ex02', '--dir', copy.exercises);
    expect(first.status).toBe(0);
    expect(first.out).toContain('ex02 The happy server: hint 1 of 3');
    expect(first.out).toContain('The handler does not need to look at the request');
    expect(first.out).toContain('pnpm workbook hint ex02');
    expect(workbook('hint', 'ex02', '--dir', copy.exercises).out).toContain('hint 2 of 3');
    const third = workbook('hint', 'ex2', '--dir', copy.exercises).out;
    expect(third).toContain('hint 3 of 3');
    // Code in a hint stands apart: indented, without the Markdown fences.
    expect(third).toMatch(/\n {4}res\.writeHead/);
    expect(third).not.toContain('```');
    expect(workbook('hint', 'ex02', '--dir', copy.exercises).out).toContain('hint 3 of 3 (the last one, again)');
    expect(JSON.parse(readFileSync(path.join(copy.state, 'progress.json'), 'utf8')).hintsSeen).toEqual({ ex02: 3 });
  });

  test('an unknown exercise lists the ones that exist', () => {
    const { status, err } = workbook('hint', 'ex42');
    expect(status).toBe(2);
    expect(err).toContain('There is no exercise "ex42"');
    expect(err).toContain('ex11-socket-client');
  });
});

describe('pnpm workbook solution', () => {
  test('is locked while the exercise fails, and says how many checks pass and how to unlock it', () => {
    const copy = studentCopy({ 'ex02-happy-server/server.ts': starter('ex02-happy-server') });
    const { status, out } = workbook('solution', 'ex02', '--dir', copy.exercises);
    expect(status).toBe(1);
    expect(out).toContain('The solution of ex02 is locked until your exercise passes: now 0 of 5 checks pass.');
    expect(out).toContain('pnpm workbook solution ex02 --force');
    expect(out).not.toContain('happyText');
  });

  test("--force shows it anyway, with the differences from the student's file", () => {
    const copy = studentCopy({ 'ex02-happy-server/server.ts': starter('ex02-happy-server') });
    const { status, out } = workbook('solution', 'ex02', '--force', '--dir', copy.exercises);
    expect(status).toBe(0);
    expect(out).toContain('The reference solution: ');
    expect(out).toContain(readFileSync(solution('ex02-happy-server'), 'utf8').trim().split('\n')[0]);
    expect(out).toMatch(/^-\s*res\.end\(\);$/m);
    expect(out).toMatch(/^\+\s*res\.writeHead\(200/m);
  });

  test('unlocks once the exercise passes, and stays unlocked', () => {
    const copy = studentCopy({ 'ex02-happy-server/server.ts': solution('ex02-happy-server') });
    const first = workbook('solution', 'ex02', '--dir', copy.exercises);
    expect(first.status).toBe(0);
    expect(first.out).toContain('ex02 passes (all 5 checks pass): its solution is unlocked.');
    expect(first.out).toContain('Your file is the same as the solution.');
    const progress = JSON.parse(readFileSync(path.join(copy.state, 'progress.json'), 'utf8'));
    expect(progress.unlocked.ex02).toMatch(/^\d{4}-/);
    // Unlocked for good: an edit that breaks the exercise does not lock it again.
    writeFileSync(path.join(copy.exercises, 'ex02-happy-server', 'server.ts'), '// started again\n');
    expect(workbook('solution', 'ex02', '--dir', copy.exercises).status).toBe(0);
  });
});

describe('pnpm workbook reset', () => {
  test('without a terminal it asks for --yes and changes nothing', () => {
    const copy = studentCopy({ 'ex02-happy-server/server.ts': solution('ex02-happy-server') });
    const { status, err } = workbook('reset', 'ex02', '--dir', copy.exercises);
    expect(status).toBe(2);
    expect(err).toContain('pnpm workbook reset ex02 --yes');
    expect(readFileSync(path.join(copy.exercises, 'ex02-happy-server', 'server.ts'), 'utf8')).toBe(readFileSync(solution('ex02-happy-server'), 'utf8'));
  });

  test("with --yes it puts the starter back and keeps the student's files in a backup", () => {
    const copy = studentCopy({
      'ex09-handler-dispatch/server.ts': solution('ex09-handler-dispatch'),
      'ex09-handler-dispatch/parser.ts': solution('ex09-handler-dispatch', 'parser.ts'),
    });
    const { status, out } = workbook('reset', 'ex09', '--yes', '--dir', copy.exercises);
    expect(status).toBe(0);
    expect(out).toContain('ex09 holds its starter again.');
    for (const name of ['server.ts', 'parser.ts', 'connection.ts', 'response.ts']) {
      expect(readFileSync(path.join(copy.exercises, 'ex09-handler-dispatch', name), 'utf8')).toBe(readFileSync(starter('ex09-handler-dispatch', name), 'utf8'));
    }
    const backups = path.join(copy.state, 'backups', 'ex09-handler-dispatch');
    const [stamp] = readdirSync(backups);
    expect(readFileSync(path.join(backups, stamp ?? '', 'server.ts'), 'utf8')).toBe(readFileSync(solution('ex09-handler-dispatch'), 'utf8'));
    expect(existsSync(path.join(backups, stamp ?? '', 'connection.ts'))).toBe(false);
    expect(workbook('reset', 'ex09', '--yes', '--dir', copy.exercises).out).toContain('already holds its starter');
  });

  test('every exercise keeps a copy of its starter, the very one exercise.json records', () => {
    for (const exercise of loadExercises()) {
      for (const name of fileNames(exercise)) expect(existsSync(starter(exercise.slug, name)), `${exercise.slug}/.starter/${name}`).toBe(true);
    }
    expect(workbook('starters').out).not.toContain('changed');
  });
});

describe('pnpm workbook run', () => {
  test("starts the student's server on the port asked for, says where, and Ctrl+C stops it", async () => {
    const copy = studentCopy({ 'ex02-happy-server/server.ts': solution('ex02-happy-server') });
    const port = await freePort();
    const child = spawn(process.execPath, [bin, 'run', 'ex02', '--port', String(port), '--dir', copy.exercises], { env: quietEnv() });
    onTestFinished(() => void child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await expect.poll(() => out, { timeout: 15_000 }).toContain(`ex02 listens on http://127.0.0.1:${port}/`);
    expect(out).not.toContain('Open to the network');
    const answer = await fetch(`http://127.0.0.1:${port}/`);
    expect(await answer.text()).toBe('I am the happy server! :-)');
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(out).toContain('ex02 stopped.');
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
  });

  test('takes the port from PORT when --port is not given, and names the address the server really listens on', async () => {
    const copy = studentCopy({ 'ex12-uploads/server.ts': solution('ex12-uploads') });
    const port = await freePort();
    const child = spawn(process.execPath, [bin, 'run', 'ex12', '--dir', copy.exercises], { env: { ...quietEnv(), PORT: String(port) } });
    onTestFinished(() => void child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await expect.poll(() => out, { timeout: 15_000 }).toContain(`ex12 listens on http://127.0.0.1:${port}/`);
    child.kill('SIGINT');
    await once(child, 'exit');
  });

  test('a program that ignores HOST and listens everywhere is called out all the same', async () => {
    // What the workbook says comes from the address the program really listens on.
    const dir = mkdtempSync(path.join(tmpdir(), 'workbook-loop-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(path.join(dir, 'exercises', 'ex02-happy-server'), { recursive: true });
    writeFileSync(
      path.join(dir, 'exercises', 'ex02-happy-server', 'server.ts'),
      "import http from 'node:http';\nhttp.createServer((req, res) => res.end('hi')).listen(Number(process.env.PORT));\n",
    );
    const port = await freePort();
    const child = spawn(process.execPath, [bin, 'run', 'ex02', '--port', String(port), '--dir', path.join(dir, 'exercises')], { env: quietEnv() });
    onTestFinished(() => void child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    await expect.poll(() => out, { timeout: 15_000 }).toContain('Anyone who can reach this computer over a network');
    child.kill('SIGINT');
    await once(child, 'exit');
  });

  test('a port that is not a number, a host that is no address, and a name that is neither exercise nor lesson, are explained', () => {
    const port = workbook('run', 'ex02', '--port', 'eighty');
    expect(port.status).toBe(2);
    expect(port.err).toContain('--port must be a whole number from 1 to 65535, not "eighty"');
    const host = workbook('run', 'ex02', '--host', 'the-cafe');
    expect(host.status).toBe(2);
    expect(host.err).toContain('--host must be an address of this computer, such as 127.0.0.1 (this computer only) or 0.0.0.0');
    const variable = spawnSync(process.execPath, [bin, 'run', 'ex02'], { encoding: 'utf8', env: { ...quietEnv(), HOST: 'my-laptop' } });
    expect(variable.status).toBe(2);
    expect(variable.stderr).toContain('The HOST variable must be an address of this computer');
    const name = workbook('run', 'nonsense');
    expect(name.status).toBe(2);
    expect(name.err).toContain('lesson-04');
  });
});
