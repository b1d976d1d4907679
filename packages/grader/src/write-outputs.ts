/**
 * Everything in the output folder besides results/, made from the results alone: after grading,
 * and again by `grade merge`. Each output folder is written afresh, so it never holds a file for a
 * student who is no longer in the gradebook.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { classroomEnv } from './classroom.ts';
import { feedbackFor } from './feedback-content.ts';
import { feedbackHtml } from './feedback-html.ts';
import { feedbackMarkdown } from './feedback-markdown.ts';
import { gradebookCsv } from './gradebook-csv.ts';
import { gradescopeJson } from './gradescope.ts';
import { junitXml } from './junit.ts';
import { resultsJson } from './results-json.ts';
import type { SubmissionResult } from './types.ts';

export const formats = ['junit', 'gradescope', 'classroom'] as const;
export type Format = (typeof formats)[number];

function freshFolder(out: string, name: string): string {
  const folder = path.join(out, name);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  return folder;
}

export function writeOutputs(out: string, results: SubmissionResult[], chosen: Format[]): void {
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'gradebook.csv'), gradebookCsv(results));
  writeFileSync(path.join(out, 'results.json'), resultsJson(results));

  const feedback = freshFolder(out, 'feedback');
  for (const result of results) {
    const content = feedbackFor(result);
    writeFileSync(path.join(feedback, `${result.student}.md`), feedbackMarkdown(content));
    writeFileSync(path.join(feedback, `${result.student}.html`), feedbackHtml(content));
  }
  for (const format of formats) rmSync(path.join(out, format), { recursive: true, force: true });
  if (chosen.includes('junit')) {
    const folder = freshFolder(out, 'junit');
    for (const result of results) writeFileSync(path.join(folder, `${result.student}.xml`), junitXml(result));
  }
  if (chosen.includes('gradescope')) {
    const folder = freshFolder(out, 'gradescope');
    for (const result of results) writeFileSync(path.join(folder, `${result.student}.json`), gradescopeJson(result));
  }
  if (chosen.includes('classroom')) {
    const folder = freshFolder(out, 'classroom');
    for (const result of results) {
      const { env, runners } = classroomEnv(result);
      writeFileSync(path.join(folder, `${result.student}.env`), env);
      writeFileSync(path.join(folder, `${result.student}.runners`), runners);
    }
  }
}
