// Exercise 05: the main page, from a file, solved.
import { readFile } from 'node:fs/promises';
import http from 'node:http';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

// The two addresses of the main page. Every other path is "not here".
const mainPagePaths = ['/', '/index.html'];

const server = http.createServer(async (req, res) => {
  console.log(req.method, req.url);

  // The query string is not part of the page's name: "/?lang=en" is still the main page.
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const isMainPage = mainPagePaths.includes(path);

  // Read as bytes (a Buffer), so page.length counts bytes, as Content-Length needs. These are two
  // small pages, so reading them whole is fine; lesson 4 shows how to send big files.
  const page = await readFile(isMainPage ? 'index.html' : 'Error.html');
  res.writeHead(isMainPage ? 200 : 404, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': page.length,
  });
  res.end(page);
});

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${port}/`);
});
