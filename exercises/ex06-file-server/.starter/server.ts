// Exercise 06: a file server. Read README.md in this folder first.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

// The folder whose files the server hands out. A relative path is looked up from the folder the
// server was started in: this exercise's folder.
const publicDir = 'public';

const server = http.createServer(async (req, res) => {
  console.log(req.method, req.url);

  const urlPath = req.url === '/' ? '/index.html' : (req.url ?? '/');
  // TODO: decode the path once (decodeURIComponent) and make sure the file it names is inside
  //       public/. As it is, GET /../server.ts sends this very file to anyone who asks.
  const file = path.join(publicDir, urlPath);

  try {
    const body = await readFile(file);
    // TODO: say what kind of file this is: a Content-Type for HTML and CSS (with their charset)
    //       and for PNG images.
    res.writeHead(200, { 'Content-Length': body.length });
    res.end(body);
  } catch {
    // TODO: send the page in public/Error.html instead, still with status 404.
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 9 });
    res.end('Not found');
  }
});

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${port}/`);
});
