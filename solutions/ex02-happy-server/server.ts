// Exercise 02: the happy server, solved.
import http from 'node:http';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';
const happyText = 'I am the happy server! :-)';

const server = http.createServer((req, res) => {
  console.log(req.method, req.url);

  // Whatever was asked, the answer is the same.
  res.writeHead(200, {
    'Content-Type': 'text/plain; charset=utf-8',
    // Bytes, not characters: the two differ as soon as the text has an emoji or an accent.
    'Content-Length': Buffer.byteLength(happyText),
  });
  res.end(happyText);
});

server.listen(port, host, () => {
  console.log(`The happy server listens on http://${host}:${port}/`);
});
