/**
 * The files a grade depends on and no submission may change: the official exercises (tests,
 * pages, exercise.json), the test kit, the grader and the configs. The grader takes their hashes
 * before grading, after every submission and at the end; any difference stops grading, because
 * every grade after the change would rest on tests that are not the instructor's.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { root } from '@workbook/course';

const watched = [
  'exercises',
  'packages/testkit',
  'packages/cli/src',
  'packages/course',
  'packages/grader/src',
  'packages/cli/bin',
  'package.json',
  'pnpm-workspace.yaml',
  'tsconfig.json',
  'vitest.config.ts',
  'vitest.exercises.config.ts',
];

/** Relative path to sha256, for every file of the official tree. */
export type TreeSnapshot = Map<string, string>;

function walk(relative: string, into: TreeSnapshot): void {
  const full = path.resolve(root, relative);
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const name = path.join(relative, entry.name);
    if (entry.isDirectory()) walk(name, into);
    else
      into.set(
        name.split(path.sep).join('/'),
        createHash('sha256')
          .update(readFileSync(path.resolve(root, name)))
          .digest('hex'),
      );
  }
}

/** `hiddenTests`: the instructor's hidden tests are watched too, wherever they are. */
export function snapshotOfficialTree(hiddenTests?: string): TreeSnapshot {
  const snapshot: TreeSnapshot = new Map();
  for (const item of [...watched, ...(hiddenTests ? [hiddenTests] : [])]) {
    const full = path.resolve(root, item);
    if (!existsSync(full)) continue;
    if (statSync(full).isDirectory()) walk(item, snapshot);
    else snapshot.set(item, createHash('sha256').update(readFileSync(full)).digest('hex'));
  }
  return snapshot;
}

/** The files added, removed or changed since `before`, sorted. */
export function changedFiles(before: TreeSnapshot, after: TreeSnapshot = snapshotOfficialTree()): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}
