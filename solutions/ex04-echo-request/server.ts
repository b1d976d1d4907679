// Exercise 04: echo the request, solved.
import http from 'node:http';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

const server = http.createServer((req, res) => {
  console.log(req.method, req.url);

  // node has already split the request line into its three parts; we put it back together.
  // req.url is the target exactly as sent: query string included, percent-escapes not decoded.
  const requestLine = `${req.method} ${req.url} HTTP/${req.httpVersion}`;
  const text = `Request line: ${requestLine}\nMethod: ${req.method}\nTarget: ${req.url}\n`;
  res.writeHead(200, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
});

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${port}/`);
});
