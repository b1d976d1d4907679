// Exercise 02: the happy server. Read README.md in this folder first.
import http from 'node:http';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';
const happyText = 'I am the happy server! :-)';

const server = http.createServer((req, res) => {
  console.log(req.method, req.url);

  // TODO: answer every request with status 200 and the body in `happyText`.
  // TODO: say it is plain text in UTF-8 (Content-Type) and how many bytes the body has
  //       (Content-Length), before the body is sent.
  res.end();
});

server.listen(port, host, () => {
  console.log(`The happy server listens on http://${host}:${port}/`);
});
