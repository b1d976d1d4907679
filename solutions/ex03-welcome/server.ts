// Exercise 03: a main page, and an error for everything else, solved.
import http from 'node:http';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

const server = http.createServer((req, res) => {
  console.log(req.method, req.url);

  // The query string is not part of the resource: "/?lang=en" is still the main page. (Not
  // new URL(req.url, base).pathname: it would read "//anything" as a host name and give "/".)
  const path = (req.url ?? '/').split('?')[0];
  const found = path === '/';
  const text = found ? 'Welcome to my server' : 'Resource not available';
  res.writeHead(found ? 200 : 404, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
});

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${port}/`);
});
