/**
 * The exercise a student is on: the first that does not pass yet. An untouched starter fails by
 * design and is not run; files that passed before, unchanged, are not run again; any other
 * exercise is run now.
 */
import type { StudentCopy } from '../student.ts';
import type { Exercise } from '@workbook/course';
import { allPass } from './exercise-result.ts';
import type { TestSession } from './test-session.ts';

export async function currentExercise(copy: StudentCopy, exercises: Exercise[], session: TestSession): Promise<Exercise | undefined> {
  for (const exercise of exercises) {
    if (!copy.isStarted(exercise)) return exercise;
    if (copy.passedBefore(exercise)) continue;
    if (!allPass(await session.run(exercise))) return exercise;
  }
  return undefined;
}
