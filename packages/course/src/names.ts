/**
 * What a student may type to name an exercise or a lesson, and the answer when it names none:
 * the list of the ones that exist.
 *
 *   ex02, ex2, 2, ex02-happy-server, exercises/ex02     the exercise ex02
 *   lesson-04, lesson-4, 4, lesson-04-file-server        the lesson package lesson-04-file-server
 */
import type { Exercise } from './exercises.ts';
import { loadLessons } from './lessons.ts';
import { UsageError } from './usage-error.ts';

/** `exercises/ex02/`, `.\exercises\ex02` and `ex02` all name ex02. */
function lastPart(name: string): string {
  return (
    name
      .split(/[\\/]+/)
      .filter(Boolean)
      .pop() ?? ''
  );
}

function numberIn(name: string, prefix: string): number | undefined {
  const match = new RegExp(`^(?:${prefix}-?)?(\\d{1,2})(?:-|$)`).exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

export function exerciseList(exercises: Exercise[]): string {
  return exercises.map((exercise) => `  ${exercise.slug.padEnd(24)} ${exercise.title}`).join('\n');
}

export function findExercise(name: string, exercises: Exercise[]): Exercise {
  const wanted = lastPart(name);
  const number = numberIn(wanted, 'ex');
  const found = exercises.find((exercise) => exercise.slug === wanted || (number !== undefined && Number(exercise.id.slice(2)) === number));
  if (found) return found;
  throw new UsageError(`There is no exercise "${name}". The exercises are:\n${exerciseList(exercises)}`, 'ERR_UNKNOWN_EXERCISE');
}

/** The lesson package a name means, such as lesson-04-file-server. */
export function findLesson(name: string, lessons = loadLessons().map((lesson) => lesson.packageName)): string {
  const wanted = lastPart(name);
  const number = numberIn(wanted, 'lesson');
  const found = lessons.find((lesson) => lesson === wanted || (number !== undefined && Number(lesson.slice(7, 9)) === number));
  if (found) return found;
  throw new UsageError(`There is no lesson "${name}". The lessons are:\n${lessons.map((lesson) => `  ${lesson}`).join('\n')}`, 'ERR_UNKNOWN_LESSON');
}
