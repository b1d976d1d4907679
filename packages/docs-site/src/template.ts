/**
 * The one HTML template every page is poured into: a header with the search box, the course
 * outline on the side, the page itself, and previous/next at the bottom.
 *
 * Every link is relative, and every script, style and picture comes from the site itself, so
 * the pages work offline and under any base path.
 */
import { escapeHtml } from './markdown.ts';
import { relativeLink } from './site-paths.ts';

/** An entry of the course outline, in reading order. Lessons nest their exercises. */
export type OutlineEntry = { title: string; sitePath: string; children?: OutlineEntry[] };

export type PageParts = {
  sitePath: string;
  title: string;
  /** The page's HTML, usually from Markdown. */
  body: string;
  outline: OutlineEntry[];
  previous?: { title: string; sitePath: string };
  next?: { title: string; sitePath: string };
  /** The repository file the page is made from, shown at the bottom. */
  source?: string;
  hasDiagram?: boolean;
  /** Pages that should never appear in search engines or the site's own search (solutions). */
  hidden?: boolean;
};

export const SITE_NAME = 'HTTP Workbook';

/** The tab icon, written into every page: one request fewer per page, and nothing to go stale. */
const FAVICON =
  'data:image/svg+xml,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1f5f8b"/>' +
      '<text x="16" y="21" font-family="monospace" font-size="13" font-weight="bold" text-anchor="middle" fill="#fff">200</text></svg>',
  );

export function renderPage(parts: PageParts): string {
  const to = (sitePath: string) => escapeHtml(relativeLink(parts.sitePath, sitePath));
  const outline = outlineHtml(parts.outline, parts.sitePath, to);
  const pager = [
    parts.previous && `<a class="previous" rel="prev" href="${to(parts.previous.sitePath)}"><span>Previous</span>${escapeHtml(parts.previous.title)}</a>`,
    parts.next && `<a class="next" rel="next" href="${to(parts.next.sitePath)}"><span>Next</span>${escapeHtml(parts.next.title)}</a>`,
  ]
    .filter(Boolean)
    .join('');
  const title = parts.title === SITE_NAME ? SITE_NAME : `${parts.title} · ${SITE_NAME}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
${parts.hidden ? '<meta name="robots" content="noindex">\n' : ''}<title>${escapeHtml(title)}</title>
<link rel="icon" href="${FAVICON}">
<link rel="stylesheet" href="${to('assets/style.css')}">
</head>
<body>
<header class="top">
  <a class="brand" href="${to('index.html')}">${SITE_NAME}</a>
  <form class="search" role="search" action="${to('search.html')}" method="get">
    <label for="q" class="visually-hidden">Search the course</label>
    <input id="q" name="q" type="search" placeholder="Search the course" autocomplete="off">
  </form>
</header>
<div class="layout">
<nav class="outline" aria-label="Course outline">
<details open><summary>The course</summary>
${outline}
</details>
</nav>
<main>
<article>
${parts.body}
</article>
${pager ? `<nav class="pager" aria-label="Previous and next page">${pager}</nav>` : ''}
${parts.source ? `<p class="source">Made from <code>${escapeHtml(parts.source)}</code> in the workbook.</p>` : ''}
</main>
</div>
<script src="${to('assets/site.js')}"></script>
${parts.hasDiagram ? `<script src="${to('assets/mermaid.min.js')}"></script>\n<script src="${to('assets/diagrams.js')}"></script>` : ''}
</body>
</html>
`;
}

function outlineHtml(entries: OutlineEntry[], current: string, to: (sitePath: string) => string): string {
  const items = entries.map((entry) => {
    const here = entry.sitePath === current ? ' aria-current="page"' : '';
    const children = entry.children?.length ? outlineHtml(entry.children, current, to) : '';
    return `<li><a href="${to(entry.sitePath)}"${here}>${escapeHtml(entry.title)}</a>${children}</li>`;
  });
  return `<ul>${items.join('')}</ul>`;
}
