// Exercise 04: echo the request. Read README.md in this folder first.
import http from 'node:http';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

const server = http.createServer((req, res) => {
  console.log(req.method, req.url);

  // TODO: answer with three lines that say what this request was: its request line, its method
  //       and its target (README.md shows the exact format). req.method, req.url and
  //       req.httpVersion hold the parts.
  const text = 'Request line: ?\nMethod: ?\nTarget: ?\n';
  res.writeHead(200, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
});

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${port}/`);
});
