/**
 * `pnpm workbook starters [--update [exNN ...]]`: which exercises still hold their untouched
 * starter. The recorded hashes let the self-check and the board tell a starter from a student's
 * work; after changing a starter on purpose, `--update` records the new hashes (of the exercises
 * named, or of all) and keeps a copy of each file in .starter/ for `pnpm workbook reset`.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pc } from '@workbook/testkit/color';
import { fileHash, fileNames, isUntouched, loadExercises, starterCopy, type ExerciseJson } from '@workbook/course';

export function starters(update: boolean, only: string[] = []): number {
  const exercises = loadExercises();
  const unknown = only.filter((name) => !exercises.some((exercise) => exercise.id === name || exercise.slug === name));
  if (unknown.length) {
    console.error(`Unknown exercise: ${unknown.join(', ')}. The exercises are: ${exercises.map((e) => e.id).join(', ')}`);
    return 2;
  }
  for (const exercise of exercises) {
    if (only.length && !only.includes(exercise.id) && !only.includes(exercise.slug)) continue;
    if (update) {
      // Rewrite only the hashes: anything else in exercise.json stays as it is.
      const jsonFile = path.join(exercise.dir, 'exercise.json');
      const json = JSON.parse(readFileSync(jsonFile, 'utf8')) as ExerciseJson;
      for (const [name, file] of Object.entries(json.files)) file.starter = fileHash(path.join(exercise.dir, name));
      writeFileSync(jsonFile, `${JSON.stringify(json, null, 2)}\n`);
      // The copy that `pnpm workbook reset` puts back.
      for (const name of fileNames(exercise)) {
        mkdirSync(path.dirname(starterCopy(exercise, name)), { recursive: true });
        copyFileSync(path.join(exercise.dir, name), starterCopy(exercise, name));
      }
      console.log(`  ${exercise.id}: recorded the starter of ${fileNames(exercise).join(', ')}`);
    } else {
      console.log(`  ${exercise.id}: ${isUntouched(exercise) ? pc.dim('untouched starter') : pc.yellow('changed')}`);
    }
  }
  return 0;
}
