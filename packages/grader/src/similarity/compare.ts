/**
 * Who shares code with whom, one exercise at a time: every pair of students, each student and the
 * reference solution, each student and the untouched starter. Dolos's core does the comparing
 * (winnowed k-grams of the tokens, see tokenize.ts). The starter is subtracted from the first two,
 * so the scaffolding every student starts from counts for nothing; from the third, what the
 * reference solution keeps of the starter is subtracted, so what is left is what solving replaces.
 */
import { existsSync, lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FingerprintIndex, type FileEntry, type Pair } from '@dodona/dolos-core';
import { fileNames, solutionDir, starterCopy, UsageError, type Exercise } from '@workbook/course';
import type { Submission } from '../submissions.ts';
import { tokenizeDocument, type Document, type Source } from './tokenize.ts';

/**
 * Dolos's own defaults: a k-gram is 23 tokens (about 8 nodes of the tree, the shortest piece that
 * can match), and winnowing keeps one k-gram in every 17. On the fixture class, smaller windows
 * raised the copies by 0.02 at most and the honest pairs by up to 0.13, so they separated the two
 * no better (the figures are in docs/instructors.md).
 */
export const kgramLength = 23;
export const kgramsInWindow = 17;

/** Calibrated on packages/grader/test/fixtures/similarity-class: see its README and the instructor's guide. */
export const defaultThreshold = 0.7;

/** How the report names the two sides that are not students. */
/** --threshold, for `pnpm grade similarity` and a grading run's --similarity alike. */
export function parseThreshold(value: string | undefined): number {
  if (value === undefined) return defaultThreshold;
  const threshold = Number(value);
  if (value.trim() === '' || !Number.isFinite(threshold) || threshold <= 0 || threshold > 1) {
    throw new UsageError(`--threshold takes a number above 0 and at most 1, such as --threshold ${defaultThreshold}; got "${value}".`, 'ERR_GRADE_USAGE');
  }
  return threshold;
}

export const referenceName = '(reference solution)';
export const starterName = '(starter)';

/** A file larger than this is no hand-written exercise, and is left out rather than parsed. */
const largestFile = 512 * 1024;

export interface SimilarPair {
  /** `ex02` */
  exercise: string;
  /** Student names, or '(reference solution)' / '(starter)' (always b). */
  a: string;
  b: string;
  /** 0 to 1, to two decimals: the share of both sides' fingerprints found in the other, what is subtracted left out. */
  similarity: number;
  /** The longest run of code the two share, in lines (the shorter side's count). */
  longestLines: number;
}

/** A stretch of code both sides share, as 0-based lines of each side's document. */
export interface SharedFragment {
  a: { from: number; to: number };
  b: { from: number; to: number };
}

/** A pair at or above the threshold keeps what the HTML report shows of it. */
export interface ComparedPair extends SimilarPair {
  shown?: { a: Document; b: Document; fragments: SharedFragment[] };
}

export interface ExerciseComparison {
  pairs: ComparedPair[];
  /** What was left out, and why (a link, a file too large). */
  notes: string[];
}

/** The files of an exercise that the student edits, as they are; a link or a huge file is left out, with a note. */
function readSources(exercise: Exercise, fileOf: (name: string) => string, who: string, notes: string[]): Source[] {
  const sources: Source[] = [];
  for (const name of fileNames(exercise, 'edit')) {
    const file = fileOf(name);
    if (!existsSync(file)) continue;
    const stat = lstatSync(file);
    if (!stat.isFile()) {
      notes.push(`${exercise.id}: ${who}'s ${name} is not a file of its own (a link?), so it was left out, as grading leaves it out.`);
    } else if (stat.size > largestFile) {
      notes.push(`${exercise.id}: ${who}'s ${name} is ${Math.round(stat.size / 1024)} KB, more than ${largestFile / 1024} KB, so it was left out.`);
    } else {
      sources.push({ name, text: readFileSync(file, 'utf8') });
    }
  }
  return sources;
}

/** Dolos's similarity, with the ignored k-grams counted per occurrence as the covered ones are (and each side's own). */
function similarityOf(pair: Pair): number {
  const ignored = (entry: FileEntry) => [...entry.ignored].reduce((count, shared) => count + shared.occurrencesOf(entry.file).length, 0);
  const total = pair.leftTotal + pair.rightTotal - ignored(pair.leftEntry) - ignored(pair.rightEntry);
  return total > 0 ? Math.round(((pair.leftCovered + pair.rightCovered) / total) * 100) / 100 : 0;
}

function fragmentsOf(pair: Pair): SharedFragment[] {
  return pair.buildFragments().map((fragment) => ({
    a: { from: fragment.leftSelection.startRow, to: fragment.leftSelection.endRow },
    b: { from: fragment.rightSelection.startRow, to: fragment.rightSelection.endRow },
  }));
}

const linesOf = (range: { from: number; to: number }) => range.to - range.from + 1;

interface Side {
  name: string;
  document: Document;
}

function compared(exercise: Exercise, a: Side, b: Side, index: FingerprintIndex, threshold: number): ComparedPair {
  const pair = index.getPair(a.document.tokenized, b.document.tokenized);
  const similarity = similarityOf(pair);
  const fragments = similarity > 0 ? fragmentsOf(pair) : [];
  const longestLines = Math.max(0, ...fragments.map((fragment) => Math.min(linesOf(fragment.a), linesOf(fragment.b))));
  const result: ComparedPair = { exercise: exercise.id, a: a.name, b: b.name, similarity, longestLines };
  if (similarity >= threshold) result.shown = { a: a.document, b: b.document, fragments };
  return result;
}

/** Every pair of one exercise, with those at or above `threshold` ready to be shown. */
export function compareExercise(exercise: Exercise, submissions: Submission[], threshold: number): ExerciseComparison {
  const notes: string[] = [];
  const side = (name: string, sources: Source[]): Side => ({ name, document: tokenizeDocument(name, sources) });
  const starter = side(
    starterName,
    readSources(exercise, (name) => starterCopy(exercise, name), starterName, notes),
  );
  const students: Side[] = [];
  for (const { student, exercisesDir } of submissions) {
    if (!exercisesDir) continue;
    const sources = readSources(exercise, (name) => path.join(exercisesDir, exercise.slug, name), student, notes);
    if (sources.length) students.push(side(student, sources));
  }
  const solution = solutionDir(exercise);
  const referenceSources = solution ? readSources(exercise, (name) => path.join(solution, name), referenceName, notes) : [];
  const reference = referenceSources.length ? side(referenceName, referenceSources) : undefined;

  // Students and the solution, the starter subtracted. Dolos subtracts it from the files already
  // in the index, so it goes in last.
  const index = new FingerprintIndex(kgramLength, kgramsInWindow, false);
  index.addFiles([...students, ...(reference ? [reference] : [])].map((one) => one.document.tokenized));
  index.addIgnoredFile(starter.document.tokenized);
  // Each student and the starter itself, with what the reference solution keeps of the starter
  // subtracted: what is left is what solving the exercise replaces (the starter's placeholders),
  // so the untouched starter scores 1 and a finished exercise about 0, however much of the
  // starter it keeps (a finished ex07 is more than 80% starter).
  const starterIndex = new FingerprintIndex(kgramLength, kgramsInWindow, false);
  starterIndex.addFiles([...students, starter].map((one) => one.document.tokenized));
  if (reference) starterIndex.addIgnoredFile(reference.document.tokenized);

  const pairs: ComparedPair[] = [];
  for (const [i, one] of students.entries()) {
    for (const other of students.slice(i + 1)) pairs.push(compared(exercise, one, other, index, threshold));
    if (reference) pairs.push(compared(exercise, one, reference, index, threshold));
    pairs.push(compared(exercise, one, starter, starterIndex, threshold));
  }
  return { pairs, notes };
}
