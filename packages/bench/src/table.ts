/**
 * Turning figures into text: numbers a person can compare at a glance, ratios to a baseline, and
 * a Markdown table whose columns line up, so the same text reads well in a terminal and pastes
 * straight into a README.
 */
import type { Spread } from './statistics.ts';

/** Three significant figures or whole numbers, with thousands separators: 12,345 · 98.7 · 0.853. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `3 s`, `0.500 s`: a duration given in milliseconds. */
/** `1 KB`, `10 MB`: file sizes as the tables name them (1 KB = 1024 bytes). */
export function sizeLabel(bytes: number): string {
  const [amount, unit] = bytes >= 1024 ** 2 ? [bytes / 1024 ** 2, 'MB'] : bytes >= 1024 ? [bytes / 1024, 'KB'] : [bytes, 'B'];
  return `${Number.isInteger(amount) ? amount : formatNumber(amount)} ${unit}`;
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : formatNumber(seconds)} s`;
}

/** `12,345 (11,900–12,500)`: the median, and the lowest and highest run (when they differ). */
export function formatSpread(spread: Spread): string {
  if (spread.min === spread.max) return formatNumber(spread.median);
  return `${formatNumber(spread.median)} (${formatNumber(spread.min)}–${formatNumber(spread.max)})`;
}

/** `0.43×`: value divided by baseline; a dash when there is nothing to divide by. */
export function formatRatio(value: number, baseline: number | undefined): string {
  if (baseline === undefined || baseline === 0 || !Number.isFinite(value) || !Number.isFinite(baseline)) return '–';
  const ratio = value / baseline;
  return `${ratio.toFixed(ratio >= 10 ? 1 : 2)}×`;
}

export type Align = 'left' | 'right';

/** The usual report: the first column names a row (left), the others are figures (right). */
export const namesThenFigures = (columns: number): Align[] => Array.from({ length: columns }, (_, column) => (column === 0 ? 'left' : 'right'));

/** A Markdown table with padded columns; `align` says how each column lines up. */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>, align: readonly Align[] = namesThenFigures(headers.length)): string {
  const widths = headers.map((header, column) => Math.max(header.length, 3, ...rows.map((row) => (row[column] ?? '').length)));
  const pad = (cell: string, column: number) => (align[column] === 'right' ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!));
  const line = (cells: readonly string[]) => `| ${headers.map((_, column) => pad(cells[column] ?? '', column)).join(' | ')} |`;
  const rule = `| ${widths.map((width, column) => (align[column] === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
