// Exercise 05: the main page, from a file. Read README.md in this folder first.
import { readFile } from 'node:fs/promises';
import http from 'node:http';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

const server = http.createServer(async (req, res) => {
  console.log(req.method, req.url);

  // TODO: only "/" and "/index.html" are the main page. Any other path gets the page in
  //       Error.html instead, with status 404.
  // readFile looks for the file in the folder the server was started in: this exercise's folder.
  const page = await readFile('index.html');
  res.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    // The page was read as bytes (a Buffer), so its length counts bytes.
    'Content-Length': page.length,
  });
  res.end(page);
});

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${port}/`);
});
