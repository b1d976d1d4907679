// Exercise 01: a web server on a bare TCP socket, solved.
import net from 'node:net';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';
const endOfHead = '\r\n\r\n';

function respond(socket: net.Socket, requestLine: string): void {
  const page = `<!doctype html>\n<html><body><h1>Hello from a socket!</h1></body></html>\n`;
  const head = ['HTTP/1.1 200 OK', 'Content-Type: text/html; charset=utf-8', `Content-Length: ${Buffer.byteLength(page)}`, 'Connection: close'].join('\r\n');
  console.log(requestLine);
  // end() sends what is left and then closes our side: the client reads until the close.
  socket.end(`${head}${endOfHead}${page}`);
}

const server = net.createServer((socket) => {
  let received = '';
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    received += chunk;
    // TCP is a stream of bytes, not of messages: keep reading until the head is complete.
    if (!received.includes(endOfHead)) return;
    socket.removeAllListeners('data');
    respond(socket, received.split('\r\n')[0] ?? '');
  });
  // A client that vanishes mid-request must not take the server down with it.
  socket.on('error', () => socket.destroy());
});

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${port}/`);
});
