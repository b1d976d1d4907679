/**
 * A student's feedback as one HTML page: `feedback/<student>.html`, to open in a browser or send
 * by mail. Everything from a submission (names, messages holding the student's own output) is
 * escaped: a student's server that answers `<script>` must not put a script in this page.
 */
import type { CheckLine, ExerciseSection, Feedback } from './feedback-content.ts';
import { verdictLabels } from './verdicts.ts';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const marks = { passed: '✓', failed: '✗', 'not-run': '○' } as const;

function checkItem(check: CheckLine): string {
  const state = check.status === 'not-run' ? ', not run' : '';
  return `<li class="${check.status}">${marks[check.status]} ${escapeHtml(check.name)} <span class="points">(${escapeHtml(check.points)}${state})</span></li>`;
}

function exerciseSection(section: ExerciseSection): string {
  const parts = [
    `<section class="${section.verdict}">`,
    `<h2>${escapeHtml(section.id)} ${escapeHtml(section.title)}: ${verdictLabels[section.verdict]} <span class="points">(${escapeHtml(section.points)})</span></h2>`,
  ];
  if (section.hint) parts.push(`<p>${escapeHtml(section.hint)}</p>`);
  if (section.detail) parts.push(`<pre>${escapeHtml(section.detail)}</pre>`);
  if (section.verdict !== 'missing') parts.push(`<ul class="checks">${section.checks.map(checkItem).join('')}</ul>`);
  for (const check of section.checks.filter((c) => c.message)) {
    parts.push(`<h3>✗ ${escapeHtml(check.name)}</h3>`, `<pre>${escapeHtml(check.message ?? '')}</pre>`);
  }
  for (const note of section.notes) parts.push(`<p class="note">${escapeHtml(note)}</p>`);
  if (section.tryIt.length) {
    const [plain = '', seeded = '', powershell = ''] = section.tryIt.map(escapeHtml);
    parts.push(
      `<p>Run the same checks yourself: <code>${plain}</code>, or with the very same random values as this grading: <code>${seeded}</code> (in PowerShell: <code>${powershell}</code>)</p>`,
    );
  }
  parts.push('</section>');
  return parts.join('\n');
}

const style = `body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
pre{background:#f5f5f5;padding:.75rem;overflow-x:auto;white-space:pre-wrap}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
.passed{color:#1a7f37}.failed,.not-run{color:#a40e26}.points{color:#666;font-weight:normal}
section{border-top:1px solid #ddd;margin-top:1.5rem}ul.checks{list-style:none;padding-left:0}.note{background:#fff8c5;padding:.5rem}`;

export function feedbackHtml(feedback: Feedback): string {
  const rows = feedback.sections
    .map((s) => `<tr><td>${escapeHtml(s.id)} ${escapeHtml(s.title)}</td><td>${escapeHtml(s.summary)}</td><td>${escapeHtml(s.points)}</td></tr>`)
    .join('\n');
  const notes = feedback.notes.length ? `<p>For your instructor:</p>\n<ul>${feedback.notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Feedback for ${escapeHtml(feedback.student)}</title>
<style>${style}</style>
</head>
<body>
<h1>Feedback for ${escapeHtml(feedback.student)}</h1>
<p><strong>${escapeHtml(feedback.total)}</strong></p>${feedback.late ? `\n<p>${escapeHtml(feedback.late)}</p>` : ''}
<table><tr><th>Exercise</th><th>Verdict</th><th>Points</th></tr>
${rows}
</table>
${notes}
${feedback.sections.map(exerciseSection).join('\n')}
</body>
</html>
`;
}
