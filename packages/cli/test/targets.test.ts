import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveTarget } from '../src/targets.ts';
import { loadExercises, root } from '@workbook/course';

const exerciseOf = (input: string) => {
  const target = resolveTarget(input);
  if (target.kind !== 'exercises') throw new Error(`not an exercise target: ${target.kind}`);
  return { slugs: target.exercises.map((e) => e.slug), against: target.against };
};

describe('what pnpm test accepts', () => {
  test.each(['exercises/ex02', 'exercises/ex02-happy-server', 'exercises/ex02/', './exercises/ex02', 'ex02', path.join(root, 'exercises', 'ex02-happy-server')])(
    "%s is exercise ex02, against the student's file",
    (input) => {
      expect(exerciseOf(input)).toEqual({ slugs: ['ex02-happy-server'], against: 'exercises' });
    },
  );

  test('solutions/ex02 is the same tests against the reference solution', () => {
    expect(exerciseOf('solutions/ex02')).toEqual({ slugs: ['ex02-happy-server'], against: 'solutions' });
  });

  test('exercises alone is every exercise', () => {
    expect(exerciseOf('exercises').slugs).toEqual(loadExercises().map((exercise) => exercise.slug));
  });

  test('a lesson package, by folder or by name', () => {
    expect(resolveTarget('packages/lesson-01-raw-socket')).toEqual({ kind: 'package', name: 'lesson-01-raw-socket' });
    expect(resolveTarget('lesson-02-happy-server')).toEqual({ kind: 'package', name: 'lesson-02-happy-server' });
  });

  test('nothing is the self-check', () => {
    expect(resolveTarget(undefined)).toEqual({ kind: 'self-check' });
  });
});
