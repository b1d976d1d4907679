/**
 * The report's one page, as HTML: the students' table, the pass rate per check, the most common
 * failures. Every name and message in it came from a submission (a folder name, a server's
 * answer quoted by a test), so each is escaped, in text and in attributes alike. The page has no
 * script or style of its own inline: they are files the server sends (/report.js, /report.css),
 * which is what lets its Content-Security-Policy forbid every inline script.
 */
import { escapeHtml } from '../feedback-html.ts';
import { formatPoints } from '../points.ts';
import { verdictLabels } from '../verdicts.ts';
import type { Visibility } from './class-folder.ts';
import type { ClassReport, ExerciseRates, FailureGroup, StudentRow } from './class-report.ts';

/** How many failure groups the page lists; the rarer ones are in the students' feedback. */
export const FAILURES_SHOWN = 20;

export interface PageContext {
  /** The output folder, as the instructor gave it. */
  folder: string;
  /** The feedback pages there are: a student's name links to theirs only if it exists. */
  feedback: ReadonlySet<string>;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The address of a student's feedback page, relative to the page; any character of the name is safe in it. */
export const feedbackHref = (student: string) => `feedback/${encodeURIComponent(student)}.html`;

function studentLink(student: string, context: PageContext): string {
  const name = escapeHtml(student);
  return context.feedback.has(`${student}.html`) ? `<a href="${escapeHtml(feedbackHref(student))}">${name}</a>` : name;
}

function visibilityLabel(visibility: Visibility | undefined): string {
  if (visibility === undefined || visibility === 'visible') return '';
  return ` <span class="label">${escapeHtml(visibility.replace('-', ' '))}</span>`;
}

/** passed first, as a sort by status should put it. */
const statusRank = { passed: 0, partial: 1, failed: 2, missing: 3 } as const;

function studentsTable(report: ClassReport, context: PageContext): string {
  const maxTotal = formatPoints(report.exercises.reduce((sum, exercise) => sum + exercise.maxPoints, 0));
  const sortable = (label: string, type: 'text' | 'number', extra = '') => `<th scope="col" data-type="${type}"${extra}><button type="button">${label}</button></th>`;
  const head = [
    sortable('Student', 'text', ' aria-sort="ascending"'),
    ...report.exercises.map((e) => sortable(`${escapeHtml(e.id)} <span class="max">/ ${formatPoints(e.maxPoints)}</span>`, 'number', ` title="${escapeHtml(e.title)}"`)),
    sortable(`Total <span class="max">/ ${maxTotal}</span>`, 'number'),
    sortable('Percent', 'number'),
    sortable('Status', 'number'),
    '<th scope="col">Notes</th>',
  ];
  const row = (student: StudentRow) => {
    const cells = [
      `<th scope="row" data-value="${escapeHtml(student.student)}">${studentLink(student.student, context)}</th>`,
      ...report.exercises.map((listed) => {
        const exercise = student.exercises.find((e) => e.id === listed.id);
        if (!exercise) return '<td data-value="-1">–</td>';
        const verdict = exercise.verdict === 'passed' ? '' : ` <span class="verdict">${escapeHtml(verdictLabels[exercise.verdict] ?? exercise.verdict)}</span>`;
        return `<td class="${escapeHtml(exercise.verdict)}" data-value="${exercise.points}" title="${escapeHtml(exercise.summary)}">${formatPoints(exercise.points)}${verdict}</td>`;
      }),
      `<td data-value="${student.points}">${formatPoints(student.points)}</td>`,
      `<td data-value="${student.percent}">${student.percent}%</td>`,
      `<td class="status-${student.status}" data-value="${statusRank[student.status]}">${student.status}</td>`,
      `<td class="notes">${student.notes.map((note) => `<p>${escapeHtml(note)}</p>`).join('')}</td>`,
    ];
    return `<tr>${cells.join('')}</tr>`;
  };
  return `<table id="students-table">
<caption>Press a column's heading to sort by it, and again to reverse. A student's name opens their feedback.</caption>
<thead><tr>${head.join('')}</tr></thead>
<tbody>
${report.students.map(row).join('\n')}
</tbody>
</table>
<p id="sort-status" class="quiet" role="status"></p>`;
}

function ratesTable(rates: ExerciseRates, students: number): string {
  const handedIn = `handed in by ${rates.handedIn} of ${plural(students, 'student')}`;
  const row = (check: ExerciseRates['checks'][number]) => {
    const rate = check.handedIn ? Math.round((check.passed / check.handedIn) * 100) : 0;
    const starter = check.starterPasses ? ' <span class="label">the starter passes it: worth no points</span>' : '';
    const meter = check.handedIn ? `<meter min="0" max="${check.handedIn}" value="${check.passed}"></meter> ${rate}%` : '–';
    return (
      `<tr><th scope="row">${escapeHtml(check.name)}${visibilityLabel(check.visibility)}${starter}</th>` +
      `<td>${formatPoints(check.maxPoints)}</td><td class="passed-count">${check.passed} of ${check.handedIn}</td><td>${check.failed}</td><td>${check.notRun}</td>` +
      `<td class="rate">${meter}</td></tr>`
    );
  };
  return `<table class="checks" id="checks-${escapeHtml(rates.id)}">
<caption><strong>${escapeHtml(rates.id)}</strong> ${escapeHtml(rates.title)}: ${handedIn}</caption>
<thead><tr><th scope="col">Check</th><th scope="col">Points</th><th scope="col">Passed</th><th scope="col">Failed</th><th scope="col">Not run</th><th scope="col">Pass rate</th></tr></thead>
<tbody>
${rates.checks.map(row).join('\n')}
</tbody>
</table>`;
}

function failureItem(group: FailureGroup, context: PageContext): string {
  const what = group.check === undefined ? 'the whole program (every check)' : `“${escapeHtml(group.check)}”${visibilityLabel(group.visibility)}`;
  return `<li>
<p><strong>${plural(group.students.length, 'student')}</strong> · ${escapeHtml(group.exercise)} · ${what}</p>
<pre class="line">${escapeHtml(group.line)}</pre>
<p class="who">${group.students.map((student) => studentLink(student, context)).join(', ')}</p>
<details><summary>The whole message, as ${escapeHtml(group.example.student)} got it</summary><pre>${escapeHtml(group.example.message)}</pre></details>
</li>`;
}

function failuresList(report: ClassReport, context: PageContext): string {
  if (report.failures.length === 0) return '<p>No check failed.</p>';
  const shown = report.failures.slice(0, FAILURES_SHOWN);
  const rest = report.failures.length - shown.length;
  const more = rest > 0 ? `<p class="quiet">And ${plural(rest, 'rarer failure')}: each is in the feedback of its students.</p>` : '';
  return `<ol class="failures">\n${shown.map((group) => failureItem(group, context)).join('\n')}\n</ol>\n${more}`;
}

export function reportPage(report: ClassReport, context: PageContext): string {
  const ids = report.exercises.map((exercise) => escapeHtml(exercise.id)).join(', ') || 'no exercises';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The class: ${escapeHtml(context.folder)}</title>
<link rel="stylesheet" href="/report.css">
<script src="/report.js" defer></script>
</head>
<body>
<header>
<h1>The class</h1>
<p>${plural(report.students.length, 'student')} graded on ${ids}, from <code>${escapeHtml(context.folder)}</code>. Reload the page after grading again.</p>
<nav><a href="#students">Students</a> · <a href="#checks">Pass rate per check</a> · <a href="#failures">Most common failures</a></nav>
</header>
<main>
<h2 id="students">Students</h2>
${studentsTable(report, context)}
<h2 id="checks">Pass rate per check</h2>
<p class="quiet">Out of the students who handed the exercise in. Hidden tests are here in full, labelled: this page is yours, not the students'.</p>
${report.rates.map((rates) => ratesTable(rates, report.students.length)).join('\n')}
<h2 id="failures">Most common failures</h2>
<p class="quiet">Grouped by check and by the first line of the message, with the random paths, words and ports the tests sent shown as … and N.</p>
${failuresList(report, context)}
</main>
</body>
</html>
`;
}
