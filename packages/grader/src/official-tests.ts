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
import { hiddenTestFiles, hiddenTestsVariable } from './hidden-tests.ts';
import { gradingConfig, vitestBin, vitestEnv } from './vitest-process.ts';

export interface ListedTest {
  name: string;
  /** The test file, absolute: in the exercise's folder, or among the hidden tests. */
  file: string;
}

/** Tests by exercise slug, the public ones first, each in the order it appears in its file. */
export async function listOfficialTests(exercises: Exercise[], hiddenTests?: string): Promise<Map<string, ListedTest[]>> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'workbook-grade-list-'));
  const listFile = path.join(scratch, 'tests.json');
  try {
    const filters = exercises.flatMap((exercise) => [`exercises/${exercise.slug}/`, ...hiddenTestFiles(hiddenTests, exercise)]);
    const run = spawn(process.execPath, [vitestBin, 'list', '--configLoader', 'runner', '--config', gradingConfig, `--json=${listFile}`, ...filters], {
      cwd: root,
      env: vitestEnv(hiddenTests ? { [hiddenTestsVariable]: hiddenTests } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let output = '';
    run.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    run.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code, signal] = (await once(run, 'close')) as [number | null, NodeJS.Signals | null];
    if (code !== 0) throw new GraderError(`Could not list the official tests (vitest list exited with ${code ?? signal}):\n${output}`);
    const listed = JSON.parse(readFileSync(listFile, 'utf8')) as ListedTest[];
    const inFolder = (dir: string) => listed.filter((test) => path.dirname(test.file) === dir);
    return new Map(exercises.map((exercise) => [exercise.slug, [...inFolder(exercise.dir), ...(hiddenTests ? inFolder(path.join(hiddenTests, exercise.slug)) : [])]]));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
