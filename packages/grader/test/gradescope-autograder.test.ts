/**
 * `pnpm grade gradescope-autograder`: the zip as Gradescope takes it, unpacked into a fake
 * /autograder in a temporary folder, and its own scripts run there for real on a student's upload:
 * the last line of setup.sh (the rest installs system packages, so the unpacked workbook gets this
 * workbook's installed packages instead), then run_autograder, as Gradescope runs it. What it
 * writes is read as Gradescope reads results.json.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadExercise } from '@workbook/course';
import { arrangeUpload } from '../src/platforms/gradescope-upload.ts';
import { reuseInstalledPackages } from '../src/platforms/installed-packages.ts';
import { cleanEnv, root, runGrader, tempFolder } from './grading.ts';

/** Each entry's Unix mode, from the zip's central directory (fflate's unzip leaves them out). */
function zipModes(zip: Uint8Array): Map<string, number> {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  const modes = new Map<string, number>();
  let at = view.getUint32(end + 16, true);
  for (let i = 0; i < view.getUint16(end + 10, true); i++) {
    const nameLength = view.getUint16(at + 28, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    modes.set(name, view.getUint32(at + 38, true) >>> 16);
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return modes;
}

const hiddenTest = `import { test } from 'vitest';
import { useProgram } from '@workbook/testkit';

const server = useProgram(import.meta.url, 'server.ts');

test('a deep path gets the happy answer too', async () => {
  (await server.get('/a/deeper/path')).expectStatus(200);
});
`;

const work = tempFolder('gradescope');
const zipFile = path.join(work, 'autograder.zip');

/** The zip of ex02 and ex03 with one hidden test, built once for this file's tests. */
const built = (() => {
  let made: { run: ReturnType<typeof runGrader>; files: Record<string, Uint8Array>; modes: Map<string, number> } | undefined;
  return () => {
    if (made) return made;
    const hidden = path.join(work, 'hidden');
    mkdirSync(path.join(hidden, 'ex02-happy-server'), { recursive: true });
    writeFileSync(path.join(hidden, 'ex02-happy-server', 'deep.test.ts'), hiddenTest);
    const run = runGrader(['gradescope-autograder', '--out', zipFile, '--exercises', 'ex02,ex03', '--hidden', hidden]);
    const zip = readFileSync(zipFile);
    made = { run, files: unzipSync(zip), modes: zipModes(zip) };
    return made;
  };
})();

describe('the autograder zip', () => {
  let files: Record<string, Uint8Array>;
  let modes: Map<string, number>;

  beforeAll(() => {
    ({ files, modes } = built());
  }, 60_000);

  test('is written, and says what it holds', () => {
    const { run } = built();
    expect(run.err).toBe('');
    expect(run.status).toBe(0);
    expect(run.out).toMatch(/Wrote .*autograder\.zip \([\d.]+ MB, \d+ files\): it grades ex02, ex03\./);
    expect(run.out).toContain('1 hidden test file');
  });

  test('has setup.sh and run_autograder at its top, executable, and the workbook beside them', () => {
    expect(modes.get('setup.sh')).toBe(0o100755);
    expect(modes.get('run_autograder')).toBe(0o100755);
    expect(modes.get('package.json')).toBe(0o100644);
    for (const name of ['pnpm-lock.yaml', 'exercises/ex02-happy-server/server.test.ts', 'exercises/ex02-happy-server/.starter/server.ts', 'packages/grader/src/command.ts']) {
      expect(files[name], name).toBeDefined();
    }
    expect(files['grading/ex02-happy-server/deep.test.ts']).toBeDefined();
    const names = Object.keys(files);
    expect(names.filter((name) => /(^|\/)(node_modules|\.workbook|\.git)\//.test(name) || name.startsWith('solutions/'))).toEqual([]);
  });

  test('its scripts grade only the exercises asked for, without a sandbox, and setup.sh installs Node 20', () => {
    const setup = new TextDecoder().decode(files['setup.sh']);
    const run = new TextDecoder().decode(files.run_autograder);
    expect(setup).toContain('https://nodejs.org/dist/latest-v20.x');
    expect(setup).toContain('pnpm install --frozen-lockfile');
    expect(setup.trim().split('\n').at(-1)).toBe('node --import tsx packages/grader/src/platforms/gradescope-run.ts prepare --exercises ex02,ex03');
    expect(run.trim().split('\n').at(-1)).toBe('exec node --import tsx packages/grader/src/platforms/gradescope-run.ts grade --exercises ex02,ex03');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the shell's ${...}, in the scripts' text.
    for (const script of [setup, run]) expect(script).toContain('${AUTOGRADER_ROOT:-/autograder}');
    if (process.platform !== 'win32') {
      for (const name of ['setup.sh', 'run_autograder']) expect(spawnSync('bash', ['-n', '-c', new TextDecoder().decode(files[name])]).status, name).toBe(0);
    }
  });

  test('a wrong argument is named, with the usage, exit code 2; --help answers', () => {
    for (const args of [['--exercises', 'ex99'], ['--hidden', path.join(work, 'nowhere')], ['somewhere'], ['--bogus']]) {
      const wrong = runGrader(['gradescope-autograder', ...args]);
      expect(wrong.status, args.join(' ')).toBe(2);
      expect(wrong.err).toContain('Usage: pnpm grade gradescope-autograder');
      expect(wrong.err).not.toMatch(/\n\s+at /);
    }
    const help = runGrader(['gradescope-autograder', '--help']);
    expect(help.status).toBe(0);
    expect(help.out).toContain('--hidden <folder>');
  });
});

// Gradescope runs both scripts on Linux; bash is needed to run them here.
describe.skipIf(process.platform === 'win32')('run as Gradescope runs it (needs bash: skipped on Windows)', () => {
  const autograder = path.join(work, 'autograder');
  const source = path.join(autograder, 'source');
  let graded: ReturnType<typeof spawnSync>;
  let results: {
    score: number;
    output: string;
    output_format: string;
    execution_time: number;
    tests: Array<{ name: string; score: number; max_score: number; status: string; visibility: string }>;
  };

  beforeAll(() => {
    const { files, modes } = built();
    // What Gradescope does when it builds the image: the zip unpacked in /autograder/source...
    for (const [name, data] of Object.entries(files)) {
      const file = path.join(source, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, data);
      chmodSync(file, (modes.get(name) ?? 0o644) & 0o777);
    }
    reuseInstalledPackages(source);
    // ...setup.sh's last step, as setup.sh runs it...
    const setupLast = new TextDecoder().decode(files['setup.sh']).trim().split('\n').at(-1) ?? '';
    const prepared = spawnSync('bash', ['-c', setupLast], { cwd: source, encoding: 'utf8', env: cleanEnv() });
    expect(prepared.status, prepared.stderr).toBe(0);
    // ...and the starters' results it keeps are what every submission is graded with: changed
    // here, so that the results show they were read (a check the starter passes is worth 0).
    const startersFile = path.join(source, '.workbook', 'gradescope', 'starters.json');
    const starters = JSON.parse(readFileSync(startersFile, 'utf8')) as { passes: Record<string, string[]> };
    starters.passes['ex02-happy-server'] = ['the answer says it is plain text in UTF-8'];
    writeFileSync(startersFile, JSON.stringify(starters));

    // Then, per submission: the student's upload, a copy of their exercises/ folder...
    for (const slug of ['ex02-happy-server', 'ex03-welcome']) {
      mkdirSync(path.join(autograder, 'submission', 'exercises', slug), { recursive: true });
      cpSync(path.join(root, 'solutions', slug, 'server.ts'), path.join(autograder, 'submission', 'exercises', slug, 'server.ts'));
    }
    // ...and run_autograder, copied to /autograder and run from there.
    cpSync(path.join(source, 'run_autograder'), path.join(autograder, 'run_autograder'));
    graded = spawnSync(path.join(autograder, 'run_autograder'), [], { cwd: autograder, encoding: 'utf8', env: cleanEnv({ AUTOGRADER_ROOT: autograder }) });
    results = JSON.parse(readFileSync(path.join(autograder, 'results', 'results.json'), 'utf8'));
  }, 120_000);

  test('grades the submission without a sandbox, and says so where only instructors look', () => {
    expect(graded.status, String(graded.stderr)).toBe(0);
    expect(graded.stdout).toContain('--no-sandbox');
    expect(graded.stdout).toContain('Grading 1 submission x 2 exercises (ex02, ex03)');
  });

  test('results.json has the score, every test with its visibility, Markdown output and the time it took', () => {
    expect(results.score).toBe(20);
    expect(results.output_format).toBe('md');
    expect(results.output).toMatch(/^- \*\*ex02\*\* The happy server: passed/m);
    expect(results.output).toMatch(/^- \*\*ex03\*\* /m);
    expect(Number.isInteger(results.execution_time) && results.execution_time >= 0).toBe(true);
    expect(results.tests.length).toBeGreaterThan(5);
    for (const test of results.tests) expect(['visible', 'hidden', 'after_due_date', 'after_published'], test.name).toContain(test.visibility);
    expect(results.tests.reduce((sum, test) => sum + test.score, 0)).toBe(20);
  });

  test('the hidden test packaged in the zip ran, and is hidden', () => {
    const deep = results.tests.find((test) => test.name === 'ex02 a deep path gets the happy answer too');
    expect(deep?.status).toBe('passed');
    expect(deep?.visibility).toBe('hidden');
  });

  test("the untouched starters' results setup.sh kept are the ones used", () => {
    const free = results.tests.find((test) => test.name === 'ex02 the answer says it is plain text in UTF-8');
    expect(free?.max_score).toBe(0);
  });
});

describe('what students upload', () => {
  const ex02 = loadExercise('ex02-happy-server');
  const ex03 = loadExercise('ex03-welcome');
  const ex09 = loadExercise('ex09-handler-dispatch');

  function upload(files: Record<string, string>): string {
    const dir = tempFolder('upload');
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    return dir;
  }
  const arranged = (from: string, exercises = [ex02, ex03]) => {
    const into = path.join(tempFolder('arranged'), 'submission');
    return { notes: arrangeUpload(from, exercises, into), into };
  };

  test('a copy of the workbook, or of its exercises/ folder, is taken as it is, without node_modules', () => {
    const whole = arranged(upload({ 'exercises/ex02-happy-server/server.ts': 'a', 'node_modules/x/index.js': 'b' }));
    expect(whole.notes).toEqual([]);
    expect(readFileSync(path.join(whole.into, 'exercises/ex02-happy-server/server.ts'), 'utf8')).toBe('a');
    expect(existsSync(path.join(whole.into, 'node_modules'))).toBe(false);
    const contents = arranged(upload({ 'ex03-welcome/server.ts': 'c' }));
    expect(readFileSync(path.join(contents.into, 'ex03-welcome/server.ts'), 'utf8')).toBe('c');
  });

  test('one folder down, as a zip of a folder holds it (and a Mac adds __MACOSX/)', () => {
    const { notes, into } = arranged(upload({ 'http-workbook-main/exercises/ex02-happy-server/server.ts': 'a', '__MACOSX/http-workbook-main/._x': 'b' }));
    expect(notes).toEqual([]);
    expect(readFileSync(path.join(into, 'exercises/ex02-happy-server/server.ts'), 'utf8')).toBe('a');
  });

  test('the files alone go to the one exercise of the assignment that has them; others are named', () => {
    const one = arranged(upload({ 'server.ts': 'a', 'notes.txt': 'b' }), [ex02]);
    expect(one.notes).toEqual([]);
    expect(readFileSync(path.join(one.into, 'ex02-happy-server/server.ts'), 'utf8')).toBe('a');
    const split = arranged(upload({ 'parser.ts': 'p', 'server.ts': 's' }), [ex03, ex09]);
    expect(readFileSync(path.join(split.into, 'ex09-handler-dispatch/parser.ts'), 'utf8')).toBe('p');
    expect(split.notes).toEqual([expect.stringContaining('server.ts could be the file of ex03 or ex09, so it was not graded')]);
  });

  test('nothing to grade is said', () => {
    expect(arranged(upload({ 'README.md': 'hello' })).notes).toEqual([expect.stringContaining('Nothing to grade was found')]);
  });
});
