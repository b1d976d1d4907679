/**
 * The file server itself: which reply a request gets. It knows nothing about sockets or
 * connections, which is why the threads model can run it on another thread.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { textReply, type Reply } from './reply.ts';
import { servedBy } from './served-by.ts';
import { sitePath } from './site-path.ts';

/** What a reply needs to know about its request: plain data, so it can be sent to a thread. */
export interface FileRequest {
  method: string;
  target: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export async function serveFile({ method, target }: FileRequest, siteDir: string): Promise<Reply> {
  const by = { 'X-Served-By': servedBy() };
  if (method !== 'GET' && method !== 'HEAD') {
    return textReply(405, 'This server only serves files: GET or HEAD.', { Allow: 'GET, HEAD', ...by });
  }
  const file = sitePath(siteDir, target);
  // A folder, a missing file and a refused path all get the same answer: nothing to see here.
  const body = file === null ? null : await readFile(file).catch(() => null);
  if (file === null || body === null) return textReply(404, 'Not found.', by);

  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  return { status: 200, headers: { 'Content-Type': type, ...by }, body };
}
