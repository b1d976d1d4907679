/**
 * Syntax highlighting, done once at build time with Shiki: the pages carry their colours in the
 * HTML, so code is readable with scripts off, offline, and in both colour schemes. Every token
 * has a light colour (`color`) and a dark one (`--shiki-dark`); style.css switches to the dark
 * ones under `prefers-color-scheme: dark`.
 */
import type { ShikiTransformer } from 'shiki';
import { createHighlighter } from 'shiki';

/** The languages the pages use. Anything else is shown as plain text, still in a Shiki block. */
const LANGUAGES = ['ts', 'js', 'sh', 'shellsession', 'http', 'json', 'html', 'css', 'yaml', 'diff', 'markdown', 'powershell', 'python'];

// Made once, when the site's code is first imported: loading the grammars is the slow part
// (about 150 ms); highlighting a block afterwards takes a few milliseconds.
const highlighter = await createHighlighter({ themes: ['github-light', 'github-dark'], langs: LANGUAGES });
const known = new Set(highlighter.getLoadedLanguages());

/** `console` and `shell` are Shiki names too; `txt`, `plaintext` and unknown names become `text`. */
export function highlightLanguage(language: string): string {
  const name = language.toLowerCase();
  return known.has(name) ? name : 'text';
}

/** In a diff, each added or removed line gets a class, so it gets a band and not only a colour. */
const diffLines: ShikiTransformer = {
  name: 'workbook-diff-lines',
  line(node, line) {
    if (this.options.lang !== 'diff') return;
    const first = this.source.split('\n')[line - 1]?.[0];
    if (first === '+') this.addClassToHast(node, 'diff-add');
    if (first === '-') this.addClassToHast(node, 'diff-remove');
  },
};

/** The page's own code background (style.css) instead of the theme's; the language, for the tests. */
function ownBackground(lang: string): ShikiTransformer {
  return {
    name: 'workbook-pre',
    pre(node) {
      node.properties.style = String(node.properties.style ?? '').replace(/(--shiki-dark-bg|background-color):[^;]*;?/g, '');
      node.properties['data-language'] = lang;
    },
  };
}

const highlighted = new Map<string, string>();

/** `<pre class="shiki ..."><code>…</code></pre>` for the code, with both themes' colours. */
export function highlight(code: string, language: string): string {
  const lang = highlightLanguage(language);
  // A file included in a lesson also has a page of its own: highlight it once.
  const key = `${lang}\0${code}`;
  const done = highlighted.get(key);
  if (done !== undefined) return done;
  const html = highlighter.codeToHtml(code.replace(/\n$/, ''), {
    lang,
    themes: { light: 'github-light', dark: 'github-dark' },
    defaultColor: 'light',
    transformers: [diffLines, ownBackground(lang)],
  });
  highlighted.set(key, html);
  return html;
}
