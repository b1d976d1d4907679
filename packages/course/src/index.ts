/**
 * The course, as one model that the CLI, the grader, the bench and the site all read: its lessons
 * and exercises in order, each exercise's metadata checked against exercise.schema.json, and what
 * a student may type to name one.
 */
export { ExerciseJsonError, readExerciseJson, type ExerciseJson, type Need, type Role, type Visibility } from './exercise-json.ts';
export {
  exerciseSlugs,
  fileHash,
  fileNames,
  isMissing,
  isUntouched,
  loadExercise,
  loadExercises,
  solutionDir,
  starterCopy,
  testCommand,
  testFiles,
  type Exercise,
  type StarterFile,
} from './exercises.ts';
export { hasPage, loadLessons, type Lesson } from './lessons.ts';
export { exerciseList, findExercise, findLesson } from './names.ts';
export { root } from './root.ts';
export { UsageError } from './usage-error.ts';
