/**
 * similarity.html: the pairs at or above the threshold, most similar first, each with the two
 * sides' files next to each other and the code they share marked; before them, the groups of
 * three or more students who share code. One file, no script, nothing fetched: it opens from a
 * disk or a mail. Every student's file is hostile input, so everything from a submission is escaped.
 */
import { escapeHtml } from '../feedback-html.ts';
import type { Cluster } from './clusters.ts';
import { kgramLength, kgramsInWindow, type ComparedPair, type SharedFragment } from './compare.ts';
import type { Document } from './tokenize.ts';

export interface HtmlReport {
  threshold: number;
  exercises: string[];
  /** How many pairs were compared in all. */
  compared: number;
  /** At or above the threshold, most similar first, each with what to show. */
  flagged: ComparedPair[];
  clusters: Cluster[];
  notes: string[];
}

/** Pairs shown side by side, the most similar first; a class that all handed in one file would otherwise make a page of gigabytes. */
export const sideBySide = 100;
/** Pairs linked from a group's entry. */
const linksPerGroup = 20;

const percent = (similarity: number) => `${Math.round(similarity * 100)}%`;

/** The file and line (1-based) of a line of a document made of several files. */
function where(document: Document, row: number): { name: string; line: number } {
  const start = [...document.starts].reverse().find((one) => one.line <= row) ?? { name: '', line: 0 };
  return { name: start.name, line: row - start.line + 1 };
}

function span(document: Document, range: { from: number; to: number }): string {
  const from = where(document, range.from);
  const to = where(document, range.to);
  const lines = from.line === to.line ? `line ${from.line}` : `lines ${from.line}-${to.line}`;
  return document.starts.length > 1 ? `${from.name} ${lines}` : lines;
}

/** One side's files, line by line, each line of a shared fragment marked with the fragment's number. */
function codeTable(document: Document, ranges: { from: number; to: number }[]): string {
  const marks = new Map<number, number>();
  ranges.forEach((range, i) => {
    for (let row = range.from; row <= range.to; row++) if (!marks.has(row)) marks.set(row, i + 1);
  });
  const lines = document.tokenized.lines;
  const count = lines.at(-1) === '' ? lines.length - 1 : lines.length;
  const rows: string[] = [];
  for (let row = 0; row < count; row++) {
    const start = document.starts.find((one) => one.line === row);
    if (start) rows.push(`<tr><th colspan="3">${escapeHtml(start.name)}</th></tr>`);
    const mark = marks.get(row);
    const attributes = mark ? ` class="f${mark % 2}" title="shared fragment ${mark}"` : '';
    rows.push(`<tr${attributes}><td class="n">${where(document, row).line}</td><td class="m">${mark ?? ''}</td><td>${escapeHtml(lines[row] ?? '')}</td></tr>`);
  }
  return `<table class="code">${rows.join('\n')}</table>`;
}

function fragmentList(pair: ComparedPair, shown: NonNullable<ComparedPair['shown']>): string {
  if (shown.fragments.length === 0) return '';
  const item = (fragment: SharedFragment, i: number) => `${i + 1}: ${span(shown.a, fragment.a)} of ${pair.a}, ${span(shown.b, fragment.b)} of ${pair.b}`;
  const items = shown.fragments.map((fragment, i) => `<li>${escapeHtml(item(fragment, i))}</li>`);
  return `<details><summary>${shown.fragments.length} shared fragment${shown.fragments.length === 1 ? '' : 's'}</summary><ol class="plain">${items.join('')}</ol></details>`;
}

function pairSection(pair: ComparedPair, rank: number): string {
  const shown = pair.shown;
  if (!shown) return '';
  const left = codeTable(
    shown.a,
    shown.fragments.map((fragment) => fragment.a),
  );
  const right = codeTable(
    shown.b,
    shown.fragments.map((fragment) => fragment.b),
  );
  return `<section id="pair-${rank}">
<h2>${rank}. ${escapeHtml(pair.exercise)}: ${escapeHtml(pair.a)} and ${escapeHtml(pair.b)}, ${percent(pair.similarity)}</h2>
<p>Similarity ${pair.similarity.toFixed(2)}; the longest shared fragment is ${pair.longestLines} line${pair.longestLines === 1 ? '' : 's'}.</p>
${fragmentList(pair, shown)}
<div class="sides">
<div><h3>${escapeHtml(pair.a)}</h3>${left}</div>
<div><h3>${escapeHtml(pair.b)}</h3>${right}</div>
</div>
</section>`;
}

/** A link to a pair's side-by-side section, or just its text where it has none. */
function pairLink(pair: ComparedPair, rank: number, text: string): string {
  return rank <= sideBySide && pair.shown ? `<a href="#pair-${rank}">${escapeHtml(text)}</a>` : escapeHtml(text);
}

function clusterList(clusters: Cluster[], rankOf: Map<object, number>): string {
  if (clusters.length === 0) return '';
  const items = clusters.map((cluster) => {
    const links = cluster.pairs.slice(0, linksPerGroup).map((pair) => pairLink(pair, rankOf.get(pair) ?? 0, `${pair.a} and ${pair.b} (${percent(pair.similarity)})`));
    const more = cluster.pairs.length > linksPerGroup ? `, and ${cluster.pairs.length - linksPerGroup} more pairs` : '';
    return `<li><strong>${escapeHtml(cluster.exercise)}: ${cluster.students.length} students</strong>, ${cluster.students.map(escapeHtml).join(', ')}<br>${links.join(', ')}${more}</li>`;
  });
  return `<h2>Groups of three or more students</h2>
<p>Students linked by similar pairs on the same exercise, directly or through one another.</p>
<ul>${items.join('\n')}</ul>`;
}

const style = `body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;padding:0 1rem;max-width:110rem;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}
.sides{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.sides>div{overflow-x:auto;min-width:0}
table.code{font:13px/1.4 ui-monospace,monospace;width:100%}table.code td{border:0;padding:0 .4rem;white-space:pre;vertical-align:top}
table.code th{background:#eee;font-family:system-ui,sans-serif}.n,.m{color:#888;text-align:right;user-select:none}
.f1{background:#ffe08a}.f0{background:#b8e0ff}section{border-top:1px solid #ddd;margin-top:2rem}
.note{background:#fff8c5;padding:.5rem}ol.plain{margin:.25rem 0}`;

export function similarityHtml(report: HtmlReport): string {
  const rankOf = new Map<object, number>(report.flagged.map((pair, i) => [pair, i + 1]));
  const rows = report.flagged.map(
    (pair, i) =>
      `<tr><td>${pairLink(pair, i + 1, String(i + 1))}</td><td>${escapeHtml(pair.exercise)}</td><td>${escapeHtml(pair.a)}</td><td>${escapeHtml(pair.b)}</td><td>${pair.similarity.toFixed(2)}</td><td>${pair.longestLines}</td></tr>`,
  );
  const table = rows.length
    ? `<table><tr><th>#</th><th>exercise</th><th>student A</th><th>student B</th><th>similarity</th><th>longest shared fragment (lines)</th></tr>\n${rows.join('\n')}</table>`
    : `<p>No pair is at or above ${report.threshold.toFixed(2)}.</p>`;
  const sections = report.flagged
    .slice(0, sideBySide)
    .map((pair, i) => pairSection(pair, i + 1))
    .join('\n');
  const notes = report.notes.map((note) => `<p class="note">${escapeHtml(note)}</p>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Similarity of ${escapeHtml(report.exercises.join(', '))}</title>
<style>${style}</style>
</head>
<body>
<h1>Similarity of ${escapeHtml(report.exercises.join(', '))}</h1>
<p>${report.compared} pairs compared: every two students, and each student with the reference solution and with the untouched starter.
${report.flagged.length} at or above the threshold, ${report.threshold.toFixed(2)}. The starter is subtracted from the first two kinds, so the code every
student starts from counts for nothing; names, literals, comments and layout are not compared, so renaming a variable changes nothing.
(Dolos's winnowing: k-grams of ${kgramLength} tokens of the syntax tree, one in every ${kgramsInWindow} kept.) All pairs are in similarity.csv.</p>
<p><strong>This is never part of the points.</strong> A similar pair is a reason to look at the two files, not proof that anyone copied:
a short exercise has few ways to be solved.</p>
${notes}
${clusterList(report.clusters, rankOf)}
<h2>Pairs at or above ${report.threshold.toFixed(2)}</h2>
${table}
${report.flagged.length > sideBySide ? `<p class="note">The ${sideBySide} most similar pairs are shown side by side below; the other ${report.flagged.length - sideBySide} are in the table above, and every pair is in similarity.csv.</p>` : ''}
${sections}
</body>
</html>
`;
}
