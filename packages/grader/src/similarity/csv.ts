/**
 * similarity.csv: every pair that was compared, most similar first, to sort and filter in a
 * spreadsheet. The names are folder names a student chose, so no cell may run as a formula.
 */
import type { SimilarPair } from './compare.ts';

/** As gradebook.csv's cells, and a tab or a carriage return first counts too (OWASP's list). */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvColumns = ['exercise', 'student A', 'student B', 'similarity', 'longest shared fragment (lines)'];

/** Most similar first; then by exercise and names, so the file is the same on every run. */
export function bySimilarity(x: SimilarPair, y: SimilarPair): number {
  return y.similarity - x.similarity || x.exercise.localeCompare(y.exercise) || x.a.localeCompare(y.a) || x.b.localeCompare(y.b);
}

export function similarityCsv(pairs: SimilarPair[]): string {
  const rows = [csvColumns, ...[...pairs].sort(bySimilarity).map((pair) => [pair.exercise, pair.a, pair.b, pair.similarity.toFixed(2), String(pair.longestLines)])];
  return `${rows.map((row) => row.map(cell).join(',')).join('\n')}\n`;
}
