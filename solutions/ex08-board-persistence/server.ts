// Exercise 08: a board that remembers, solved.
import { mkdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

// Where the board is kept. The tests set BOARD_FILE to a file of their own; by hand, the board
// goes to data/board.jsonl next to this file (git ignores data/ folders).
const boardFile = process.env.BOARD_FILE ?? 'data/board.jsonl';

interface Message {
  text: string;
  /** When it was posted, in UTC: 2026-11-21T09:02:14.120Z. */
  postedAt: string;
}

const messages: Message[] = loadMessages();

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;

  if (req.method === 'GET' && path === '/') {
    return sendPage(res, makePage());
  }

  if (req.method === 'POST' && path === '/messages') {
    const body = await readBody(req);
    if (body === undefined) return sendText(res, 413, 'A message may be at most 10 KB.');
    const message = new URLSearchParams(body).get('message')?.trim();
    if (!message) return sendText(res, 400, 'The form has no message in it. Write something, then press Save.');
    const saved: Message = { text: message, postedAt: new Date().toISOString() };
    // On the disk before the answer: a message that got its 303 survives a crash right after it.
    await inTurn(async () => {
      await writeToDisk('a', `${JSON.stringify(saved)}\n`);
      messages.push(saved);
    });
    return backToBoard(res);
  }

  if (req.method === 'POST' && path === '/clear') {
    await readBody(req);
    await inTurn(async () => {
      await writeToDisk('w', '');
      messages.length = 0;
    });
    return backToBoard(res);
  }

  sendText(res, 404, 'Not found. The board is at /.');
}

/** Post/redirect/get: the browser goes back to the board with a GET. */
function backToBoard(res: http.ServerResponse): void {
  res.writeHead(303, { Location: '/', 'Content-Length': 0 });
  res.end();
}

/** The board: each message in an <li>, oldest first, then a form to post and one to clear. */
function makePage(): string {
  const items = messages
    .map(({ text, postedAt }) => {
      const readable = `${postedAt.slice(0, 10)} ${postedAt.slice(11, 16)} UTC`;
      return `<li><time datetime="${escapeHtml(postedAt)}">${escapeHtml(readable)}</time> ${escapeHtml(text)}</li>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Message board</title></head>
<body>
<h1>Message board</h1>
<ol>
${items}
</ol>
<form method="post" action="/messages">
<textarea name="message" rows="4" cols="50" required></textarea>
<button type="submit">Save</button>
</form>
<form method="post" action="/clear">
<button type="submit">Clear all messages</button>
</form>
</body>
</html>
`;
}

/** Swaps the five characters that mean something in HTML for entities that just show them. */
function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;') // first: the entities below start with an & of their own
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * The board file holds one message per line, as JSON ("JSON lines"): a post adds a line at the
 * end, and never touches the lines already there. A file that is not there yet is an empty board.
 */
function loadMessages(): Message[] {
  mkdirSync(path.dirname(boardFile), { recursive: true });
  let text = '';
  try {
    text = readFileSync(boardFile, 'utf8');
  } catch (error) {
    // Only "no such file" means an empty board. Any other error (a folder, no permission) stops
    // the server: starting empty would let the next save write over the real messages.
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Message);
}

/**
 * Writes to the board file and waits until the disk has it: 'a' adds at the end, 'w' replaces
 * everything. sync() is what makes "saved" true even if the power goes a moment later. (Lesson 5's
 * board also copes with a last line cut off by a crash; see packages/lesson-05-message-board.)
 */
async function writeToDisk(mode: 'a' | 'w', text: string): Promise<void> {
  const file = await open(boardFile, mode);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
}

let lastWrite: Promise<unknown> = Promise.resolve();

/**
 * One change at a time, in the order they were asked for: the file and the list change together,
 * so two requests at once never mix, and the page always shows what the file holds.
 */
function inTurn(write: () => Promise<void>): Promise<void> {
  const result = lastWrite.then(write);
  lastWrite = result.catch(() => {});
  return result;
}

// ---- Given: you do not need to change anything below this line. ----

const MAX_BODY_BYTES = 10 * 1024;

/** The request body as text, or undefined when it is larger than MAX_BODY_BYTES. */
function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit we keep nothing more, so a huge body cannot fill our memory.
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size <= MAX_BODY_BYTES ? Buffer.concat(chunks).toString('utf8') : undefined));
    req.on('error', reject);
  });
}

function sendPage(res: http.ServerResponse, html: string): void {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) });
  res.end(html);
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  console.log(req.method, req.url);
  handle(req, res).catch((error: Error) => {
    // A client that hangs up half-way, or a disk that is full, must not stop the server.
    console.error(error.message);
    if (!res.headersSent) sendText(res, 500, 'Something went wrong.');
  });
});

server.listen(port, host, () => {
  console.log(`The message board listens on http://${host}:${port}/ and keeps its messages in ${boardFile}`);
});
