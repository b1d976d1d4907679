/**
 * What the course is made of, as the site shows it: the lessons and exercises of the course model
 * (@workbook/course), each with the page it becomes. Nothing here is listed by hand, so a new
 * lesson or exercise appears on the site by existing.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as course from '@workbook/course';
import { root } from './site-paths.ts';

export type Lesson = {
  /** `01-raw-socket`: the Markdown file's name, and the page's. */
  slug: string;
  /** `lesson-01-raw-socket`: the package with the lesson's code. */
  packageName: string;
  source: string;
  sitePath: string;
};

export type Exercise = {
  /** `ex02-happy-server` */
  slug: string;
  /** `ex02` */
  id: string;
  title: string;
  /** The lesson package it belongs to, from exercise.json. */
  lesson: string;
  points: number;
  /** The starter files the learner changes, e.g. `server.ts`. */
  editFiles: string[];
  source: string;
  sitePath: string;
  solutionFolder: string | undefined;
  solutionSitePath: string;
};

/** The lessons that have a page: a lesson's package may come before its page is written. */
export function loadLessons(): Lesson[] {
  return course
    .loadLessons(root)
    .filter((lesson) => course.hasPage(lesson, root))
    .map((lesson) => ({ slug: lesson.slug, packageName: lesson.packageName, source: lesson.page, sitePath: `lessons/${lesson.slug}.html` }));
}

export function loadExercises(): Exercise[] {
  return course.loadExercises(path.join(root, 'exercises')).map((exercise) => ({
    slug: exercise.slug,
    id: exercise.id,
    title: exercise.title,
    lesson: exercise.lesson,
    points: exercise.points,
    editFiles: exercise.files.filter((file) => file.role === 'edit').map((file) => file.name),
    source: `exercises/${exercise.slug}/README.md`,
    sitePath: `exercises/${exercise.slug}.html`,
    solutionFolder: course.solutionDir(exercise, root) && `solutions/${exercise.slug}`,
    solutionSitePath: `solutions/${exercise.slug}.html`,
  }));
}

export function readRepoFile(repoPath: string): string {
  return readFileSync(path.join(root, repoPath), 'utf8');
}

export function repoFileExists(repoPath: string): boolean {
  return existsSync(path.join(root, repoPath));
}
