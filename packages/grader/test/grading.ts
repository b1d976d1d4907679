/**
 * What the grader's tests share: running `pnpm grade` as an instructor does (a real process, no
 * terminal), folders that are removed afterwards, and the processes a grading run may have left.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import type { SubmissionResult } from '../src/types.ts';

export const bin = fileURLToPath(new URL('../../cli/bin/workbook.mjs', import.meta.url));
export const root = fileURLToPath(new URL('../../..', import.meta.url));

export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { WORKBOOK_EXERCISES: _, FORCE_COLOR: __, NO_COLOR: ___, ...env } = process.env;
  return { ...env, ...extra };
}

/** `pnpm grade <args>`, by default this workbook's; `program` runs another workbook's. */
export function runGrader(args: string[], env: Record<string, string> = {}, program = bin) {
  const run = spawnSync(process.execPath, [program, 'grade', ...args], { encoding: 'utf8', env: cleanEnv(env) });
  return { status: run.status, out: run.stdout, err: run.stderr, pid: run.pid };
}

/** Folders made by a test file, removed when it is done. */
const madeFolders: string[] = [];
afterAll(() => madeFolders.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
export function tempFolder(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `workbook-grade-${name}-`));
  madeFolders.push(dir);
  return dir;
}

export const readResults = (out: string) => JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as { students: SubmissionResult[] };
export const hashOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every process whose environment or command line matches `pattern` (Linux only; elsewhere none). */
export function processesMatching(pattern: RegExp, where: 'environ' | 'cmdline'): number[] {
  if (process.platform !== 'linux') return [];
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid) && Number(pid) !== process.pid)
    .filter((pid) => {
      try {
        return pattern.test(readFileSync(`/proc/${pid}/${where}`, 'latin1'));
      } catch {
        return false;
      }
    })
    .map(Number);
}

/**
 * Processes of the grading runs of one grader (Linux only): each carries the run's tag,
 * `<time>-<grader's pid>/<student>`, in its environment. Other graders may be running at the
 * same time (another `pnpm test`, a benchmark); theirs do not count.
 */
export function gradingProcesses(graderPid: number | undefined): number[] {
  if (graderPid === undefined) return [];
  return processesMatching(new RegExp(`(^|\0)WORKBOOK_GRADING_TAG=[^\0/]*-${graderPid}/`), 'environ');
}

export async function eventually(check: () => boolean, ms: number): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < ms; await new Promise((wake) => setTimeout(wake, 100))) {
    if (check()) return true;
  }
  return check();
}
