// Exercise 07: the message board. Read README.md in this folder first.
import http from 'node:http';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

// The board lives in memory, so it starts empty every time the server starts. (ex08 changes that.)
const messages: string[] = [];

async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;

  if (req.method === 'GET' && path === '/') {
    return sendPage(res, makePage());
  }

  if (req.method === 'POST' && path === '/messages') {
    const body = await readBody(req);
    if (body === undefined) return sendText(res, 413, 'A message may be at most 10 KB.');
    // TODO: take the field "message" out of the body. The body is form-encoded, like
    //       "message=Hello+board%21", and new URLSearchParams(body).get('message') decodes it.
    // TODO: add the message to `messages`. Then answer 303 See Other with the header
    //       Location: /, so that the browser goes back to the board with a GET.
    return sendText(res, 501, 'Saving a message is not written yet.');
  }

  if (req.method === 'POST' && path === '/clear') {
    await readBody(req);
    // TODO: empty `messages`, then answer 303 See Other with Location: /, as after a post.
    return sendText(res, 501, 'Clearing is not written yet.');
  }

  sendText(res, 404, 'Not found. The board is at /.');
}

/** The board: each message in an <li>, oldest first, then a form to post and one to clear. */
function makePage(): string {
  // TODO: a message is typed by a stranger. Escape it before it goes into the HTML, so that
  //       <script> shows as text: & < > " ' must become &amp; &lt; &gt; &quot; &#39;
  const items = messages.map((message) => `<li>${message}</li>`).join('\n');
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
    // A client that hangs up half-way must not stop the server for everyone else.
    console.error(error.message);
    if (!res.headersSent) sendText(res, 500, 'Something went wrong.');
  });
});

server.listen(port, host, () => {
  console.log(`The message board listens on http://${host}:${port}/`);
});
