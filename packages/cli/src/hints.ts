/**
 * An exercise's hints, read from its README: the `<details><summary>Hint N</summary>` blocks
 * under "## Hints", from a nudge to nearly the answer. The README is the one place they are
 * written; the course site folds the same blocks.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Exercise } from './workspace.ts';

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
