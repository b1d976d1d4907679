/**
 * `--shard K/N`: one of N slices of a class, so N machines (CI jobs) grade it together. The slice
 * depends only on the sorted student names, so every job computes the same split without talking
 * to the others, and `grade merge` puts the slices back together.
 */
import { UsageError } from '@workbook/course';

export interface Shard {
  /** 1-based, as typed: --shard 2/4 is index 2. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard takes K/N with 1 <= K <= N, such as --shard 2/4 (the second of four slices); got "${text}".`, 'ERR_GRADE_USAGE');
  }
  return { index, count };
}

/** The students of one slice: every N-th name in sorted order, starting at the K-th. */
export function studentsOfShard<T extends { student: string }>(submissions: T[], shard: Shard): T[] {
  return [...submissions].sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0)).filter((_submission, i) => i % shard.count === shard.index - 1);
}
