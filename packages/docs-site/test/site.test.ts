/**
 * The site as a learner meets it: built from the repository as it is now, served on a free port,
 * and opened page by page in headless Chromium. Every page must load without a console error or
 * a failed request, draw every diagram, and fetch nothing from outside the site; every link
 * between pages must lead to a page that exists.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildSite, type BuildResult } from '../src/build.ts';
import { renderMarkdown, type RenderEnv } from '../src/markdown.ts';
import { serveSite, type SiteServer } from '../src/serve.ts';
import { root, SiteMap } from '../src/site-paths.ts';
import { chromiumFound, launchChromium, MISSING_IN_CI, SKIP_NOTICE } from '@workbook/testkit/chromium';

/** Screenshots for review, one folder per width: under dist/, git-ignored, so a test run leaves the work tree clean. */
const screenshots = path.join(root, 'packages/docs-site/dist/screenshots');

/** The little of the browser's `document` the test looks at (the workbook compiles without the DOM types). */
type PageDocument = {
  documentElement: { dataset: Record<string, string | undefined> };
  querySelectorAll(selector: string): { length: number; [Symbol.iterator](): Iterator<{ href?: string }> };
};

/** The text of an HTML fragment, its tags taken out and its entities read. */
function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&#(\d+);/g, (_entity, code: string) => String.fromCharCode(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_entity, code: string) => String.fromCharCode(Number.parseInt(code, 16)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** The two widths every page is checked at: a laptop, and a phone held upright. */
const WIDTHS = [1280, 390] as const;

/** The smallest a diagram's label may be, in CSS pixels as drawn. */
const SMALLEST_DIAGRAM_TEXT = 11;

/** What a page looks like at one width: what sticks out, the smallest diagram text, plain code. */
type Layout = { overflow: string[]; smallestDiagramText: number; smallestDiagramLabel: string; plainCode: number };

/**
 * Runs in the page. The page may not be wider than the window; code and diagram boxes scroll
 * sideways inside themselves, so they never count. Diagram text is measured as drawn: its font
 * size times the scale the SVG is shown at.
 */
function measureLayout(): Layout {
  // biome-ignore lint/suspicious/noExplicitAny: the workbook compiles without the DOM types.
  const { document, window } = globalThis as any;
  const overflow: string[] = [];
  if (document.documentElement.scrollWidth > window.innerWidth) {
    for (const element of document.querySelectorAll('body *')) {
      const box = element.getBoundingClientRect();
      if (box.right <= window.innerWidth + 0.5 || box.width === 0) continue;
      // Inside a box that scrolls or clips: it does not widen the page.
      let clipped = false;
      for (let up = element.parentElement; up && up !== document.body; up = up.parentElement) {
        if (['auto', 'scroll', 'hidden', 'clip'].includes(window.getComputedStyle(up).overflowX)) clipped = true;
      }
      if (!clipped)
        overflow.push(
          `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ')[0]}` : ''} "${String(element.textContent).trim().slice(0, 40)}" (${Math.round(box.right)} px)`,
        );
      if (overflow.length === 3) break;
    }
    if (overflow.length === 0) overflow.push(`the page is ${document.documentElement.scrollWidth} px wide`);
  }
  let smallestDiagramText = Number.POSITIVE_INFINITY;
  let smallestDiagramLabel = '';
  for (const svg of document.querySelectorAll('.diagram svg')) {
    const viewBox = svg.viewBox?.baseVal;
    const scale = viewBox && viewBox.width > 0 ? svg.getBoundingClientRect().width / viewBox.width : 1;
    for (const label of svg.querySelectorAll('text, foreignObject span, foreignObject div, foreignObject p')) {
      const text = String(label.textContent).trim();
      if (text === '' || label.querySelector('span, div, p, tspan')) continue;
      const size = Number.parseFloat(window.getComputedStyle(label).fontSize) * scale;
      if (size < smallestDiagramText) {
        smallestDiagramText = size;
        smallestDiagramLabel = text.slice(0, 40);
      }
    }
  }
  const plainCode = document.querySelectorAll('pre:not(.shiki):not(.mermaid)').length;
  return { overflow, smallestDiagramText, smallestDiagramLabel, plainCode };
}

function renderEnv(source: string): RenderEnv {
  return { source, sitePath: 'lessons/x.html', siteMap: new SiteMap(), links: [], problems: [] };
}

describe('the Markdown of a page', () => {
  test('a link to a file that does not exist is reported with the page and the link', () => {
    const env = renderEnv('docs/lessons/01-raw-socket.md');
    renderMarkdown('See [the server](../../packages/lesson-01-raw-socket/src/no-such-file.ts).', env);
    expect(env.problems).toEqual([
      {
        source: 'docs/lessons/01-raw-socket.md',
        message: 'dead link "../../packages/lesson-01-raw-socket/src/no-such-file.ts": nothing at packages/lesson-01-raw-socket/src/no-such-file.ts',
      },
    ]);
  });

  test('an include directive shows the file as it is in the package today', async () => {
    const { readFile } = await import('node:fs/promises');
    const file = 'packages/lesson-01-raw-socket/src/escape-html.ts';
    const env = renderEnv('docs/lessons/01-raw-socket.md');
    const { html } = renderMarkdown(`<!-- include: ${file} -->`, env);
    const firstLine = (await readFile(path.join(root, file), 'utf8')).split('\n')[0]!;
    expect(html).toContain(`<figcaption><a href="../code/${file}.html">${file}</a>`);
    // Highlighted: the line is cut into coloured tokens, but its text is all there.
    expect(textOf(html.split('<span class="line">')[1]!).trimEnd()).toBe(firstLine);
    expect(html).toContain('<pre class="shiki');
    expect(env.problems).toEqual([]);
  });

  test('every code block is highlighted at build time, an unknown language as plain text', () => {
    const { html } = renderMarkdown(['```ts', 'const a = 1;', '```', '```', 'no language', '```', '```klingon', 'qapla', '```'].join('\n'), renderEnv('docs/x.md'));
    const blocks = html.match(/<pre class="shiki[^"]*"[^>]*>/g) ?? [];
    expect(blocks.map((pre) => /data-language="([^"]*)"/.exec(pre)?.[1])).toEqual(['ts', 'text', 'text']);
    // The keyword has a light colour, and a dark one for prefers-color-scheme: dark.
    expect(html).toMatch(/<span style="color:#[0-9A-F]{6};--shiki-dark:#[0-9A-F]{6}">const<\/span>/);
  });

  test('a "before" and an "after" get a label and a band, by fence word or by the lessons\' own "Before:" lines', () => {
    const markdown = [
      '```ts before',
      'a();',
      '```',
      'Before:',
      '',
      '```ts',
      'b();',
      '```',
      '```ts',
      '// Before: one read is one request',
      '```',
      'After:',
      '',
      '```ts',
      'c();',
      '```',
      '```ts after',
      'd();',
      '```',
      '```ts',
      'e();',
      '```',
    ].join('\n');
    const { html } = renderMarkdown(markdown, renderEnv('docs/x.md'));
    const marks = [...html.matchAll(/<figure class="marked (\w+)"><figcaption>(.*?)<\/figcaption>/g)].map((match) => [match[1], textOf(match[2]!)]);
    expect(marks).toEqual([
      ['before', '✗ Before: the problem'],
      ['before', '✗ Before: the problem'],
      ['before', '✗ Before: the problem'],
      ['after', '✓ After: the fix'],
      ['after', '✓ After: the fix'],
    ]);
    // The bare "Before:" and "After:" paragraphs are what the labels now say.
    expect(html).not.toContain('<p>Before:</p>');
    expect(html).not.toContain('<p>After:</p>');
  });

  test('a diff marks its added and removed lines', () => {
    const { html } = renderMarkdown(['```diff', ' same', '-old', '+new', '```'].join('\n'), renderEnv('docs/x.md'));
    expect(html).toContain('<span class="line diff-remove">');
    expect(html).toContain('<span class="line diff-add">');
  });

  test("a lesson's own Previous/Next lines give way to the site's pager", () => {
    const markdown = [
      '# Lesson 2',
      '',
      '**Previous:** [lesson 1](01.md) · **Next:** [lesson 3](03.md)',
      '',
      'Text.',
      '',
      '---',
      '',
      '**Previous:** [lesson 1](01.md) · **Next:** [lesson 3](03.md)',
    ].join('\n');
    const { html } = renderMarkdown(markdown, renderEnv('docs/lessons/02.md'));
    expect(html).not.toContain('Next');
    expect(html).not.toContain('<hr>');
    expect(html).toContain('<p>Text.</p>');
  });

  test('an include of a missing file is reported', () => {
    const env = renderEnv('docs/lessons/01-raw-socket.md');
    renderMarkdown('<!-- include: packages/nothing/here.ts -->', env);
    expect(env.problems.map((problem) => problem.message)).toEqual(['include of a missing file: packages/nothing/here.ts']);
  });
});

// On a developer's machine a missing browser only skips the browser test, and says so. In CI it
// is a failure: a green run that never opened a browser would be a promise not kept.
if (!chromiumFound && process.env.CI) {
  test('Chromium is installed for the browser tests', () => {
    expect.fail(MISSING_IN_CI);
  });
} else if (!chromiumFound) {
  console.warn(`\nThe site's browser test ${SKIP_NOTICE}\n`);
}

describe.skipIf(!chromiumFound)(chromiumFound ? 'the site in Chromium' : SKIP_NOTICE, () => {
  let outDir: string;
  let site: BuildResult;
  let server: SiteServer;
  let browser: Browser;

  beforeAll(async () => {
    outDir = mkdtempSync(path.join(tmpdir(), 'workbook-site-'));
    site = buildSite({ outDir: path.join(outDir, 'site'), warn: () => {} });
    [server, browser] = await Promise.all([serveSite(site.outDir, 0), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  /** The pages a learner reads through: screenshots of these at both widths, for review. */
  function isCoursePage(sitePath: string): boolean {
    return sitePath === 'index.html' || /^(lessons|exercises)\//.test(sitePath);
  }

  /**
   * Opens a page and lists everything that went wrong while it loaded and drew its diagrams, then
   * looks at it at each width: nothing wider than the window, diagram text big enough to read,
   * every code block highlighted.
   */
  async function visit(page: Page, sitePath: string): Promise<{ problems: string[]; links: string[] }> {
    const problems: string[] = [];
    const origin = new URL(server.url).origin;
    const onConsole = (message: { type(): string; text(): string }) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    };
    const onPageError = (error: Error) => problems.push(`script error: ${error.message}`);
    const onRequest = (request: { url(): string }) => {
      if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) problems.push(`request outside the site: ${request.url()}`);
    };
    const onFailed = (request: { url(): string; failure(): { errorText: string } | null }) =>
      problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`);
    const onResponse = (response: { url(): string; status(): number }) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
    };
    page.on('console', onConsole);
    page.on('pageerror', onPageError);
    page.on('request', onRequest);
    page.on('requestfailed', onFailed);
    page.on('response', onResponse);
    try {
      await page.setViewportSize({ width: WIDTHS[0], height: 800 });
      await page.goto(new URL(sitePath, server.url).href, { waitUntil: 'load' });
      // One trip into the page: wait for the diagrams (if any), count them, and list the links.
      const seen = await page.evaluate(async () => {
        const { document } = globalThis as unknown as { document: PageDocument };
        const diagrams = document.querySelectorAll('.diagram').length;
        while (diagrams > 0 && document.documentElement.dataset.diagrams !== 'drawn') await new Promise((wake) => setTimeout(wake, 20));
        return {
          diagrams,
          drawn: document.querySelectorAll('.diagram pre.mermaid > svg:not([aria-roledescription="error"])').length,
          links: [...document.querySelectorAll('a[href]')].map((anchor) => anchor.href ?? ''),
        };
      });
      if (seen.drawn !== seen.diagrams) problems.push(`${seen.diagrams - seen.drawn} of ${seen.diagrams} diagrams were not drawn`);
      for (const width of WIDTHS) {
        if (width !== WIDTHS[0]) await page.setViewportSize({ width, height: 800 });
        const layout = await page.evaluate(measureLayout);
        if (layout.overflow.length > 0) problems.push(`at ${width} px the page is wider than the window: ${layout.overflow.join('; ')}`);
        if (layout.smallestDiagramText < SMALLEST_DIAGRAM_TEXT) {
          problems.push(
            `at ${width} px a diagram's text is ${layout.smallestDiagramText.toFixed(1)} px ("${layout.smallestDiagramLabel}"), under ${SMALLEST_DIAGRAM_TEXT} px`,
          );
        }
        if (layout.plainCode > 0) problems.push(`${layout.plainCode} code block(s) without highlighting (a <pre> without the shiki class)`);
        if (isCoursePage(sitePath)) {
          const file = path.join(screenshots, `${width}`, `${sitePath.replace(/\//g, '--').replace(/\.html$/, '')}.png`);
          await page.screenshot({ path: file, fullPage: true });
        }
      }
      return { problems: problems.map((problem) => `${sitePath}: ${problem}`), links: seen.links.filter((link) => link.startsWith(origin)) };
    } finally {
      page.off('console', onConsole);
      page.off('pageerror', onPageError);
      page.off('request', onRequest);
      page.off('requestfailed', onFailed);
      page.off('response', onResponse);
    }
  }

  test(`every page loads cleanly, draws its diagrams, links only to pages that exist, and at ${WIDTHS.join(' and ')} px is no wider than the window, with diagram text of ${SMALLEST_DIAGRAM_TEXT} px or more and every code block highlighted; the course pages (home, lessons, exercises) are screenshotted at both widths`, async () => {
    rmSync(screenshots, { recursive: true, force: true });
    const problems: string[] = [];
    const linked = new Map<string, string>();
    // A few tabs at once, each taking the next page from the list until none are left.
    const queue = [...site.pages];
    async function tab(): Promise<void> {
      const page = await browser.newPage();
      for (let sitePath = queue.shift(); sitePath !== undefined; sitePath = queue.shift()) {
        const visited = await visit(page, sitePath);
        problems.push(...visited.problems);
        for (const link of visited.links) {
          const withoutFragment = link.replace(/#.*$/, '');
          if (!linked.has(withoutFragment)) linked.set(withoutFragment, sitePath);
        }
      }
      await page.close();
    }
    await Promise.all([tab(), tab()]);
    console.log(`Screenshots of the course pages at ${WIDTHS.join(' and ')} px: ${path.relative(process.cwd(), screenshots) || screenshots}/`);

    for (const [link, from] of linked) {
      const response = await fetch(link, { method: 'HEAD' });
      if (response.status !== 200) problems.push(`${from}: the link ${link} answers ${response.status}`);
    }
    expect(problems).toEqual([]);
    // The pages the course is made of are all there, and were all visited.
    expect(site.pages).toEqual(
      expect.arrayContaining(['index.html', 'lessons/01-raw-socket.html', 'exercises/ex01-raw-socket.html', 'failures.html', 'commands.html', 'search.html']),
    );
  });

  test('the solution is reached only by opening "Show the solution"', async () => {
    const page = await browser.newPage();
    await page.goto(new URL('exercises/ex01-raw-socket.html', server.url).href);
    const link = page.getByRole('link', { name: /open the reference solution/i });
    expect(await link.isVisible()).toBe(false);
    await page.getByText('Show the solution').click();
    expect(await link.isVisible()).toBe(true);
    await link.click();
    await page.waitForURL(/solutions\/ex01-raw-socket\.html$/);
    expect(await page.locator('figure.included').count()).toBeGreaterThan(0);
    await page.close();
  });

  test('the search finds the pages that talk about Content-Length', async () => {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.fill('#q', 'content-length');
    await page.press('#q', 'Enter');
    await page.waitForURL(/search\.html\?q=content-length/);
    await page.locator('#search-results li').first().waitFor();
    const found = await page.locator('#search-results li a').allTextContents();
    expect(found.some((title) => title.startsWith('Lesson 1'))).toBe(true);
    await page.close();
  });
});
