/**
 * Which file of the repository becomes which page of the site.
 *
 * The course's Markdown links to repository files (`../../packages/lesson-01-raw-socket/src/main.ts`)
 * so that it reads well on GitHub. On the site each such link must point at a page instead. This
 * module answers "where does this repository path live on the site?", and remembers the code pages
 * it promised, so the build can then write them.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** The workbook's root folder: this file is packages/docs-site/src/site-paths.ts. */
export const root = path.resolve(import.meta.dirname, '../../..');

/** Folders never shown as code: installed packages, build output, the learner's own data. */
const HIDDEN = new Set(['node_modules', 'dist', '.site', 'data', 'grades', '.workbook', '.git']);

export function isHidden(repoPath: string): boolean {
  return repoPath.split('/').some((part) => HIDDEN.has(part));
}

export function kindOf(repoPath: string): 'file' | 'folder' | 'missing' {
  const full = path.join(root, repoPath);
  if (isHidden(repoPath) || !existsSync(full)) return 'missing';
  return statSync(full).isDirectory() ? 'folder' : 'file';
}

/** The files and folders inside a repository folder, folders first, hidden ones left out. */
export function listFolder(repoPath: string): { name: string; folder: boolean }[] {
  return readdirSync(path.join(root, repoPath), { withFileTypes: true })
    .filter((entry) => !isHidden(entry.name) && !entry.name.startsWith('.'))
    .map((entry) => ({ name: entry.name, folder: entry.isDirectory() }))
    .sort((a, b) => Number(b.folder) - Number(a.folder) || a.name.localeCompare(b.name));
}

const IMAGE = /\.(png|svg|jpe?g|gif|webp)$/i;

/** A page the course's Markdown led to, which the build must write on top of the main pages. */
export type CodePage = { kind: 'code-file' | 'code-folder' | 'image'; repoPath: string; sitePath: string };

/**
 * Maps repository paths to site paths. The main pages (lessons, exercises, ...) are registered up
 * front; any other existing file or folder gets a code page under `code/`, created on first use.
 */
export class SiteMap {
  readonly #pages = new Map<string, string>();
  readonly #codePages = new Map<string, CodePage>();

  /** Says that `repoPath` (a file, or a folder) is shown by the page at `sitePath`. */
  register(repoPath: string, sitePath: string): void {
    this.#pages.set(repoPath, sitePath);
  }

  /** The site path for a repository path, or undefined when nothing exists there. */
  sitePathOf(repoPath: string): string | undefined {
    const clean = repoPath.replace(/\/+$/, '');
    const known = this.#pages.get(clean);
    if (known !== undefined) return known;
    // A folder's README is shown on the folder's own page, as on GitHub.
    if (clean === 'README.md' || clean.endsWith('/README.md')) {
      const folder = path.posix.dirname(clean);
      if (kindOf(folder) === 'folder' || this.#pages.has(folder)) return this.sitePathOf(folder);
    }
    return this.#codePageFor(clean)?.sitePath;
  }

  #codePageFor(repoPath: string): CodePage | undefined {
    const promised = this.#codePages.get(repoPath);
    if (promised) return promised;
    const kind = kindOf(repoPath);
    if (kind === 'missing') return undefined;
    const page: CodePage =
      kind === 'folder'
        ? { kind: 'code-folder', repoPath, sitePath: `code/${repoPath}/index.html` }
        : IMAGE.test(repoPath)
          ? { kind: 'image', repoPath, sitePath: repoPath.startsWith('docs/images/') ? repoPath.slice('docs/'.length) : `code/${repoPath}` }
          : { kind: 'code-file', repoPath, sitePath: `code/${repoPath}.html` };
    this.#codePages.set(repoPath, page);
    return page;
  }

  /** Takes the code pages promised since the last call, so the build writes each one once. */
  takeNewCodePages(written: Set<string>): CodePage[] {
    return [...this.#codePages.values()].filter((page) => !written.has(page.sitePath));
  }
}

/** The link from one site page to another, relative, so the site works under any base path. */
export function relativeLink(fromSitePath: string, toSitePath: string): string {
  const link = path.posix.relative(path.posix.dirname(fromSitePath), toSitePath);
  return link === '' ? path.posix.basename(toSitePath) : link;
}
