/**
 * Builds the course into a static website: one HTML page per lesson, per exercise and per
 * reference, the code pages they link to, the pictures, a search index, and the scripts that draw
 * the diagrams and search. Everything is made in memory first; a dead link stops the build before
 * a single file is written.
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadExercises, loadLessons, readRepoFile, repoFileExists, type Exercise } from './course.ts';
import {
  codeFileMarkdown,
  codeFolderMarkdown,
  commandsMarkdown,
  exerciseMarkdown,
  failuresMarkdown,
  GOLDEN_FOLDER,
  homeMarkdown,
  searchMarkdown,
  solutionMarkdown,
} from './generated-pages.ts';
import { escapeHtml, renderMarkdown, type LinkUse, type Problem, type RenderEnv, type Section } from './markdown.ts';
import { relativeLink, root, SiteMap, type CodePage } from './site-paths.ts';
import { renderPage, SITE_NAME, type OutlineEntry } from './template.ts';

export const DEFAULT_OUT_DIR = path.join(root, 'packages/docs-site/dist');

export type BuildOptions = {
  outDir?: string;
  /** Where warnings go (a golden file with no explanation yet, say). */
  warn?: (line: string) => void;
};

export type BuildResult = {
  outDir: string;
  /** The site path of every HTML page written, e.g. `lessons/01-raw-socket.html`. */
  pages: string[];
  /** The pages in reading order, as previous/next follows them. */
  readingOrder: string[];
  elapsedMs: number;
};

export class DeadLinkError extends Error {
  readonly code = 'ERR_DEAD_LINKS';
  readonly problems: Problem[];
  constructor(problems: Problem[]) {
    super(
      `The site was not built: ${problems.length} link${problems.length === 1 ? '' : 's'} lead nowhere.\n` +
        problems.map((problem) => `  ${problem.source}: ${problem.message}`).join('\n'),
    );
    this.problems = problems;
  }
}

/** One page, rendered, waiting to be poured into the template. */
type Page = {
  sitePath: string;
  title: string;
  body: string;
  source?: string;
  hasDiagram: boolean;
  sections: Section[];
  /** Solutions and code pages stay out of the search and the reading order. */
  searchable: boolean;
  hidden?: boolean;
};

export function buildSite(options: BuildOptions = {}): BuildResult {
  const started = performance.now();
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  const warn = options.warn ?? ((line: string) => console.warn(`warning: ${line}`));
  const lessons = loadLessons();
  const exercises = loadExercises();
  const hasInstructors = repoFileExists('docs/instructors.md');

  // Where every main page lives, registered first so links to them find them.
  const siteMap = new SiteMap();
  siteMap.register('docs/README.md', 'index.html');
  siteMap.register('.', 'index.html');
  siteMap.register('docs', 'index.html');
  siteMap.register('docs/lessons', 'index.html');
  for (const lesson of lessons) siteMap.register(lesson.source, lesson.sitePath);
  for (const exercise of exercises) {
    siteMap.register(`exercises/${exercise.slug}`, exercise.sitePath);
    if (exercise.solutionFolder) siteMap.register(exercise.solutionFolder, exercise.solutionSitePath);
  }
  siteMap.register('exercises', 'index.html');
  siteMap.register(GOLDEN_FOLDER, 'failures.html');
  siteMap.register('docs/commands', 'commands.html');
  if (hasInstructors) siteMap.register('docs/instructors.md', 'instructors.html');
  siteMap.register('docs/real-network.md', 'real-network.html');
  siteMap.register('docs/where-this-comes-from.md', 'where-this-comes-from.html');

  const links: LinkUse[] = [];
  const problems: Problem[] = [];
  function render(markdown: string, source: string, sitePath: string) {
    const env: RenderEnv = { source, sitePath, siteMap, links, problems };
    return renderMarkdown(markdown, env);
  }
  function markdownPage(markdown: string, source: string, sitePath: string, extra: Partial<Page> = {}): Page {
    const rendered = render(markdown, source, sitePath);
    return {
      sitePath,
      source,
      title: rendered.title || SITE_NAME,
      body: rendered.html,
      hasDiagram: rendered.hasDiagram,
      sections: rendered.sections,
      searchable: true,
      ...extra,
    };
  }

  // The lessons first: the home page's path through the course uses their titles.
  const lessonPages = lessons.map((lesson) => markdownPage(readRepoFile(lesson.source), lesson.source, lesson.sitePath));
  const headings = new Map(lessons.map((lesson, index) => [lesson.source, lessonPages[index]!.title]));
  const exercisePages = new Map(exercises.map((exercise) => [exercise.slug, exercisePage(exercise)]));
  function exercisePage(exercise: Exercise): Page {
    const lesson = lessons.find((candidate) => candidate.packageName === exercise.lesson);
    const lessonLink = lesson && { title: headings.get(lesson.source) ?? lesson.slug, source: lesson.source };
    const page = markdownPage(exerciseMarkdown(exercise, lessonLink), exercise.source, exercise.sitePath);
    if (exercise.solutionFolder) page.body += solutionGate(exercise);
    return page;
  }

  const home = markdownPage(homeMarkdown(lessons, exercises, headings), 'docs/README.md', 'index.html');
  home.source = 'docs/README.md, exercises/*/exercise.json';
  const failures = markdownPage(failuresMarkdown(warn), `${GOLDEN_FOLDER}/`, 'failures.html');
  failures.source = `${GOLDEN_FOLDER}/*.txt`;
  const commands = markdownPage(commandsMarkdown(lessons, exercises), 'README.md', 'commands.html');
  commands.source = 'README.md (Commands), exercises/*/exercise.json';
  const instructors = hasInstructors ? markdownPage(readRepoFile('docs/instructors.md'), 'docs/instructors.md', 'instructors.html') : undefined;
  const network = markdownPage(readRepoFile('docs/real-network.md'), 'docs/real-network.md', 'real-network.html');
  const origins = markdownPage(readRepoFile('docs/where-this-comes-from.md'), 'docs/where-this-comes-from.md', 'where-this-comes-from.html');

  // The reading order: home, each lesson followed by its exercises, then the references.
  const readingOrder: Page[] = [home];
  for (const [index, lesson] of lessons.entries()) {
    readingOrder.push(lessonPages[index]!);
    for (const exercise of exercises) if (exercise.lesson === lesson.packageName) readingOrder.push(exercisePages.get(exercise.slug)!);
  }
  for (const exercise of exercises) {
    const page = exercisePages.get(exercise.slug)!;
    if (!readingOrder.includes(page)) readingOrder.push(page);
  }
  readingOrder.push(network, failures, commands, ...(instructors ? [instructors] : []), origins);

  const otherPages: Page[] = [
    ...exercises
      .filter((exercise) => exercise.solutionFolder)
      .map((exercise) => markdownPage(solutionMarkdown(exercise), `${exercise.solutionFolder}/`, exercise.solutionSitePath, { searchable: false, hidden: true })),
    markdownPage(searchMarkdown(), 'search', 'search.html', { searchable: false, source: undefined }),
    {
      sitePath: '404.html',
      title: 'Page not found',
      hasDiagram: false,
      sections: [],
      searchable: false,
      body: `<h1>Page not found</h1><p>There is no page at this address. Start again from <a href="index.html">the home page</a>, or search above.</p>`,
    },
  ];

  // Pages for the workbook's own files and folders, as the pages above linked to them. A folder's
  // page links to its files, which may lead to more pages, so keep going until none are new.
  const written = new Set([...readingOrder, ...otherPages].map((page) => page.sitePath));
  const images: CodePage[] = [];
  for (let fresh = siteMap.takeNewCodePages(written); fresh.length > 0; fresh = siteMap.takeNewCodePages(written)) {
    for (const codePage of fresh) {
      written.add(codePage.sitePath);
      if (codePage.kind === 'image') {
        images.push(codePage);
      } else if (codePage.kind === 'code-file') {
        otherPages.push(markdownPage(codeFileMarkdown(codePage.repoPath), codePage.repoPath, codePage.sitePath, { searchable: false }));
      } else {
        const folder = codeFolderMarkdown(codePage.repoPath);
        otherPages.push(markdownPage(folder.markdown, folder.source, codePage.sitePath, { searchable: false }));
      }
    }
  }

  const allPages = [...readingOrder, ...otherPages];
  problems.push(...missingFragments(links, allPages));
  if (problems.length > 0) throw new DeadLinkError(problems);

  const outline = outlineOf(
    home,
    lessons.map((lesson, index) => ({ lesson, page: lessonPages[index]! })),
    exercises,
    exercisePages,
    [network, failures, commands, ...(instructors ? [instructors] : []), origins],
  );
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (const page of allPages) {
    const at = readingOrder.indexOf(page);
    const previous = at > 0 ? readingOrder[at - 1] : undefined;
    const next = at !== -1 ? readingOrder[at + 1] : undefined;
    const html = renderPage({
      sitePath: page.sitePath,
      title: page.title,
      body: page.body,
      outline,
      ...(previous && { previous: { title: previous.title, sitePath: previous.sitePath } }),
      ...(next && { next: { title: next.title, sitePath: next.sitePath } }),
      ...(page.source !== undefined && { source: page.source }),
      hasDiagram: page.hasDiagram,
      hidden: page.hidden === true,
    });
    writeOut(outDir, page.sitePath, html);
  }
  writeOut(outDir, 'search-index.json', JSON.stringify(searchIndex(readingOrder)));
  copyAssets(outDir, images);
  return {
    outDir,
    pages: allPages.map((page) => page.sitePath).sort(),
    readingOrder: readingOrder.map((page) => page.sitePath),
    elapsedMs: Math.round(performance.now() - started),
  };
}

/** The solution sits behind an explicit click: a folded box, and inside it a link to its page. */
function solutionGate(exercise: Exercise): string {
  const link = escapeHtml(relativeLink(exercise.sitePath, exercise.solutionSitePath));
  return `
<h2 id="the-solution">The solution</h2>
<details class="solution-gate"><summary>Show the solution</summary>
<p>Try the hints first: the checks and their messages are there to get you to the end on your own.
If you are done, or really stuck, <a href="${link}">open the reference solution of ${exercise.id}</a>.</p>
</details>
`;
}

/** A link to `page.html#part` must find an element with that id on the page. */
function missingFragments(links: LinkUse[], pages: Page[]): Problem[] {
  const idsOf = new Map(pages.map((page) => [page.sitePath, new Set([...page.body.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]))]));
  return links
    .filter((link) => link.fragment !== '' && idsOf.has(link.toSitePath) && !idsOf.get(link.toSitePath)!.has(link.fragment))
    .map((link) => ({ source: link.fromSource, message: `dead link "${link.href}": ${link.toSitePath} has no "#${link.fragment}"` }));
}

function outlineOf(
  home: Page,
  lessons: { lesson: { packageName: string }; page: Page }[],
  exercises: Exercise[],
  exercisePages: Map<string, Page>,
  references: Page[],
): OutlineEntry[] {
  return [
    { title: 'Home', sitePath: home.sitePath },
    ...lessons.map(({ lesson, page }) => ({
      title: page.title,
      sitePath: page.sitePath,
      children: exercises
        .filter((exercise) => exercise.lesson === lesson.packageName)
        .map((exercise) => ({ title: `${exercise.id}: ${exercise.title}`, sitePath: exercisePages.get(exercise.slug)!.sitePath })),
    })),
    ...references.map((page) => ({ title: page.title, sitePath: page.sitePath })),
  ];
}

/** The search looks through the headings and text of the pages a learner reads. */
function searchIndex(pages: Page[]) {
  return pages
    .filter((page) => page.searchable)
    .flatMap((page) => page.sections.map((section) => ({ url: page.sitePath, page: page.title, heading: section.heading, id: section.id, text: section.text })));
}

function writeOut(outDir: string, sitePath: string, content: string): void {
  const file = path.join(outDir, sitePath);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

function copyAssets(outDir: string, images: CodePage[]): void {
  const assets = path.join(outDir, 'assets');
  cpSync(path.join(root, 'packages/docs-site/assets'), assets, { recursive: true });
  // mermaid's browser bundle, served by the site itself: diagrams are drawn without any network.
  const mermaidPackage = createRequire(import.meta.url).resolve('mermaid/package.json');
  cpSync(path.join(path.dirname(mermaidPackage), 'dist/mermaid.min.js'), path.join(assets, 'mermaid.min.js'));
  cpSync(path.join(root, 'docs/images'), path.join(outDir, 'images'), { recursive: true });
  for (const image of images) {
    mkdirSync(path.dirname(path.join(outDir, image.sitePath)), { recursive: true });
    cpSync(path.join(root, image.repoPath), path.join(outDir, image.sitePath));
  }
}
