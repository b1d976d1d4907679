/**
 * Markdown to HTML for the site, with markdown-it and three additions of our own:
 *
 * - links to repository files become links to site pages, and a link to nothing is recorded as dead;
 * - ```mermaid blocks become diagram containers that the page draws (mermaid runs in the browser);
 * - `<!-- include: packages/.../file.ts -->`, or a fence with `file=...` in its info string, shows
 *   that file's current content, so a page can never drift from the code it explains.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import anchor from 'markdown-it-anchor';
import { highlight } from './highlight.ts';
import { kindOf, relativeLink, root, type SiteMap } from './site-paths.ts';

/** A link found on a page, kept so the build can check that its #fragment exists. */
export type LinkUse = { fromSource: string; href: string; toSitePath: string; fragment: string };

/** A problem found while rendering: a dead link, or an include of a missing file. */
export type Problem = { source: string; message: string };

/** One heading and the text under it: the unit the search looks through. */
export type Section = { heading: string; id: string; text: string };

export type RenderEnv = {
  /** The Markdown file's path in the repository, e.g. `docs/lessons/01-raw-socket.md`. */
  source: string;
  /** Where the page will live on the site, e.g. `lessons/01-raw-socket.html`. */
  sitePath: string;
  siteMap: SiteMap;
  links: LinkUse[];
  problems: Problem[];
  hasDiagram?: boolean;
};

export type Rendered = { html: string; title: string; sections: Section[]; hasDiagram: boolean };

/** GitHub's way of turning a heading into an id, so `#how-fast-is-it` works on both sites. */
export function slugify(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const md = new MarkdownIt({ html: true, linkify: false, typographer: false });
md.use(anchor, { slugify, permalink: anchor.permalink.headerLink({ safariReaderFix: true }) });
md.core.ruler.push('workbook_links', (state) => {
  const env = state.env as RenderEnv;
  for (const block of state.tokens) {
    for (const token of block.children ?? []) {
      if (token.type === 'link_open') rewriteAttr(token, 'href', env);
      if (token.type === 'image') rewriteAttr(token, 'src', env);
    }
  }
});

md.core.ruler.push('workbook_pager_lines', (state) => {
  // A lesson's "**Previous:** … · **Next:** …" lines are for reading on GitHub. The site has its
  // own pager at the bottom of every page, and two "Next" links that disagree confuse: drop them
  // (and the rule above the last one).
  const tokens = state.tokens;
  for (let i = 1; i + 1 < tokens.length; i++) {
    if (tokens[i - 1]!.type !== 'paragraph_open' || !/^\*\*(Previous|Next):\*\*/.test(tokens[i]!.content)) continue;
    hideParagraph(tokens, i);
    if (tokens[i - 2]?.type === 'hr') tokens[i - 2]!.hidden = true;
  }
});
md.core.ruler.push('workbook_before_after', (state) => {
  // The lessons' own way of marking a "before" and an "after", as well as the fence words: a
  // paragraph "Before:" or "After:" (or "Before, in TypeScript:", or "**Fix:** ... :") right above
  // the fence, or a first line `// Before: ...` in the code itself.
  const tokens = state.tokens;
  for (let i = 0; i < tokens.length; i++) {
    const fence = tokens[i]!;
    if (fence.type !== 'fence' || /\b(before|after|file=\S+)\b/.test(fence.info) || fence.info.startsWith('mermaid')) continue;
    const above = tokens[i - 2]?.type === 'inline' && tokens[i - 1]?.type === 'paragraph_close' ? tokens[i - 2]!.content.trim() : '';
    const firstLine = fence.content.split('\n', 1)[0]!;
    let mark: Mark | undefined;
    if (/^Before[:,]/.test(above) || /^(\/\/|#)\s*Before\b/.test(firstLine)) mark = 'before';
    else if (/^After[:,]/.test(above) || (/^\*\*Fix:\*\*/.test(above) && above.endsWith(':')) || /^(\/\/|#)\s*After\b/.test(firstLine)) mark = 'after';
    if (mark === undefined) continue;
    fence.meta = { ...fence.meta, mark };
    // A paragraph that only says "Before:" is what the label now says.
    if (/^(Before|After):$/.test(above)) hideParagraph(tokens, i - 2);
  }
});

/** Leaves out the paragraph whose inline token is at `at`, text and all. */
function hideParagraph(tokens: Token[], at: number): void {
  tokens[at - 1]!.hidden = true;
  tokens[at + 1]!.hidden = true;
  tokens[at]!.children = [];
}

const SCHEME = /^[a-z][a-z0-9+.-]*:|^\/\//i;

function rewriteAttr(token: Token, name: 'href' | 'src', env: RenderEnv): void {
  const value = token.attrGet(name);
  if (value === null || SCHEME.test(value)) return;
  const target = resolveLink(value, env);
  if (target !== undefined) token.attrSet(name, target);
}

/** Turns a link written for GitHub into a link on the site; records it, or records it as dead. */
export function resolveLink(href: string, env: RenderEnv): string | undefined {
  const hashAt = href.indexOf('#');
  const pathPart = hashAt === -1 ? href : href.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : decodeURIComponent(href.slice(hashAt + 1));
  if (pathPart === '') {
    env.links.push({ fromSource: env.source, href, toSitePath: env.sitePath, fragment });
    return undefined;
  }
  const repoPath = pathPart.startsWith('/') ? path.posix.normalize(decodeURI(pathPart).slice(1)) : path.posix.join(path.posix.dirname(env.source), decodeURI(pathPart));
  const sitePath = repoPath.startsWith('..') ? undefined : env.siteMap.sitePathOf(repoPath);
  if (sitePath === undefined) {
    env.problems.push({ source: env.source, message: `dead link "${href}": nothing at ${repoPath}` });
    return undefined;
  }
  env.links.push({ fromSource: env.source, href, toSitePath: sitePath, fragment });
  const link = relativeLink(env.sitePath, sitePath);
  return fragment === '' ? link : `${link}#${encodeURIComponent(fragment)}`;
}

const LANGUAGE_OF: Record<string, string> = {
  '.ts': 'ts',
  '.mjs': 'js',
  '.js': 'js',
  '.json': 'json',
  '.html': 'html',
  '.css': 'css',
  '.md': 'md',
  '.yml': 'yaml',
  '.yaml': 'yaml',
  '.sh': 'sh',
  '.py': 'python',
};

export function languageOf(file: string): string {
  return LANGUAGE_OF[path.extname(file)] ?? 'text';
}

/** A "before" (the naive or buggy version) or an "after" (the fix), shown with a label and a band. */
export type Mark = 'before' | 'after';

const MARK_LABEL: Record<Mark, string> = {
  before: '<span class="mark-icon" aria-hidden="true">✗</span> Before: the problem',
  after: '<span class="mark-icon" aria-hidden="true">✓</span> After: the fix',
};

md.renderer.rules.fence = (tokens, index, _options, env: RenderEnv) => {
  const token = tokens[index]!;
  const [language = '', ...rest] = token.info.trim().split(/\s+/);
  if (language === 'mermaid') {
    env.hasDiagram = true;
    return `<div class="diagram"><pre class="mermaid">${escapeHtml(token.content)}</pre></div>\n`;
  }
  const file = rest.find((word) => word.startsWith('file='))?.slice('file='.length);
  if (file !== undefined) return includedFile(file, env);
  const mark = (rest.find((word) => word === 'before' || word === 'after') as Mark | undefined) ?? (token.meta?.mark as Mark | undefined);
  return codeBlock(token.content, language, mark);
};

function codeBlock(code: string, language: string, mark?: Mark): string {
  const block = `<div class="code">${highlight(code, language)}</div>\n`;
  if (mark === undefined) return block;
  return `<figure class="marked ${mark}"><figcaption>${MARK_LABEL[mark]}</figcaption>${block}</figure>\n`;
}

/** The current content of a repository file, with its path as a caption linking to its page. */
function includedFile(file: string, env: RenderEnv): string {
  if (kindOf(file) !== 'file') {
    env.problems.push({ source: env.source, message: `include of a missing file: ${file}` });
    return '';
  }
  const code = readFileSync(path.join(root, file), 'utf8');
  const link = resolveLink(`/${file}`, env) ?? '';
  return (
    `<figure class="included"><figcaption><a href="${escapeHtml(link)}">${escapeHtml(file)}</a>` +
    `<span>included from the package, as it is today</span></figcaption>${codeBlock(code, languageOf(file))}</figure>\n`
  );
}

const INCLUDE = /^<!--\s*include:\s*(\S+)\s*-->\s*$/gm;

/** `<!-- include: path -->` on a line of its own becomes a fence that shows that file. */
function expandIncludes(markdown: string): string {
  return markdown.replace(INCLUDE, (_line, file: string) => `\`\`\`${languageOf(file)} file=${file}\n\`\`\``);
}

export function renderMarkdown(markdown: string, env: RenderEnv): Rendered {
  const tokens = md.parse(expandIncludes(markdown), env);
  const html = md.renderer.render(tokens, md.options, env);
  return { html, title: firstHeading(tokens), sections: sectionsOf(tokens), hasDiagram: env.hasDiagram === true };
}

function inlineText(token: Token | undefined): string {
  return (token?.children ?? [])
    .filter((child) => child.type === 'text' || child.type === 'code_inline')
    .map((child) => child.content)
    .join('');
}

function firstHeading(tokens: Token[]): string {
  const at = tokens.findIndex((token) => token.type === 'heading_open' && token.tag === 'h1');
  return at === -1 ? '' : inlineText(tokens[at + 1]);
}

/** Splits a page at its headings (h1 to h3) for the search index. */
function sectionsOf(tokens: Token[]): Section[] {
  const sections: Section[] = [];
  let current: Section = { heading: '', id: '', text: '' };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.type === 'heading_open' && ['h1', 'h2', 'h3'].includes(token.tag)) {
      if (current.heading || current.text) sections.push(current);
      current = { heading: inlineText(tokens[i + 1]), id: token.attrGet('id') ?? '', text: '' };
      i++;
    } else if (token.type === 'inline') {
      current.text += `${inlineText(token)} `;
    } else if (token.type === 'fence' && !token.info.startsWith('mermaid') && !token.info.includes('file=')) {
      current.text += `${token.content} `;
    }
  }
  sections.push(current);
  return sections.map((section) => ({ ...section, text: section.text.replace(/\s+/g, ' ').trim() }));
}
