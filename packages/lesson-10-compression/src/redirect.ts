/**
 * Sends the browser from `/guide` to `/guide/` when `guide` is a folder.
 *
 * The slash matters to the browser, not to us. Inside guide/index.html, a link to `caching.html`
 * is relative to the folder of the page's address: from `/guide/` it leads to
 * `/guide/caching.html`, but from `/guide` it leads to `/caching.html`, which does not exist. So
 * we serve a folder's page only at the address that ends in a slash, and point everyone there.
 */
import type { ServerResponse } from 'node:http';
import { escapeHtml } from './escape-html.ts';

/** `relative` is the folder as resolve-path.ts found it: `guide`, `docs/2024` (`docs\2024` on Windows). */
export function sendFolderRedirect(response: ServerResponse, relative: string): void {
  const location = folderUrl(relative);
  // Browsers follow Location without showing the body; curl and other plain clients show it.
  const html = `<!doctype html>\n<p>This is a folder. Its address ends in a slash: <a href="${escapeHtml(location)}">${escapeHtml(location)}</a></p>\n`;
  // 301 Moved Permanently: the browser goes to Location at once, and remembers the move.
  response.writeHead(301, {
    Location: location,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
  });
  response.end(html);
}

/**
 * The address of the folder, built from the checked path rather than copied from the request.
 *
 * Copying the request's own path and adding "/" looks harmless, but a request for `//evil.example`
 * would then be sent to `//evil.example/`, and to a browser an address that starts with two
 * slashes means "another site": evil.example. Built from the folder's names, the address always
 * starts with exactly one slash, and each name is percent-encoded again, so a space or a `?` in a
 * folder name cannot change what the address means.
 */
export function folderUrl(relative: string): string {
  const names = relative.split(/[\\/]/).filter((name) => name !== '');
  return `/${names.map((name) => `${encodeURIComponent(name)}/`).join('')}`;
}
