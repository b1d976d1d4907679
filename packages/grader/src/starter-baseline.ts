/**
 * Which official checks the untouched starters already pass. A check a student passes without
 * writing a line measures nothing of theirs, so it is worth no points and its share goes to the
 * checks the starter fails (points.ts). The grader finds them the honest way: it grades the
 * starters themselves, in the same sandbox as everyone, before the class. The answer is kept in
 * `<out>/starters.json`, so --resume and a second run with the same tests do not ask again.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { starterCopy, type Exercise } from '@workbook/course';
import { allowances, type GradeSettings } from './grade-submission.ts';
import { gradingFolder, prepareCopy, studentFiles } from './isolated-copy.ts';
import { runTests } from './run-tests.ts';
import { GraderError } from './grader-error.ts';

/** Test names by exercise slug. */
export type StarterPasses = Map<string, Set<string>>;

interface Stored {
  key: string;
  passes: Record<string, string[]>;
}

const storedFile = (out: string) => path.join(out, 'starters.json');

function read(out: string, key: string): StarterPasses | undefined {
  try {
    const stored = JSON.parse(readFileSync(storedFile(out), 'utf8')) as Stored;
    if (stored.key !== key) return undefined;
    return new Map(Object.entries(stored.passes).map(([slug, names]) => [slug, new Set(names)]));
  } catch {
    return undefined;
  }
}

/** A submission made of nothing but the starters' pristine copies (exercises/<slug>/.starter/). */
function starterSubmission(runId: string, exercises: Exercise[]): string {
  const dir = path.join(gradingFolder(runId), 'untouched-starters-src');
  for (const exercise of exercises) {
    for (const name of studentFiles(exercise)) {
      const pristine = starterCopy(exercise, name);
      if (!existsSync(pristine)) {
        throw new GraderError(
          `exercises/${exercise.slug}/.starter/${name} is missing, so the grader cannot tell which checks its starter passes. Run: pnpm workbook starters --update`,
        );
      }
      mkdirSync(path.dirname(path.join(dir, exercise.slug, name)), { recursive: true });
      cpSync(pristine, path.join(dir, exercise.slug, name));
    }
  }
  return dir;
}

export async function findStarterPasses(exercises: Exercise[], key: string, out: string, settings: GradeSettings): Promise<StarterPasses> {
  const stored = read(out, key);
  if (stored) return stored;
  const source = starterSubmission(settings.runId, exercises);
  const copy = prepareCopy(settings.runId, { student: 'untouched-starters', dir: source, exercisesDir: source }, exercises);
  try {
    const run = await runTests(copy, {
      ...settings,
      tag: `${settings.runId}/untouched-starters`,
      seed: 1,
      eventsDir: `${copy.dir}.events`,
      allow: allowances(exercises),
    });
    const passes: StarterPasses = new Map(
      exercises.map((exercise) => {
        const tests = run.exercises.get(exercise.slug)?.tests ?? [];
        return [exercise.slug, new Set(tests.filter((test) => test.state === 'passed').map((test) => test.name))];
      }),
    );
    const stored: Stored = { key, passes: Object.fromEntries([...passes].map(([slug, names]) => [slug, [...names]])) };
    writeFileSync(storedFile(out), `${JSON.stringify(stored, null, 2)}\n`);
    return passes;
  } finally {
    for (const folder of [source, copy.dir, `${copy.dir}.events`, `${copy.dir}.source`]) rmSync(folder, { recursive: true, force: true });
  }
}
