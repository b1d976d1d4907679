/**
 * The yardstick in the board benchmark: lesson 5's page, with the messages kept in an array and
 * never written anywhere. A post is read, pushed and answered 303 at once, so it costs what a
 * request costs, not what a disk costs. Next to the lesson, it shows the price of "saved means on
 * disk". It reads the messages in BOARD_FILE once at start (the same board the lesson starts
 * with) and never writes to that file. It checks nothing (no size limit, no form type, no
 * cross-site check) and logs nothing: fine for a benchmark on 127.0.0.1:PORT, never for real.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { renderBoard } from 'lesson-05-message-board/page';
import type { Message } from 'lesson-05-message-board/store';

const lines = readFileSync(process.env.BOARD_FILE ?? '', 'utf8')
  .split('\n')
  .filter(Boolean);
const messages = lines.map((line) => JSON.parse(line) as Message);

http
  .createServer((request, response) => {
    if (request.method === 'POST' && request.url === '/messages') {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        messages.push({ text: new URLSearchParams(body).get('message') ?? '', postedAt: new Date().toISOString() });
        response.writeHead(303, { Location: '/', 'Content-Length': 0 }).end();
      });
      return;
    }
    const html = renderBoard({ messages });
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html) }).end(html);
  })
  .listen(Number(process.env.PORT), '127.0.0.1');
