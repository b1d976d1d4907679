/**
 * `pnpm grade gradescope-autograder --out autograder.zip`: the zip a Gradescope programming
 * assignment takes as its autograder ("Configure Autograder", "Zip file upload"). At its top,
 * as Gradescope wants them, setup.sh and run_autograder (gradescope-scripts.ts); beside them the
 * workbook as git sees it, without solutions/ (grading never reads them), and the instructor's
 * hidden tests in grading/, where `pnpm grade` looks for them. Gradescope unpacks it all into
 * /autograder/source.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { zipSync, type Zippable } from 'fflate';
import { UsageError } from '@workbook/course';
import { pc } from '@workbook/testkit/color';
import { fromWhereTyped } from '../options.ts';
import { chooseExercises, hiddenTestsFolder, platformCommand, shownPath } from './platform-options.ts';
import { runScript, setupScript } from './gradescope-scripts.ts';
import { folderFiles, workbookFiles, type WorkbookFile } from './workbook-files.ts';

export const gradescopeUsage = `Usage: pnpm grade gradescope-autograder [--out autograder.zip] [options]

Writes the zip a Gradescope programming assignment takes as its autograder: setup.sh (installs
Node 20 and the workbook's packages when Gradescope builds the image), run_autograder (grades
each submission with pnpm grade --no-sandbox and writes Gradescope's results.json), the workbook
as git sees it (without solutions/), and your hidden tests.

Options:
  --out <file>              where the zip goes (default: autograder.zip)
  --exercises <ex01,...>    the exercises this assignment grades (default: all of them)
  --hidden <folder>         your hidden tests, <folder>/<exercise>/*.test.ts (default: grading/
                            beside the workbook, if there is one)
  --help                    this text

What students upload, and the clicks on Gradescope: docs/instructors.md, "On Gradescope".`;

/** Unix permissions in a zip entry, so that Gradescope's unzip keeps the scripts executable. */
const unixFile = (executable: boolean) => ({ os: 3, attrs: (0o100000 | (executable ? 0o755 : 0o644)) * 0x10000 });

function entry(data: Uint8Array, executable: boolean, mtime?: Date): Zippable[string] {
  return [data, { ...unixFile(executable), ...(mtime && { mtime }) }];
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function build(args: string[]): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, exercises: { type: 'string', multiple: true }, hidden: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    console.log(gradescopeUsage);
    return 0;
  }
  if (positionals.length)
    throw new UsageError(
      `gradescope-autograder takes no folder, only options; got ${positionals.join(' ')}. Say where the zip goes with --out autograder.zip.`,
      'ERR_GRADE_USAGE',
    );
  const out = fromWhereTyped(values.out ?? 'autograder.zip');
  if (existsSync(out) && statSync(out).isDirectory())
    throw new UsageError(`--out takes the zip file to write, such as --out autograder.zip; ${values.out} is a folder.`, 'ERR_GRADE_USAGE');
  const exercises = chooseExercises(values.exercises);
  const hidden = hiddenTestsFolder(values.hidden);

  const files: WorkbookFile[] = [...workbookFiles(['solutions', 'grading', 'setup.sh', 'run_autograder'], [out]), ...(hidden ? folderFiles(hidden, 'grading') : [])];
  const zip: Zippable = {
    'setup.sh': entry(new TextEncoder().encode(setupScript(exercises?.map((e) => e.id))), true),
    run_autograder: entry(new TextEncoder().encode(runScript(exercises?.map((e) => e.id))), true),
  };
  for (const file of files) zip[file.name] = entry(readFileSync(file.source), file.executable, statSync(file.source).mtime);
  const data = zipSync(zip, { level: 9 });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, data);

  const hiddenCount = hidden ? files.filter((file) => file.name.startsWith('grading/') && file.name.endsWith('.test.ts')).length : 0;
  const grades = exercises ? exercises.map((e) => e.id).join(', ') : 'every exercise';
  console.log(`Wrote ${pc.bold(shownPath(out))} (${megabytes(data.length)}, ${files.length + 2} files): it grades ${grades}.`);
  console.log(`  setup.sh, run_autograder, the workbook${hidden ? `, ${hiddenCount} hidden test file${hiddenCount === 1 ? '' : 's'} from ${hidden}` : ', no hidden tests'}`);
  console.log('Upload it in the assignment\'s Configure Autograder page: docs/instructors.md, "On Gradescope".');
  return 0;
}

export const run = platformCommand(build, gradescopeUsage);
