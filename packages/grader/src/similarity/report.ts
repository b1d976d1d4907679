/**
 * The similarity report of a class: similarity.csv (every pair) and similarity.html (the pairs at
 * or above the threshold, side by side) in one folder. `pnpm grade similarity` writes it, and so
 * does a grading run given --similarity, which notes the similar pairs in the gradebook: never
 * in the points.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Exercise } from '@workbook/course';
import { GraderError } from '../grader-error.ts';
import type { Submission } from '../submissions.ts';
import { clustersOf, type Cluster } from './clusters.ts';
import { compareExercise, type ComparedPair, type SimilarPair } from './compare.ts';
import { bySimilarity, similarityCsv } from './csv.ts';
import { similarityHtml } from './html.ts';

export { defaultThreshold, referenceName, starterName, type SimilarPair } from './compare.ts';

export interface SimilarityOptions {
  submissions: Submission[];
  exercises: Exercise[];
  /** The folder similarity.csv and similarity.html go to; made if need be. */
  out: string;
  /** 0 to 1: a pair at or above it is shown in the HTML and returned. */
  threshold: number;
}

export interface SimilarityResult {
  /** Every pair compared, most similar first. */
  pairs: SimilarPair[];
  /** At or above the threshold, most similar first. */
  flagged: SimilarPair[];
  clusters: Cluster[];
  /** Files left out, and why. */
  notes: string[];
}

const plain = ({ exercise, a, b, similarity, longestLines }: SimilarPair): SimilarPair => ({ exercise, a, b, similarity, longestLines });

/** Compares, writes both files, and says what it found. */
export function writeSimilarityReport({ submissions, exercises, out, threshold }: SimilarityOptions): SimilarityResult {
  const all: ComparedPair[] = [];
  const notes: string[] = [];
  for (const exercise of exercises) {
    const comparison = compareExercise(exercise, submissions, threshold);
    all.push(...comparison.pairs);
    notes.push(...comparison.notes);
  }
  all.sort(bySimilarity);
  const flagged = all.filter((pair) => pair.similarity >= threshold);
  const clusters = clustersOf(flagged);
  const html = similarityHtml({ threshold, exercises: exercises.map((exercise) => exercise.id), compared: all.length, flagged, clusters, notes });
  try {
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'similarity.csv'), similarityCsv(all));
    writeFileSync(path.join(out, 'similarity.html'), html);
  } catch (error) {
    throw new GraderError(`cannot write the similarity report to ${out}: ${(error as Error).message}`);
  }
  return { pairs: all.map(plain), flagged: flagged.map(plain), clusters, notes };
}

/**
 * For a grading run given --similarity: writes similarity.csv and similarity.html into `out`
 * and returns the pairs at or above `threshold`, most similar first, for the gradebook's notes.
 */
export async function similarityReport(options: SimilarityOptions): Promise<SimilarPair[]> {
  return writeSimilarityReport(options).flagged;
}
