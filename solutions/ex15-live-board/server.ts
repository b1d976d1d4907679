// Exercise 15: a live board, solved.
import { mkdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';
// How often a quiet stream gets a comment (15 s). The tests make it short.
const pingMs = Number(process.env.PING_MS ?? 15_000);

// Where the board is kept. The tests set BOARD_FILE to a file of their own; by hand, the board
// goes to data/board.jsonl next to this file (git ignores data/ folders).
const boardFile = process.env.BOARD_FILE ?? 'data/board.jsonl';

interface Message {
  /** 1 for the first message ever posted, then one more each time: the event's id. */
  number: number;
  text: string;
  /** When it was posted, in UTC: 2026-11-21T09:02:14.120Z. */
  postedAt: string;
}

const messages: Message[] = loadMessages();
// Numbers only grow, also after a Clear: a tab that saw number 7 must never take a new 7 for old.
let lastNumber = messages.reduce((highest, message) => Math.max(highest, message.number), 0);

/** Every open GET /events response: each new message is written into all of them. */
const streams = new Set<http.ServerResponse>();

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;

  if (req.method === 'GET' && path === '/') {
    return sendPage(res, makePage());
  }

  if (req.method === 'GET' && path === '/events') {
    return openStream(req, res);
  }

  if (req.method === 'POST' && path === '/messages') {
    const body = await readBody(req);
    if (body === undefined) return sendText(res, 413, 'A message may be at most 10 KB.');
    const message = new URLSearchParams(body).get('message')?.trim();
    if (!message) return sendText(res, 400, 'The form has no message in it. Write something, then press Save.');
    // On the disk before the answer: a message that got its 303 survives a crash right after it.
    await inTurn(async () => {
      const saved: Message = { number: lastNumber + 1, text: message, postedAt: new Date().toISOString() };
      await writeToDisk('a', `${JSON.stringify(saved)}\n`);
      lastNumber = saved.number;
      messages.push(saved);
      // Saved first, then told: a tab never shows a message the file does not have.
      for (const stream of streams) stream.write(eventOf(saved));
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

/**
 * GET /events: the head at once, the messages this tab missed, and then the response stays open.
 * EventSource sends Last-Event-ID when it reconnects; the page's script passes ?since= the first
 * time, so a message posted while the page was loading is not lost.
 */
function openStream(req: http.IncomingMessage, res: http.ServerResponse): void {
  const header = req.headers['last-event-id'];
  const since = typeof header === 'string' ? header : (new URL(req.url ?? '/', 'http://localhost').searchParams.get('since') ?? '');
  // Only ids we sent come back from a browser. Anything else is a mistake or a probe: say so.
  if (since !== '' && !/^\d{1,15}$/.test(since)) {
    return sendText(res, 400, `Last-Event-ID must be the number of a message, such as 12, but it is ${JSON.stringify(since.slice(0, 40))}.`);
  }
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    // Every byte is news: no cache or proxy may keep this to replay it later.
    'Cache-Control': 'no-cache',
  });
  const missed = since === '' ? [] : messages.filter((message) => message.number > Number(since));
  // Written at once, so the head goes out now (node holds it back until the first write).
  res.write(`retry: 2000\n\n${missed.map(eventOf).join('')}`);
  streams.add(res);
  console.log(`open streams: ${streams.size}`);
  // 'close' comes however the stream ends: the tab closed, the network went. Forget it at once,
  // or every tab ever opened stays in the Set, with its socket.
  res.on('close', () => {
    streams.delete(res);
    console.log(`open streams: ${streams.size}`);
  });
}

/** One message as an event: its number as the id, the message as one line of JSON as the data. */
function eventOf({ number, text, postedAt }: Message): string {
  // JSON.stringify writes a line break in the text as \n: a data line cannot hold a real one.
  return `id: ${number}\ndata: ${JSON.stringify({ number, text, postedAt })}\n\n`;
}

/**
 * A comment now and then on every stream. Proxies and home routers drop connections that say
 * nothing for a while; and writing to a tab that vanished without a word is how we notice it
 * (the write fails, and 'close' forgets the stream).
 */
setInterval(() => {
  for (const stream of streams) stream.write(': ping\n\n');
}, pingMs).unref();

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
<script>
// New messages, as they are posted in any tab. textContent, never innerHTML: a message is text
// typed by a stranger, and textContent cannot turn it into tags.
const list = document.querySelector('ol');
const source = new EventSource('/events?since=${lastNumber}');
source.onmessage = (event) => {
  const { text, postedAt } = JSON.parse(event.data);
  const time = document.createElement('time');
  time.dateTime = postedAt;
  time.textContent = postedAt.slice(0, 10) + ' ' + postedAt.slice(11, 16) + ' UTC';
  const item = document.createElement('li');
  item.append(time, ' ' + text);
  list.append(item);
};
</script>
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
    .map((line, index) => {
      const message = JSON.parse(line) as Message;
      // A board file from ex08 has no numbers yet: its messages are numbered in order.
      return { ...message, number: message.number ?? index + 1 };
    });
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
