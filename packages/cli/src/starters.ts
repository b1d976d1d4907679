/**
 * `pnpm workbook starters [--update [exNN ...]]`: which exercises still hold their untouched
 * starter. The recorded hashes let the self-check and the board tell a starter from a student's
 * work; after changing a starter on purpose, `--update` records the new hashes (of the exercises
 * named, or of all) and keeps a copy of each file in .starter/ for `pnpm workbook reset`.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pc } from './color.ts';
import { fileHash, isUntouched, loadExercises, starterCopy } from './workspace.ts';

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
      const metaFile = path.join(exercise.dir, 'exercise.json');
      const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { starter: Record<string, string> };
      meta.starter = Object.fromEntries(Object.keys(meta.starter).map((name) => [name, fileHash(path.join(exercise.dir, name))]));
      writeFileSync(metaFile, `${JSON.stringify(meta, null, 2)}\n`);
      // The copy that `pnpm workbook reset` puts back.
      for (const name of Object.keys(meta.starter)) {
        mkdirSync(path.dirname(starterCopy(exercise, name)), { recursive: true });
        copyFileSync(path.join(exercise.dir, name), starterCopy(exercise, name));
      }
      console.log(`  ${exercise.id}: recorded the starter of ${Object.keys(meta.starter).join(', ')}`);
    } else {
      console.log(`  ${exercise.id}: ${isUntouched(exercise) ? pc.dim('untouched starter') : pc.yellow('changed')}`);
    }
  }
  return 0;
}
