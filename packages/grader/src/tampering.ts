/**
 * A submission's own copy of the official tests is never run; it is only compared with the
 * official one, so an edited test shows up in the feedback and the gradebook for the instructor.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileHash, testFiles, type Exercise } from '@workbook/course';
import type { Submission } from './submissions.ts';

/** The official test files this submission holds a different version of, such as `exercises/ex02-.../server.test.ts`. */
export function editedTests(submission: Submission, exercise: Exercise): string[] {
  if (!submission.exercisesDir) return [];
  return testFiles(exercise)
    .map((official) => path.basename(official))
    .filter((name) => {
      const theirs = path.join(submission.exercisesDir ?? '', exercise.slug, name);
      return existsSync(theirs) && fileHash(theirs) !== fileHash(path.join(exercise.dir, name));
    })
    .map((name) => `exercises/${exercise.slug}/${name}`);
}
