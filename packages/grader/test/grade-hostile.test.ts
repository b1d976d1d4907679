/**
 * `pnpm grade` against students who want the points without the work, or want to harm the
 * grading of others (test/fixtures/hostile, see its README), each followed by an honest student,
 * two graded at a time, in the real sandbox. A grade is a promise: the hostile ones get what their
 * work is worth, the honest ones exactly their own scores, and nothing outside the copies changes.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import { changedFiles, snapshotOfficialTree, type TreeSnapshot } from '../src/official-tree.ts';
import type { SubmissionResult } from '../src/types.ts';
import { gradingProcesses, hashOf, processesMatching, readResults, root, runGrader, tempFolder } from './grading.ts';

const hostile = fileURLToPath(new URL('./fixtures/hostile', import.meta.url));
const bwrapFound = ['/usr/bin/bwrap', '/bin/bwrap'].some((file) => existsSync(file));
const exercises = ['ex02-happy-server', 'ex10-concurrent-server', 'ex11-socket-client'];
const starterOf = (slug: string, name: string) => path.join(root, 'exercises', slug, '.starter', name);
const studentFileOf: Record<string, string> = { 'ex02-happy-server': 'server.ts', 'ex10-concurrent-server': 'server.ts', 'ex11-socket-client': 'client.ts' };

if (!bwrapFound && process.platform === 'linux' && process.env.CI) {
  test('bubblewrap is installed for the hostile class', () => {
    expect.fail('CI must install bubblewrap (apt-get install -y bubblewrap): pnpm grade refuses to grade without its sandbox.');
  });
} else if (!bwrapFound) {
  console.warn('\nThe hostile class is skipped: pnpm grade needs bubblewrap for its sandbox (Debian/Ubuntu: sudo apt-get install bubblewrap).\n');
}

/** Every file under `dir`, with its hash. */
function hashesUnder(dir: string): Map<string, string> {
  const hashes = new Map<string, string>();
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const name = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(name);
      else hashes.set(name, hashOf(path.join(dir, name)));
    }
  };
  walk('');
  return hashes;
}

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/** An honest student: ex02 and ex10 solved, ex11 not started; the marker shows if anyone reads it. */
function honestStudent(dir: string, marker: string): void {
  for (const slug of exercises) {
    const name = studentFileOf[slug] ?? 'server.ts';
    const from = slug === 'ex11-socket-client' ? starterOf(slug, name) : path.join(root, 'solutions', slug, name);
    write(path.join(dir, 'exercises', slug, name), `// ${marker}\n${readFileSync(from, 'utf8')}`);
  }
}

describe.skipIf(!bwrapFound)('a class with hostile students, each followed by an honest one', () => {
  const classDir = tempFolder('hostile-class');
  const out = tempFolder('hostile-out');
  const marker = `workbook-fixture-${randomBytes(6).toString('hex')}`;
  const honestMarker = `honest work, ${marker}`;
  const students: string[] = [];
  const names: string[] = [];
  let run: ReturnType<typeof runGrader>;
  let results: Map<string, SubmissionResult>;
  let officialBefore: TreeSnapshot;
  let classBefore: Map<string, string>;

  beforeAll(() => {
    names.push(...readdirSync(hostile).filter((name) => statSync(path.join(hostile, name)).isDirectory()), 'leaves-the-starter', 'only-crashes', 'only-hangs');
    names.sort();
    names.forEach((name, index) => {
      const number = String(index + 1).padStart(2, '0');
      const dir = path.join(classDir, `${number}-${name}`);
      if (name === 'leaves-the-starter') {
        for (const slug of exercises) write(path.join(dir, 'exercises', slug, studentFileOf[slug] ?? ''), readFileSync(starterOf(slug, studentFileOf[slug] ?? ''), 'utf8'));
      } else if (name === 'only-crashes') {
        for (const slug of exercises) write(path.join(dir, 'exercises', slug, studentFileOf[slug] ?? ''), "throw new Error('this program only crashes');\n");
      } else if (name === 'only-hangs') {
        // Servers only: a client that hangs waits out every check's time limit, a minute in all.
        for (const slug of exercises.slice(0, 2)) write(path.join(dir, 'exercises', slug, 'server.ts'), 'setInterval(() => {}, 1000);\n');
      } else {
        cpSync(path.join(hostile, name), dir, { recursive: true });
      }
      honestStudent(path.join(classDir, `${number}-then-an-honest-student`), honestMarker);
      students.push(`${number}-${name}`, `${number}-then-an-honest-student`);
    });
    // The paths a student who saw the CI setup could know, and the marker of the processes that try to outlive grading.
    for (const file of ['writes-out-and-siblings', 'reads-a-sibling', 'leaves-a-child', 'imports-a-secret'].flatMap((name) => {
      const dir = readdirSync(classDir).find((student) => student.endsWith(name)) ?? '';
      return readdirSync(path.join(classDir, dir, 'exercises')).map((slug) => path.join(classDir, dir, 'exercises', slug, studentFileOf[slug] ?? ''));
    })) {
      writeFileSync(
        file,
        readFileSync(file, 'utf8')
          .replaceAll('WORKBOOK_FIXTURE_CLASS', classDir)
          .replaceAll('WORKBOOK_FIXTURE_OUT', out)
          .replaceAll('WORKBOOK_FIXTURE_MARKER', marker)
          .replaceAll('WORKBOOK_FIXTURE_ROOT', root.replace(/[\\/]$/, '')),
      );
    }
    officialBefore = snapshotOfficialTree();
    classBefore = hashesUnder(classDir);
    run = runGrader([classDir, '--exercises', exercises.map((slug) => slug.slice(0, 4)).join(','), '--jobs', '2', '--out', out]);
    results = new Map(readResults(out).students.map((result) => [result.student, result]));
  }, 600_000);

  const student = (name: string) => results.get(students.find((s) => s.endsWith(name)) ?? '');
  const exercise = (name: string, id: string) => student(name)?.exercises.find((e) => e.id === id);
  const feedback = (name: string) => readFileSync(path.join(out, 'feedback', `${students.find((s) => s.endsWith(name))}.md`), 'utf8');

  test('grading finishes, in the sandbox, with a result for every student', () => {
    expect(run.err).toBe('');
    expect(run.status).toBe(0);
    expect(run.out).toContain('Sandbox: bubblewrap');
    expect([...results.keys()].sort()).toEqual([...students].sort());
  });

  test('the official files are byte for byte what they were, and so is every submission', () => {
    expect(changedFiles(officialBefore)).toEqual([]);
    expect(hashesUnder(classDir)).toEqual(classBefore);
  });

  test('the results folder holds what the grader wrote, and nothing else', () => {
    expect(readdirSync(path.join(out, 'results')).sort()).toEqual(students.map((name) => `${name}.json`).sort());
    expect(readFileSync(path.join(out, 'gradebook.csv'), 'utf8')).not.toContain('everyone');
  });

  test('every honest student keeps exactly their own score: ex02 and ex10 solved, ex11 not started', () => {
    const honest = students.filter((name) => name.endsWith('then-an-honest-student')).map((name) => results.get(name));
    expect(honest).toHaveLength(names.length);
    const checks = (result: SubmissionResult | undefined) => result?.exercises.map((e) => [e.id, e.verdict, e.tests.map((t) => [t.name, t.status, t.points])]);
    const summaries = (result: SubmissionResult | undefined) =>
      `${result?.student}: ${result?.exercises.map((e) => `${e.id} ${e.summary}`).join('; ')} ${result?.notes.join('; ')}`;
    expect(honest.filter((result) => result?.points !== 20).map(summaries)).toEqual([]);
    for (const result of honest) expect(checks(result)).toEqual(checks(honest[0]));
  });

  test('no process is left running, however it detached', () => {
    expect(gradingProcesses(run.pid)).toEqual([]);
    expect(processesMatching(new RegExp(marker), 'cmdline')).toEqual([]);
  });

  test('rewriting every test file it can find: nothing rewritten, and only its own work counts', () => {
    expect(exercise('rewrites-the-tests', 'ex02')).toMatchObject({ verdict: 'passed', points: 10 });
    expect(exercise('rewrites-the-tests', 'ex10')).toMatchObject({ verdict: 'missing', points: 0 });
    expect(existsSync(path.join(root, 'exercises', 'ex10-concurrent-server', 'sneaky.test.ts'))).toBe(false);
  });

  test('editing the test kit and the grader: no effect, 0 points', () => {
    expect(exercise('edits-the-kit', 'ex02')).toMatchObject({ verdict: 'failed', points: 0 });
  });

  test("writing into the results and into classmates' work: no effect, 0 points", () => {
    expect(exercise('writes-out-and-siblings', 'ex02')).toMatchObject({ verdict: 'failed', points: 0 });
  });

  test("reading a classmate's code: it reads nothing, and its feedback carries nobody's work", () => {
    expect(exercise('reads-a-sibling', 'ex02')?.verdict).toBe('failed');
    expect(feedback('reads-a-sibling')).toContain('read nothing');
    expect(feedback('reads-a-sibling')).not.toContain(honestMarker);
  });

  test('importing a file it may not read: refused before it is built, and nothing of it in the feedback', () => {
    expect(exercise('imports-a-secret', 'ex02')).toMatchObject({ verdict: 'does-not-compile', points: 0 });
    expect(feedback('imports-a-secret')).toContain('which is not one of your files');
    expect(feedback('imports-a-secret')).not.toContain('packageManager');
  });

  test('holding 4 GB of Buffers: stopped, "used too much memory", not "stuck in a loop"', () => {
    expect(exercise('holds-memory', 'ex02')).toMatchObject({ verdict: 'over-limit', points: 0 });
    expect(exercise('holds-memory', 'ex02')?.summary).toContain('used too much memory');
    expect(feedback('holds-memory')).toContain('more than 512 MB');
  });

  test('filling the disk: stopped at the size its copy gets', () => {
    expect(exercise('fills-the-disk', 'ex02')).toMatchObject({ verdict: 'over-limit', points: 0 });
    expect(exercise('fills-the-disk', 'ex02')?.summary).toContain('wrote too much to disk');
    expect(feedback('fills-the-disk')).toContain('more than 256 MB');
  });

  test('hundreds of processes: stopped, "started too many processes"', () => {
    expect(exercise('forks-many', 'ex10')?.verdict).toBe('over-limit');
    expect(exercise('forks-many', 'ex10')?.summary).toContain('started too many processes');
  });

  test('processes that detach from every tie: graded as usual, and gone with the sandbox', () => {
    expect(exercise('leaves-a-child', 'ex10')?.verdict).not.toBe('over-limit');
  });

  test('killing its parent and everything it can signal: it harms nobody, and keeps its own points', () => {
    expect(exercise('kills-its-parent', 'ex02')).toMatchObject({ verdict: 'passed', points: 10 });
  });

  test('the network it can see is loopback, and on it nothing listens but itself', () => {
    const text = feedback('reports-interfaces');
    expect(text).toContain('interfaces: [\\"lo\\"]');
    const [, ports = '', port = ''] = /listening: \[([\d,]*)\] port: (\d+)/.exec(text) ?? [];
    expect(ports.split(',')).toEqual([port]);
  });

  test('untouched starters, and programs that only crash or hang, score 0', () => {
    expect(student('leaves-the-starter')?.points).toBe(0);
    expect(student('only-crashes')?.points).toBe(0);
    expect(student('only-hangs')?.points).toBe(0);
  });
});
