/**
 * The lessons, in order: one package each in packages/, named lesson-NN-slug, with its page in
 * docs/lessons/NN-slug.md. Nothing lists them by hand; a new lesson exists by its package.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { root } from './root.ts';

export interface Lesson {
  /** `lesson-04` */
  id: string;
  /** 4 */
  number: number;
  /** `lesson-04-file-server`: the package with the lesson's code. */
  packageName: string;
  /** packages/lesson-04-file-server, absolute. */
  dir: string;
  /** `04-file-server`: the name of the lesson's page, docs/lessons/04-file-server.md. */
  slug: string;
  /** `docs/lessons/04-file-server.md`, relative to the root. */
  page: string;
}

const lessonPackage = /^lesson-(\d\d)-[a-z0-9-]+$/;

export function loadLessons(workbook = root): Lesson[] {
  return readdirSync(path.join(workbook, 'packages'))
    .filter((name) => lessonPackage.test(name))
    .sort()
    .map((packageName) => {
      const slug = packageName.slice('lesson-'.length);
      return {
        id: packageName.slice(0, 'lesson-NN'.length),
        number: Number(slug.slice(0, 2)),
        packageName,
        dir: path.join(workbook, 'packages', packageName),
        slug,
        page: `docs/lessons/${slug}.md`,
      };
    });
}

/** True when the lesson's page exists (a lesson's package can come before its page). */
export function hasPage(lesson: Lesson, workbook = root): boolean {
  return existsSync(path.join(workbook, lesson.page));
}
