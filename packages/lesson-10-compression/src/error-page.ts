/**
 * The small HTML page sent with every error the server makes up itself: 400, 404 (when the site
 * has no 404.html of its own), 405, 406, 414 and 500.
 *
 * The explanation often repeats part of the request, so everything in it is escaped here, in the
 * one place that builds the page. A caller cannot forget to.
 */
import { STATUS_CODES, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import { escapeHtml } from './escape-html.ts';

export function errorPage(status: number, explanation: string): string {
  const title = escapeHtml(`${status} ${STATUS_CODES[status] ?? 'Error'}`);
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title></head>
<body>
<h1>${title}</h1>
<p>${escapeHtml(explanation)}</p>
<p><a href="/">Back to the main page</a></p>
</body>
</html>
`;
}

export function sendErrorPage(response: ServerResponse, status: number, explanation: string, headers: OutgoingHttpHeaders = {}): void {
  const html = errorPage(status, explanation);
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    ...headers,
  });
  // For a HEAD request node sends the head and leaves the body out by itself.
  response.end(html);
}
