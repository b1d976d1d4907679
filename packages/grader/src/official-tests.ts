/**
 * The names of the official tests of each exercise, read before grading starts: the points are
 * split among them, and a submission whose run was cut short still lists every test it missed.
 * `vitest list` collects the tests without running them.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { root, type Exercise } from '@workbook/course';
import { GraderError } from './grader-error.ts';
import { exercisesConfig, vitestBin, vitestEnv } from './vitest-process.ts';

interface ListedTest {
  name: string;
  file: string;
}

/** Test names by exercise slug, in the order they appear in the test files. */
export async function listOfficialTests(exercises: Exercise[]): Promise<Map<string, string[]>> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'workbook-grade-list-'));
  const listFile = path.join(scratch, 'tests.json');
  try {
    const filters = exercises.map((exercise) => `exercises/${exercise.slug}/`);
    const run = spawn(process.execPath, [vitestBin, 'list', '--config', exercisesConfig, `--json=${listFile}`, ...filters], {
      cwd: root,
      env: vitestEnv({}),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let output = '';
    run.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    run.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code, signal] = (await once(run, 'close')) as [number | null, NodeJS.Signals | null];
    if (code !== 0) throw new GraderError(`Could not list the official tests (vitest list exited with ${code ?? signal}):\n${output}`);
    const listed = JSON.parse(readFileSync(listFile, 'utf8')) as ListedTest[];
    return new Map(exercises.map((exercise) => [exercise.slug, listed.filter((test) => path.dirname(test.file) === exercise.dir).map((test) => test.name)]));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
