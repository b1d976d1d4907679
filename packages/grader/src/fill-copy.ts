/**
 * The global setup of the grading config: in a sandbox, the submission's copy starts as an empty
 * file system of a fixed size (see sandbox.ts), and this fills it from the copy the grader
 * prepared, before any test starts. Without a sandbox the prepared copy is used as it is.
 */
import { cpSync } from 'node:fs';

export const sourceVariable = 'WORKBOOK_GRADING_SOURCE';
export const copyVariable = 'WORKBOOK_GRADING_COPY';

export default function fillCopy(): void {
  const source = process.env[sourceVariable];
  const copy = process.env[copyVariable];
  if (source && copy) cpSync(source, copy, { recursive: true });
}
