/** A student's feedback as Markdown: `feedback/<student>.md`, readable as plain text too. */
import type { CheckLine, ExerciseSection, Feedback } from './feedback-content.ts';
import { verdictLabels } from './verdicts.ts';

const marks = { passed: '✓', failed: '✗', 'not-run': '○' } as const;

/** Text that Markdown must show as it is: a test name may hold `*`, `_` or `|`. */
function plain(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (char) => `\\${char}`);
}

/** A code block whose fence is longer than any run of backticks inside it. */
function codeBlock(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text}\n${fence}`;
}

function checkLine(check: CheckLine): string {
  return `- ${marks[check.status]} ${plain(check.name)} (${check.points})${check.status === 'not-run' ? ', not run' : ''}`;
}

function exerciseSection(section: ExerciseSection): string {
  const parts = [`## ${section.id} ${plain(section.title)}: ${verdictLabels[section.verdict]} (${section.points})`];
  if (section.hint) parts.push(section.hint);
  if (section.detail) parts.push(codeBlock(section.detail));
  if (section.verdict !== 'missing') parts.push(section.checks.map(checkLine).join('\n'));
  for (const check of section.checks.filter((c) => c.message)) {
    parts.push(`### ✗ ${plain(check.name)}`, codeBlock(check.message ?? ''));
  }
  for (const note of section.notes) parts.push(`> ${plain(note)}`);
  if (section.tryIt.length) {
    const [plain, seeded, powershell] = section.tryIt;
    parts.push(`Run the same checks yourself: \`${plain}\`, or with the very same random values as this grading: \`${seeded}\` (in PowerShell: \`${powershell}\`)`);
  }
  return parts.join('\n\n');
}

export function feedbackMarkdown(feedback: Feedback): string {
  const table = [
    '| Exercise | Verdict | Points |',
    '| --- | --- | --- |',
    ...feedback.sections.map((s) => `| ${s.id} ${plain(s.title)} | ${plain(s.summary)} | ${s.points} |`),
  ].join('\n');
  const notes = feedback.notes.length ? `\n\nFor your instructor:\n\n${feedback.notes.map((note) => `- ${plain(note)}`).join('\n')}` : '';
  const late = feedback.late ? `\n\n${plain(feedback.late)}` : '';
  return `# Feedback for ${plain(feedback.student)}\n\n**${feedback.total}**${late}\n\n${table}${notes}\n\n${feedback.sections.map(exerciseSection).join('\n\n')}\n`;
}
