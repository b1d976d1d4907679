/**
 * An exercise's hints, read from its README: the `<details><summary>Hint N</summary>` blocks
 * under "## Hints", from a nudge to nearly the answer. The README is the one place they are
 * written; the course site folds the same blocks.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { StudentCopy } from './student.ts';
import type { Exercise } from '@workbook/course';

const hintBlock = /<details>\s*<summary>\s*Hint \d+\s*<\/summary>([\s\S]*?)<\/details>/g;

export function hintsOf(exercise: Exercise): string[] {
  const readme = readFileSync(path.join(exercise.dir, 'README.md'), 'utf8').replaceAll('\r\n', '\n');
  return [...readme.matchAll(hintBlock)].map(([, body = '']) => body.trim());
}

/**
 * A hint's Markdown as plain terminal text: code fences dropped and their lines indented, so
 * code stands apart from the words around it.
 */
export function hintAsText(markdown: string): string {
  const lines: string[] = [];
  let inCode = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) {
      inCode = !inCode;
      continue;
    }
    lines.push(inCode ? `    ${line}` : line);
  }
  return lines.join('\n');
}

export interface Hint {
  number: number;
  total: number;
  /** As terminal text (see hintAsText). */
  text: string;
  /** Every hint had been shown already: this is the last one again. */
  again: boolean;
}

/** The hint after the last one shown (or the last, again), remembered in the student's progress. */
export function nextHint(copy: StudentCopy, exercise: Exercise): Hint | undefined {
  const hints = hintsOf(exercise);
  if (hints.length === 0) return undefined;
  const seen = copy.progress().hintsSeen[exercise.id] ?? 0;
  const number = Math.min(seen + 1, hints.length);
  copy.updateProgress((progress) => {
    progress.hintsSeen[exercise.id] = number;
  });
  return { number, total: hints.length, text: hintAsText(hints[number - 1] ?? ''), again: seen >= hints.length };
}
