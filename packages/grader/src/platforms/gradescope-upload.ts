/**
 * Where a student's files are in what Gradescope puts in /autograder/submission: whatever they
 * uploaded (Gradescope unpacks a zip), or the repository they picked. Any of these:
 *
 *   a copy of the workbook        exercises/ex02-happy-server/server.ts
 *   the contents of exercises/    ex02-happy-server/server.ts
 *   either, one folder down       http-workbook-main/exercises/..., as a zip of a folder holds it
 *   the files alone               server.ts: taken for the one exercise of the assignment that has
 *                                 a file of that name
 *
 * The first three are copied as they are (the grader takes from them only the files each
 * exercise.json lists); loose files are put in their exercise's folder. What cannot be placed is
 * said in a note, which the student reads at the top of their results.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileNames, type Exercise } from '@workbook/course';

/** Never the student's work, and sometimes large: a zip made on a Mac carries __MACOSX/. */
const notWork = new Set(['node_modules', '.git', '__MACOSX']);

const isExerciseFolder = (name: string) => /^ex\d\d-/.test(name);

function entries(dir: string) {
  return readdirSync(dir, { withFileTypes: true }).filter((entry) => !notWork.has(entry.name) && !entry.name.startsWith('.'));
}

function holdsExercises(dir: string): boolean {
  const inside = path.join(dir, 'exercises');
  if (existsSync(inside) && statSync(inside).isDirectory()) return true;
  return entries(dir).some((entry) => entry.isDirectory() && isExerciseFolder(entry.name));
}

/** The folder the upload's work is in: itself, or the one folder it holds. */
function workFolder(upload: string): string {
  const folders = entries(upload).filter((entry) => entry.isDirectory());
  const files = entries(upload).filter((entry) => entry.isFile());
  return folders.length === 1 && files.length === 0 && folders[0] ? path.join(upload, folders[0].name) : upload;
}

const copyWork = (from: string, to: string) => cpSync(from, to, { recursive: true, filter: (source) => !notWork.has(path.basename(source)) });

function listed(names: string[]): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

/**
 * Copies the student's work from `upload` into `into`, laid out as the grader reads a submission,
 * and returns the notes for the student (none when everything was found).
 */
export function arrangeUpload(upload: string, exercises: Exercise[], into: string): string[] {
  mkdirSync(into, { recursive: true });
  if (!existsSync(upload)) return ['Nothing was uploaded.'];
  const work = holdsExercises(upload) ? upload : workFolder(upload);
  if (holdsExercises(work)) {
    copyWork(work, into);
    return [];
  }

  const notes: string[] = [];
  let placed = 0;
  for (const entry of entries(work).filter((entry) => entry.isFile())) {
    const owners = exercises.filter((exercise) => fileNames(exercise).includes(entry.name));
    const [owner] = owners;
    if (owners.length === 1 && owner) {
      mkdirSync(path.join(into, owner.slug), { recursive: true });
      cpSync(path.join(work, entry.name), path.join(into, owner.slug, entry.name));
      placed++;
    } else if (owner) {
      notes.push(
        `${entry.name} could be the file of ${listed(owners.map((exercise) => exercise.id))}, so it was not graded: upload it in its exercise's folder ` +
          `(such as ${owner.slug}/${entry.name}), or upload your whole exercises/ folder.`,
      );
    }
  }
  if (placed === 0 && notes.length === 0) {
    const example = exercises[0] && `${exercises[0].slug}/${fileNames(exercises[0], 'edit')[0] ?? ''}`;
    notes.push(`Nothing to grade was found in what you uploaded. Upload your exercises/ folder (or the whole workbook)${example ? `, with files such as ${example}` : ''}.`);
  }
  return notes;
}
