/**
 * `pnpm workbook starters [--update]`: which exercises still hold their untouched starter. The
 * recorded hashes let the self-check and the board tell a starter from a student's work; after
 * changing a starter on purpose, `--update` records the new hashes.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pc } from './color.ts';
import { fileHash, isUntouched, loadExercises, type ExerciseMeta } from './workspace.ts';

export function starters(update: boolean): number {
  for (const exercise of loadExercises()) {
    if (update) {
      const starter = Object.fromEntries(Object.keys(exercise.starter).map((name) => [name, fileHash(path.join(exercise.dir, name))]));
      const meta: ExerciseMeta = { title: exercise.title, lesson: exercise.lesson, points: exercise.points, starter };
      writeFileSync(path.join(exercise.dir, 'exercise.json'), `${JSON.stringify(meta, null, 2)}\n`);
      console.log(`  ${exercise.id}: recorded the starter of ${Object.keys(starter).join(', ')}`);
    } else {
      console.log(`  ${exercise.id}: ${isUntouched(exercise) ? pc.dim('untouched starter') : pc.yellow('changed')}`);
    }
  }
  return 0;
}
