/**
 * What the course is made of, read from the repository as it is today: the lesson pages in
 * docs/lessons/, and the exercises with their exercise.json. Nothing here is listed by hand, so a
 * new lesson or exercise appears on the site by existing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
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
  source: string;
  sitePath: string;
  solutionFolder: string | undefined;
  solutionSitePath: string;
};

export function loadLessons(): Lesson[] {
  return readdirSync(path.join(root, 'docs/lessons'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => {
      const slug = name.slice(0, -'.md'.length);
      return { slug, packageName: `lesson-${slug}`, source: `docs/lessons/${name}`, sitePath: `lessons/${slug}.html` };
    });
}

export function loadExercises(): Exercise[] {
  return readdirSync(path.join(root, 'exercises'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^ex\d\d/.test(entry.name))
    .filter((entry) => existsSync(path.join(root, 'exercises', entry.name, 'exercise.json')))
    .map((entry) => entry.name)
    .sort()
    .map((slug) => {
      const data = JSON.parse(readFileSync(path.join(root, 'exercises', slug, 'exercise.json'), 'utf8')) as {
        title?: string;
        lesson?: string;
        points?: number;
      };
      const solutionFolder = `solutions/${slug}`;
      return {
        slug,
        id: slug.slice(0, 4),
        title: data.title ?? slug,
        lesson: data.lesson ?? '',
        points: data.points ?? 0,
        source: `exercises/${slug}/README.md`,
        sitePath: `exercises/${slug}.html`,
        solutionFolder: existsSync(path.join(root, solutionFolder)) ? solutionFolder : undefined,
        solutionSitePath: `solutions/${slug}.html`,
      };
    });
}

export function readRepoFile(repoPath: string): string {
  return readFileSync(path.join(root, repoPath), 'utf8');
}

export function repoFileExists(repoPath: string): boolean {
  return existsSync(path.join(root, repoPath));
}
