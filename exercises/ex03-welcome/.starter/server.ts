// Exercise 03: a main page, and an error for everything else. Read README.md in this folder first.
import http from 'node:http';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

const server = http.createServer((req, res) => {
  console.log(req.method, req.url);

  // TODO: only the main page "/" is welcome. For any other path, answer status 404
  //       with the text "Resource not available".
  const text = 'Welcome to my server';
  res.writeHead(200, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
});

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${port}/`);
});
