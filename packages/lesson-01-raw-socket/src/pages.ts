/**
 * The HTML pages this server sends. Everything that came from the client goes through
 * escapeHtml first.
 */
import { escapeHtml } from './escape-html.ts';

export function welcomePage(method: string, target: string): string {
  return page(
    'Hello from a raw socket',
    `<h1>Hello from a raw socket</h1>
<p>You sent <code>${escapeHtml(method)} ${escapeHtml(target)}</code> → this page came back over a plain TCP connection.</p>
<p>No HTTP library was involved: the server read your request byte by byte and wrote this answer by hand.</p>`,
  );
}

export function errorPage(title: string, explanation: string, firstLine: string): string {
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(explanation)}</p>
<p>The first line we received was: <code>${escapeHtml(firstLine)}</code></p>`,
  );
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body>
${body}
</body>
</html>
`;
}
