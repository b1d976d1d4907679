/**
 * The Markdown of the pages that have no Markdown file of their own: the home page's path through
 * the course, the list of commands, the failure-message reference, the solutions, the search page
 * and the pages that show the workbook's code. Links in here start with `/`: they name a file
 * from the workbook's root, and the build turns them into site links like any other.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Exercise, Lesson } from './course.ts';
import { readRepoFile, repoFileExists } from './course.ts';
import { failureGroups, failureNotes } from './failure-notes.ts';
import { languageOf } from './markdown.ts';
import { listFolder, root } from './site-paths.ts';

/** The sections of an exercise page that are reference more than task: folded, a click away. */
const FOLDED_SECTIONS = ['Run it by hand', 'When a check fails'];

/**
 * An exercise page starts with the task, the way a CodeCrafters stage does: what to build (the
 * README's first paragraph), which file to edit, and the two commands that check it. The
 * README's details follow, with its reference sections folded.
 */
export function exerciseMarkdown(exercise: Exercise, lesson: { title: string; source: string } | undefined): string {
  const readme = readRepoFile(exercise.source);
  const title = /^# (.*)$/m.exec(readme)?.[1] ?? `${exercise.id}: ${exercise.title}`;
  const body = withoutTitle(readme).replace(/^\s*\n/, '');
  const [intro = '', rest = ''] = splitAtFirstBlankLine(body);
  const files = exercise.editFiles.map((file) => `\`${file}\``).join(', ') || 'the starter files';
  const meta = [`${exercise.points} points`, lesson && `from [${lesson.title}](/${lesson.source})`].filter(Boolean).join(' · ');
  return `# ${title}

<section class="task" aria-label="The task">

<p class="task-kicker">Your task</p>

${intro}

- **Edit** ${files} in \`exercises/${exercise.slug}/\`.
- **Work on it:** \`pnpm workbook watch ${exercise.id}\` runs the checks every time you save.
- **Check it once:** \`pnpm test exercises/${exercise.id}\`

${meta}

</section>

${foldSections(rest, FOLDED_SECTIONS)}`;
}

function splitAtFirstBlankLine(markdown: string): [string, string] {
  const at = markdown.search(/\n\s*\n/);
  return at === -1 ? [markdown, ''] : [markdown.slice(0, at), markdown.slice(at).replace(/^\s*\n/, '')];
}

/** Wraps each `## Heading` section named in `headings` in a <details>, its heading as the summary. */
export function foldSections(markdown: string, headings: string[]): string {
  const out: string[] = [];
  let inFence = false;
  let folding = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence && /^## /.test(line)) {
      if (folding) out.push('', '</details>', '');
      folding = headings.includes(line.slice(3).trim());
      if (folding) out.push('<details class="fold"><summary>', '', line, '', '</summary>', '');
      else out.push(line);
      continue;
    }
    out.push(line);
  }
  if (folding) out.push('', '</details>', '');
  return out.join('\n');
}

/** A fence long enough that no run of backticks inside the code can close it early. */
export function fenced(code: string, language: string): string {
  const longestRun = Math.max(2, ...(code.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence}${language}\n${code.replace(/\n?$/, '\n')}${fence}`;
}

/** Drops the first `# heading` of a Markdown text, for pages that put their own heading on top. */
export function withoutTitle(markdown: string): string {
  return markdown.replace(/^\s*# .*\n/, '');
}

export function lessonTitle(lesson: Lesson, headings: Map<string, string>): string {
  return headings.get(lesson.source) ?? lesson.slug;
}

/** What \`pnpm workbook run\` takes for a lesson: lesson-04 for lesson-04-file-server. */
function runName(lesson: Lesson): string {
  return lesson.packageName.slice(0, 'lesson-NN'.length);
}

/**
 * How to run a lesson's program, as its package README first shows it: lesson 8's client needs
 * the address to fetch (`pnpm workbook run lesson-08 -- http://localhost:8080/`), lesson 7 a model.
 */
function runCommand(lesson: Lesson): string {
  const readme = `packages/${lesson.packageName}/README.md`;
  const plain = `pnpm workbook run ${runName(lesson)}`;
  if (!repoFileExists(readme)) return plain;
  const shown = new RegExp(`${plain}(?![\\w-])[^\\n\`#]*`).exec(readRepoFile(readme))?.[0];
  return (shown ?? plain).trim();
}

export function homeMarkdown(lessons: Lesson[], exercises: Exercise[], headings: Map<string, string>): string {
  const steps = lessons.map((lesson) => {
    const own = exercises.filter((exercise) => exercise.lesson === lesson.packageName);
    const exerciseLines = own.map((exercise) => `- [${exercise.id}: ${exercise.title}](/${exercise.source}) (${exercise.points} points)`);
    return [
      `### [${lessonTitle(lesson, headings)}](/${lesson.source})`,
      '',
      `Run the lesson's program: \`${runCommand(lesson)}\``,
      '',
      ...(exerciseLines.length > 0 ? exerciseLines : ['No exercise yet for this step.']),
    ].join('\n');
  });
  const unplaced = exercises.filter((exercise) => !lessons.some((lesson) => lesson.packageName === exercise.lesson));
  const docsReadme = withoutTitle(readRepoFile('docs/README.md'));
  return `# HTTP Workbook

Learn how web servers work by building them, one small step at a time, in TypeScript.

You start with a bare TCP socket and a few bytes. You end with servers that handle files, forms,
many clients at once, and clients of your own. Every step is a complete program: you run it, read
it from top to bottom, and try it with a browser and with \`curl\`. Every exercise is checked by
tests that start **your** server as a real program and talk to it over real HTTP.

## Who it is for

You can write a little JavaScript or TypeScript: a function, an \`if\`, a loop. You have used a
terminal. You do not need to know anything about networks or HTTP yet: that is what the course
teaches.

## What to install

- [Node.js](https://nodejs.org) 20.18 or newer, and git.
- A browser and \`curl\` (Windows 10 and newer, macOS and Linux all include \`curl\`).

Then, in the workbook's folder:

\`\`\`sh
npm run setup
\`\`\`

This makes the \`pnpm\` command available, installs the workbook's packages, and shows your
progress board. \`pnpm start\` shows it again at any time, with the command to run next.

When a check fails and the message is not enough, the
[failure messages page](/packages/testkit/test/golden) explains each one, and what to do when
your program does not start at all.

${docsReadme}

## Your path, step by step

${steps.join('\n\n')}
${unplaced.length > 0 ? `\n### More exercises\n\n${unplaced.map((exercise) => `- [${exercise.id}: ${exercise.title}](/${exercise.source})`).join('\n')}\n` : ''}`;
}

/** README.md's own "Commands" table, then a command for every lesson and every exercise. */
export function commandsMarkdown(lessons: Lesson[], exercises: Exercise[]): string {
  const readme = readRepoFile('README.md');
  const section = /^## Commands\s*\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1] ?? '';
  const lessonRows = lessons.map((lesson) => `| \`pnpm workbook run ${runName(lesson)}\` | Run the server of [${lesson.slug}](/${lesson.source}) |`);
  const testRows = lessons.map((lesson) => `| \`pnpm test packages/${lesson.packageName}\` | The lesson's own tests |`);
  const exerciseRows = exercises.map(
    (exercise) =>
      `| \`pnpm workbook watch ${exercise.id}\` | Work on [${exercise.id}: ${exercise.title}](/${exercise.source}): its checks run on every save (once: \`pnpm test exercises/${exercise.id}\`) |`,
  );
  return `# Every command

Run these from the workbook's folder. Each one is a whole line you can copy and paste.

## The main commands

${section.trim()}

## Run a lesson's server

Every server listens on port 8080; \`--port\` picks another: \`pnpm workbook run lesson-01 --port 9000\`.
Press Ctrl+C to stop it. Your own exercise's server starts the same way: \`pnpm workbook run ex02\`.

| Command | What it does |
| --- | --- |
${lessonRows.join('\n')}

## Work on an exercise

Leave the watch command running while you edit: \`h\` shows a hint, \`n\` goes to the next
exercise once every check passes, \`q\` quits. After it passes, \`pnpm workbook solution ex02\`
shows the reference solution.

| Command | What it does |
| --- | --- |
${exerciseRows.join('\n')}

## Test a lesson

| Command | What it does |
| --- | --- |
${testRows.join('\n')}
`;
}

export const GOLDEN_FOLDER = 'packages/testkit/test/golden';

/** The kit's failure messages, from its golden files, each with what it means and what to try. */
export function failuresMarkdown(warn: (line: string) => void): string {
  const noted = Object.keys(failureNotes);
  const rank = (name: string) => (noted.includes(name) ? noted.indexOf(name) : noted.length);
  const names = readdirSync(path.join(root, GOLDEN_FOLDER))
    .filter((file) => file.endsWith('.txt'))
    .map((file) => file.slice(0, -'.txt'.length))
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const name of noted) {
    if (!names.includes(name)) warn(`src/failure-notes.ts explains ${name}, but there is no ${GOLDEN_FOLDER}/${name}.txt (remove the note, or restore the golden file)`);
  }
  const groupOf = (name: string) => failureGroups.find((group) => group.prefix && name.startsWith(group.prefix)) ?? failureGroups.find((group) => !group.prefix);
  const groups = failureGroups.map((group) => {
    const sections = names.filter((name) => groupOf(name) === group).map((name) => failureSection(name, warn));
    return sections.length ? `## ${group.heading}\n\n${group.intro}\n\n${sections.join('\n\n')}` : '';
  });
  return `# When a test fails: the test kit's messages

Every check of an exercise talks to your server over real sockets. When one fails, the test kit
prints what it sent, what came back, byte for byte, and often a hint; when your program does not
even start, it says why. This page shows each kind of message exactly as the kit prints it, with
what it means and what to try. The addresses, ports and file paths in yours will differ:
\`<exercise>\` stands for your exercise's folder.

Strings are shown with escapes: \`\\r\\n\` is the two bytes carriage return and line feed, and
\`\\xe9\` is one byte written in hexadecimal.

${groups.filter(Boolean).join('\n\n')}
`;
}

function failureSection(name: string, warn: (line: string) => void): string {
  const file = `${name}.txt`;
  const message = readFileSync(path.join(root, GOLDEN_FOLDER, file), 'utf8');
  const note = failureNotes[name];
  if (!note) warn(`no explanation yet for the failure message ${GOLDEN_FOLDER}/${file} (add one to src/failure-notes.ts)`);
  const hint = /^Hint: (.*)$/m.exec(message)?.[1];
  const tryThis = note?.tryThis ?? (hint ? [hint] : ['Read the message from the top: it says what was expected, then what came back.']);
  return `### ${note?.title ?? name}

<div class="failure">

${fenced(message, 'text')}

</div>

**What it means.** ${note?.meaning ?? 'See the first line of the message.'}

**What to try.**

${tryThis.map((step) => `- ${step}`).join('\n')}`;
}

export function solutionMarkdown(exercise: Exercise): string {
  const folder = exercise.solutionFolder ?? '';
  const files = listFolder(folder)
    .filter((entry) => !entry.folder)
    .map((entry) => `${folder}/${entry.name}`);
  return `# The solution to ${exercise.id}: ${exercise.title}

> **This is the reference solution.** Reading it before you have tried takes away the part
> where you learn. Stuck? The hints on [the exercise page](/${exercise.source}) come first.

Your solution does not need to look like this one. If the checks pass, it works. Compare the
two afterwards: a different way of doing the same thing is worth understanding.

Check this solution yourself: \`pnpm test solutions/${exercise.id}\`

${files.map((file) => `<!-- include: ${file} -->`).join('\n\n')}
`;
}

export function searchMarkdown(): string {
  return `# Search

<p id="search-status">Searching…</p>

<ol id="search-results"></ol>
`;
}

/** A page showing one file of the workbook, so links from the lessons lead somewhere readable. */
export function codeFileMarkdown(repoPath: string): string {
  const bytes = readFileSync(path.join(root, repoPath));
  const folder = path.posix.dirname(repoPath);
  const body = bytes.includes(0)
    ? `This file holds binary data (${bytes.length} bytes); open it from the workbook's folder.`
    : fenced(bytes.toString('utf8'), languageOf(repoPath));
  return `# \`${repoPath}\`

In the folder [${folder}/](/${folder}). This is the file as it is in the workbook today.

${body}
`;
}

/** A page for a folder of the workbook: its README (if it has one) and the files in it. */
export function codeFolderMarkdown(repoPath: string): { markdown: string; source: string } {
  const readmePath = `${repoPath}/README.md`;
  const files = listFolder(repoPath)
    .map((entry) => `- [${entry.name}${entry.folder ? '/' : ''}](/${repoPath}/${entry.name})`)
    .join('\n');
  const listing = `## The files in \`${repoPath}/\`\n\n<div class="files">\n\n${files}\n\n</div>\n`;
  if (repoFileExists(readmePath)) return { markdown: `${readRepoFile(readmePath)}\n\n${listing}`, source: readmePath };
  return { markdown: `# \`${repoPath}/\`\n\n${listing}`, source: `${repoPath}/` };
}
