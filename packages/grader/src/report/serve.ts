/**
 * The report's server, on node:http and 127.0.0.1 only: the class's page, its script and
 * stylesheet, and the students' feedback pages. Nothing else of the output folder is reachable:
 * a feedback page is served only when its name, decoded once, is exactly one of the files the
 * grader wrote into feedback/ (see docs-site's serve.ts for the same server answering a whole folder).
 *
 * Everything on these pages came from students' submissions, so each answer carries a
 * Content-Security-Policy: the class's page runs only the script it is served from /report.js,
 * a feedback page runs none at all, and neither may reach the network.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { feedbackFolder, feedbackPages, readClass } from './class-folder.ts';
import { classReport } from './class-report.ts';
import { reportPage } from './page.ts';

export type ReportServer = { url: string; close(): Promise<void> };

const PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
// A feedback page has its style inline (it is also a file to send by mail) and needs nothing else;
// `sandbox` makes it a page of no origin that may run no script, whatever it holds.
const FEEDBACK_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const assets: Record<string, { type: string; body: Buffer }> = {
  '/report.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(new URL('./report.js', import.meta.url)) },
  '/report.css': { type: 'text/css; charset=utf-8', body: readFileSync(new URL('./report.css', import.meta.url)) },
};

type Answer = { status: number; type: string; body: string | Buffer; policy?: string; headers?: Record<string, string> };

const text = (status: number, body: string, headers?: Record<string, string>): Answer => ({
  status,
  type: 'text/plain; charset=utf-8',
  body: `${body}\n`,
  ...(headers && { headers }),
});

/** The feedback page a path names (`/feedback/<name>.html`), or undefined when it names none. */
function feedbackFile(out: string, pathname: string): string | undefined {
  const encoded = pathname.slice('/feedback/'.length);
  let name: string;
  try {
    name = decodeURIComponent(encoded);
  } catch {
    return undefined; // a malformed %-escape
  }
  // Compared with the folder's own list, so ../, %2f, NUL or a name the grader never wrote cannot match.
  return feedbackPages(out).has(name) ? path.join(feedbackFolder(out), name) : undefined;
}

function answer(out: string, folder: string, request: http.IncomingMessage): Answer {
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Only GET and HEAD are answered here.', { Allow: 'GET, HEAD' });
  let pathname: string;
  try {
    pathname = new URL(request.url ?? '/', 'http://report').pathname;
  } catch {
    return text(400, 'That is not a path.');
  }
  if (pathname === '/') {
    const page = reportPage(classReport(readClass(out)), { folder, feedback: feedbackPages(out) });
    return { status: 200, type: 'text/html; charset=utf-8', body: page, policy: PAGE_POLICY };
  }
  const asset = assets[pathname];
  if (asset) return { status: 200, ...asset };
  const file = pathname.startsWith('/feedback/') ? feedbackFile(out, pathname) : undefined;
  if (file) return { status: 200, type: 'text/html; charset=utf-8', body: readFileSync(file), policy: FEEDBACK_POLICY };
  return text(404, 'Not found. The class is at /.');
}

/**
 * Serves the class graded into `out` on 127.0.0.1 at `port` (0: any free port); `folder` is how
 * the page names it. Rejects with the listen error (EADDRINUSE, EACCES) for the caller to explain.
 */
export function serveReport(out: string, folder: string, port: number): Promise<ReportServer> {
  let hosts = new Set<string>();
  const server = http.createServer((request, response) => {
    let reply: Answer;
    // Another site may point a name of its own at 127.0.0.1 (DNS rebinding) and read the page
    // from its script: only requests for this server's own address are answered.
    if (!hosts.has(request.headers.host ?? '')) reply = text(403, `This report answers only at http://${[...hosts][0]}/.`);
    else {
      try {
        reply = answer(out, folder, request);
      } catch (error) {
        reply = text(500, `The report could not be made: ${(error as Error).message}`);
      }
    }
    const body = typeof reply.body === 'string' ? Buffer.from(reply.body) : reply.body;
    response.writeHead(reply.status, {
      'Content-Type': reply.type,
      'Content-Length': body.length,
      // Grades are nobody else's business, and change with every regrade: nothing is kept.
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Resource-Policy': 'same-origin',
      ...(reply.policy && { 'Content-Security-Policy': reply.policy }),
      ...reply.headers,
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address() as AddressInfo;
      hosts = new Set([`127.0.0.1:${actual}`, `localhost:${actual}`]);
      resolve({
        url: `http://127.0.0.1:${actual}/`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
