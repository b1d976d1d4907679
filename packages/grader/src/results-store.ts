/**
 * Results on disk, one file per student in `<out>/results/`, written the moment a submission is
 * graded. An interrupted run loses at most the submissions that were being graded; `--resume`
 * reads the rest back, and `grade merge` gathers them from several machines.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SubmissionResult } from './types.ts';

export const resultsFolder = (out: string) => path.join(out, 'results');

const resultFile = (out: string, student: string) => path.join(resultsFolder(out), `${student}.json`);

export function writeResult(out: string, result: SubmissionResult): void {
  mkdirSync(resultsFolder(out), { recursive: true });
  // Written aside, then renamed: a file is either the whole result or not there at all.
  const file = resultFile(out, result.student);
  writeFileSync(`${file}.partial`, `${JSON.stringify(result, null, 2)}\n`);
  renameSync(`${file}.partial`, file);
}

export function readResult(out: string, student: string): SubmissionResult | undefined {
  const file = resultFile(out, student);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SubmissionResult;
  } catch {
    return undefined;
  }
}

/** Every result in an output folder, by student name. */
export function readAllResults(out: string): SubmissionResult[] {
  const folder = resultsFolder(out);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => readResult(out, name.slice(0, -'.json'.length)) ?? []);
}
