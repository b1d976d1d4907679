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

/** Screenshots for review: git-ignored, so a test run leaves the work tree clean. */
const screenshots = path.join(root, 'packages/docs-site/dist/screenshots');

/** The little of the browser's `document` the test looks at (the workbook compiles without the DOM types). */
type PageDocument = {
  documentElement: { dataset: Record<string, string | undefined> };
  querySelectorAll(selector: string): { length: number; [Symbol.iterator](): Iterator<{ href?: string }> };
};

/** Runs in the page: has diagrams.js finished drawing every diagram? */
function diagramsDrawn(): boolean {
  const { document } = globalThis as unknown as { document: PageDocument };
  return document.documentElement.dataset.diagrams === 'drawn';
}

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

  /** Opens a page and lists everything that went wrong while it loaded and drew its diagrams. */
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
      const links = seen.links;
      return { problems: problems.map((problem) => `${sitePath}: ${problem}`), links: links.filter((link) => link.startsWith(origin)) };
    } finally {
      page.off('console', onConsole);
      page.off('pageerror', onPageError);
      page.off('request', onRequest);
      page.off('requestfailed', onFailed);
      page.off('response', onResponse);
    }
  }

  test('every page loads cleanly, draws its diagrams, and links only to pages that exist', async () => {
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

  test('screenshots of the home page and a lesson, for review', async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await page.goto(server.url);
    await page.screenshot({ path: path.join(screenshots, 'site-home.png') });
    await page.goto(new URL('lessons/01-raw-socket.html', server.url).href);
    await page.waitForFunction(diagramsDrawn);
    // Scrolled down to the first diagram, the picture a lesson page is about.
    await page.locator('#the-exchange').evaluate((heading) => (heading as unknown as { scrollIntoView(): void }).scrollIntoView());
    await page.screenshot({ path: path.join(screenshots, 'site-lesson.png') });
    await page.close();
  });
});
