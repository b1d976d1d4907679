/**
 * `pnpm grade merge <folders...> --out <folder>`: puts the slices graded by `--shard` (on several
 * machines, CI jobs say) back into one gradebook. Each slice's results/ folder holds a file per
 * student; the merged folder gets all of them, then every output is made from them as usual.
 */
import { existsSync } from 'node:fs';
import { pc } from '@workbook/testkit/color';
import type { MergeOptions } from './options.ts';
import { readAllResults, resultsFolder, writeResult } from './results-store.ts';
import { summaryTable } from './summary.ts';
import type { SubmissionResult } from './types.ts';
import { UsageError } from '@workbook/course';
import { writeOutputs } from './write-outputs.ts';

export function merge(options: MergeOptions): number {
  const byStudent = new Map<string, { result: SubmissionResult; from: string }>();
  for (const folder of options.folders) {
    if (!existsSync(resultsFolder(folder))) {
      throw new UsageError(`${folder} has no results/ folder. Give the --out folders that pnpm grade wrote, one per slice.`, 'ERR_GRADE_USAGE');
    }
    for (const result of readAllResults(folder)) {
      const earlier = byStudent.get(result.student);
      if (earlier && earlier.result.key !== result.key) {
        throw new UsageError(
          `${result.student} was graded in both ${earlier.from} and ${folder}, with different files or tests. ` + 'Keep the right one, or grade that student again.',
          'ERR_GRADE_USAGE',
        );
      }
      byStudent.set(result.student, { result, from: folder });
    }
  }
  const results = [...byStudent.values()].map(({ result }) => result).sort((a, b) => (a.student < b.student ? -1 : 1));
  const columns = (result: SubmissionResult) => result.exercises.map((exercise) => exercise.id).join(',');
  const odd = results.find((result) => columns(result) !== columns(results[0] ?? result));
  if (odd) {
    throw new UsageError(
      `${odd.student} was graded on ${columns(odd)}, but others on ${columns(results[0] ?? odd)}. Grade every slice with the same --exercises.`,
      'ERR_GRADE_USAGE',
    );
  }
  for (const result of results) writeResult(options.out, result);
  writeOutputs(options.out, results, options.formats);
  console.log(`Merged ${results.length} students from ${options.folders.length} folders into ${options.out}.`);
  console.log(summaryTable(results));
  console.log(`\nGradebook: ${pc.bold(`${options.out}/gradebook.csv`)}`);
  return 0;
}
