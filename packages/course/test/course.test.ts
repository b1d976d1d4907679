import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { ExerciseJsonError, fileNames, findExercise, findLesson, loadExercise, loadExercises, loadLessons, root, UsageError } from '../src/index.ts';

describe('the course as it is', () => {
  test('lessons in order, one per lesson package, each with its page', () => {
    const lessons = loadLessons();
    expect(lessons.map((lesson) => lesson.packageName)).toEqual(
      readdirSync(path.join(root, 'packages'))
        .filter((name) => name.startsWith('lesson-'))
        .sort(),
    );
    expect(lessons.map((lesson) => lesson.number)).toEqual(lessons.map((_, index) => index + 1));
    expect(lessons[0]).toMatchObject({ id: 'lesson-01', packageName: 'lesson-01-raw-socket', slug: '01-raw-socket', page: 'docs/lessons/01-raw-socket.md' });
  });

  test('every exercise.json fits the schema and names a lesson that exists', () => {
    const exercises = loadExercises();
    expect(exercises.map((exercise) => exercise.id)).toEqual(exercises.map((_, index) => `ex${String(index + 1).padStart(2, '0')}`));
    const lessons = new Set(loadLessons().map((lesson) => lesson.packageName));
    for (const exercise of exercises) expect(lessons).toContain(exercise.lesson);
  });

  test('ex09 says which files the student edits and which come ready', () => {
    const ex09 = findExercise('ex09', loadExercises());
    expect(fileNames(ex09, 'edit')).toEqual(['connection.ts', 'response.ts']);
    expect(fileNames(ex09, 'given')).toEqual(['parser.ts', 'server.ts']);
  });

  test('only ex10 may start processes and workers', () => {
    const needing = loadExercises().filter((exercise) => exercise.needs.length > 0);
    expect(needing.map((exercise) => [exercise.id, exercise.needs])).toEqual([['ex10', ['child-processes', 'workers']]]);
  });

  test('a name that is no exercise or lesson is a usage error that lists the ones there are', () => {
    expect(() => findExercise('ex99', loadExercises())).toThrow(
      expect.objectContaining({ code: 'ERR_UNKNOWN_EXERCISE', message: expect.stringContaining('ex02-happy-server') }),
    );
    expect(() => findLesson('lesson-42')).toThrow(UsageError);
    expect(findLesson('4')).toBe('lesson-04-file-server');
  });
});

describe('a malformed exercise.json is refused with the file, the field and what is valid', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'workbook-course-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  const hash = 'a'.repeat(64);
  const good = { title: 'A try', lesson: 'lesson-02-happy-server', points: 10, files: { 'server.ts': { role: 'edit', starter: hash } } };

  function refusal(json: unknown): string {
    const dir = path.join(scratch, 'exercises', 'ex42-try');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'exercise.json'), typeof json === 'string' ? json : JSON.stringify(json));
    try {
      loadExercise('ex42-try', path.join(scratch, 'exercises'));
    } catch (error) {
      expect(error).toBeInstanceOf(ExerciseJsonError);
      return (error as Error).message;
    }
    throw new Error('it was accepted');
  }

  test.each([
    [{ ...good, points: 'ten' }, '"points" is "ten"; it must be what the exercise is worth when graded: a number, 0 or more.'],
    [{ ...good, title: undefined }, '"title" is missing: the exercise\'s title, as the board shows it: a non-empty string.'],
    [
      { ...good, files: { 'server.ts': { role: 'editable', starter: hash } } },
      '"files › server.ts › role" is "editable"; it must be "edit" (the student changes it) or "given" (it comes ready).',
    ],
    [
      { ...good, files: { 'server.ts': { role: 'edit', starter: 'abc' } } },
      '"files › server.ts › starter" is "abc"; it must be the sha256 of the untouched starter, 64 hex digits',
    ],
    [
      { ...good, files: { '../secret.ts': { role: 'edit', starter: hash } } },
      '"files" has the name "../secret.ts"; it must be a file name relative to the exercise\'s folder',
    ],
    [{ ...good, allow: ['workers'] }, '"allow" is not a field of exercise.json; the fields are "title", "lesson", "points", "needs", "files", "visibility", "tests".'],
    [{ ...good, needs: ['network'] }, '"needs › 0" is "network"; it must be "child-processes" (child_process, cluster) or "workers" (worker_threads).'],
    [{ ...good, files: { 'server.ts': { role: 'given', starter: hash } } }, '"files" has no file with "role": "edit"'],
    [{ ...good, lesson: 'lesson-42-nowhere' }, '"lesson" is "lesson-42-nowhere", which is no lesson package. The lessons are: lesson-01-raw-socket'],
    ['{ "title": ', 'exercises/ex42-try/exercise.json is not valid JSON'],
  ])('%j', (json, expected) => {
    const message = refusal(json);
    expect(message).toContain('exercises/ex42-try/exercise.json');
    expect(message).toContain(expected);
  });
});
