// Exercise 13: compression, solved.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';
const publicDir = path.resolve('public');

// You will need these two: each turns a Buffer into its compressed form.
const gzip = promisify(zlib.gzip);
const brotliCompress = promisify(zlib.brotliCompress);

/**
 * The coding to answer in, from the request's Accept-Encoding header: 'br', 'gzip', 'identity'
 * (the body as it is), or null when the client accepts none of them (the server then says 406).
 * `header` is undefined when the request has no Accept-Encoding.
 */
function chooseEncoding(header: string | undefined): 'br' | 'gzip' | 'identity' | null {
  // No header: the client said nothing, so the body goes as it is.
  if (header === undefined) return 'identity';

  const weights = new Map<string, number>();
  for (const item of header.split(',')) {
    const [name = '', ...parameters] = item.split(';').map((part) => part.trim().toLowerCase());
    if (name === '') continue;
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    // q=high or q=2 is no weight at all: leave the item out.
    if (Number.isNaN(weight) || weight < 0 || weight > 1) continue;
    if (!weights.has(name)) weights.set(name, weight);
  }

  const star = weights.get('*');
  // identity is acceptable unless refused; when the list does not name it, it is the last choice.
  const candidates = [
    { coding: 'br', weight: weights.get('br') ?? star ?? 0 },
    { coding: 'gzip', weight: weights.get('gzip') ?? star ?? 0 },
    { coding: 'identity', weight: weights.get('identity') ?? star ?? 0.001 },
  ] as const;
  let best: (typeof candidates)[number] | undefined;
  // In our order (br, gzip, identity), so a tie goes to the earlier one.
  for (const candidate of candidates) if (candidate.weight > (best?.weight ?? 0)) best = candidate;
  return best?.coding ?? null;
}

/** Sends a text answer, compressed when the client accepts it. */
async function sendText(req: http.IncomingMessage, res: http.ServerResponse, contentType: string, body: Buffer): Promise<void> {
  const coding = chooseEncoding(req.headers['accept-encoding']);
  // The answer depends on Accept-Encoding: caches must keep one copy per value of it.
  const vary = { Vary: 'Accept-Encoding' };
  if (coding === null) {
    const refusal = 'None of br, gzip or identity is acceptable to you (Accept-Encoding).\n';
    res.writeHead(406, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(refusal), ...vary });
    res.end(refusal);
    return;
  }
  const sent = coding === 'br' ? await brotliCompress(body) : coding === 'gzip' ? await gzip(body) : body;
  res.writeHead(200, {
    'Content-Type': contentType,
    // The length of what travels: the compressed bytes, not the text.
    'Content-Length': sent.length,
    ...(coding !== 'identity' && { 'Content-Encoding': coding }),
    ...vary,
  });
  res.end(sent);
}

const server = http.createServer(async (req, res) => {
  console.log(req.method, req.url, req.headers['accept-encoding'] ?? '');
  const url = req.url ?? '/';

  // GET /echo/<text>: the text back, as plain text. (You do not need to change this part.)
  if (url.startsWith('/echo/')) {
    let text: string;
    try {
      text = decodeURIComponent(url.slice('/echo/'.length));
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 17 });
      res.end('Bad percent-code\n');
      return;
    }
    return sendText(req, res, 'text/plain; charset=utf-8', Buffer.from(text));
  }

  // Files from public/: / is index.html. Only names without slashes or dots in front, so no
  // path can lead out of public/ (ex06 shows the full check).
  const name = url === '/' ? 'index.html' : url.slice(1);
  if (!/^[a-z0-9-]+\.(html|png)$/i.test(name)) return notFound(res);
  let body: Buffer;
  try {
    body = await readFile(path.join(publicDir, name));
  } catch {
    return notFound(res);
  }
  if (name.endsWith('.png')) {
    // A PNG is compressed already: it goes as it is, whatever the client accepts.
    res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': body.length });
    res.end(body);
    return;
  }
  return sendText(req, res, 'text/html; charset=utf-8', body);
});

function notFound(res: http.ServerResponse): void {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 10 });
  res.end('Not found\n');
}

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${port}/`);
});
