/**
 * What a handler sees: dispatch by method, the response calls and their rules, error pages, and
 * what the library does when a handler gets something wrong.
 */
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sendRaw } from '@workbook/testkit';
import { createServer, type Handler, type Handlers } from '../src/server.ts';
import { bodyText, splitResponses } from './responses.ts';
import { startServer, TEST_IDLE_TIMEOUT_MS, type RunningServer } from './start-server.ts';

/** A handler that answers `text` properly: status, type, length, blank line, body. */
function say(text: string, status = 200): Handler {
  return (_request, response) => {
    response.sendResponse(status);
    response.sendHeader('Content-Type', 'text/plain; charset=utf-8');
    response.sendHeader('Content-Length', Buffer.byteLength(text));
    response.endHeaders();
    response.write(text);
  };
}

const handlers: Handlers = {
  GET: say('got it'),
  // Routes by path, so one server holds a handler for every case below.
  POST: async (request, response) => {
    const path = request.target;
    if (path === '/slow') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return say('slow one')(request, response);
    }
    if (path === '/fast') return say('fast one')(request, response);
    if (path === '/nothing') return;
    if (path === '/throws') throw new Error('boom');
    if (path === '/throws-late') {
      void say('')(request, response);
      throw new Error('too late for a 500');
    }
    if (path === '/no-length') {
      response.sendResponse(200);
      response.sendHeader('Content-Type', 'text/plain; charset=utf-8');
      response.endHeaders();
      response.write('how long am I?');
      return;
    }
    if (path === '/too-long' || path === '/too-short') {
      response.sendResponse(200);
      response.sendHeader('Content-Length', 5);
      response.endHeaders();
      response.write(path === '/too-long' ? 'five and more' : 'four');
      return;
    }
    if (path === '/injection') {
      response.sendResponse(200);
      response.sendHeader('X-Name', 'ok\r\nSet-Cookie: evil=1');
      return;
    }
    if (path === '/body-before-head') {
      response.sendResponse(200);
      response.write('oops');
      return;
    }
    if (path === '/late') {
      void say('on time')(request, response);
      // Not awaited: by the time this runs, the response is finished.
      setTimeout(() => {
        try {
          response.write('late');
        } catch (error) {
          lateWriteError((error as NodeJS.ErrnoException).code);
        }
      }, 10);
      return;
    }
    if (path === '/not-found') return response.sendError(404, `There is nothing at ${await bodyText(request)}.`);
    if (path === '/log') {
      response.logMessage(`a note about ${await bodyText(request)}`);
      return say('logged')(request, response);
    }
  },
};

const lines: string[] = [];
let lateWriteError: (code: string | undefined) => void = () => {};
const lateWrite = new Promise<string | undefined>((resolve) => (lateWriteError = resolve));
let server: RunningServer;
let custom: RunningServer;

beforeAll(async () => {
  server = await startServer(createServer({ handlers, log: (line) => lines.push(stripVTControlCharacters(line)), idleTimeoutMs: TEST_IDLE_TIMEOUT_MS }));
  custom = await startServer(
    createServer({
      handlers: { GET: say('old style') },
      log: false,
      serverVersion: 'Teapot/4.18',
      protocolVersion: 'HTTP/1.0',
      errorPageTemplate: '<p>Error {status} ({reason}): {explanation}</p>',
      idleTimeoutMs: TEST_IDLE_TIMEOUT_MS,
    }),
  );
});
afterAll(async () => {
  await server.stop();
  await custom.stop();
});

const post = (path: string, body = '', extra = '') => `POST ${path} HTTP/1.1\r\nHost: test\r\nContent-Length: ${body.length}\r\n${extra}\r\n${body}`;
const lastPost = (path: string, body = '') => post(path, body, 'Connection: close\r\n');

describe('dispatch by method', () => {
  test('the method picks the handler', async () => {
    const exchange = await sendRaw(server.address, 'GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
    expect(exchange.response?.body.toString()).toBe('got it');
  });

  test('a method without a handler gets 501 and an HTML page that escapes the method', async () => {
    const exchange = await sendRaw(server.address, "B&R'EW /pot HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
    expect(exchange.response?.statusLine).toBe('HTTP/1.1 501 Not Implemented');
    expect(exchange.response?.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(exchange.response?.problems).toEqual([]);
    const page = exchange.response?.body.toString() ?? '';
    expect(page).toContain('<h1>501 Not Implemented</h1>');
    expect(page).toContain('B&amp;R&#39;EW');
    expect(page).not.toContain("B&R'EW");
  });

  test('a 501 keeps the connection open: the next request is answered', async () => {
    const exchange = await sendRaw(server.address, 'BREW /pot HTTP/1.1\r\nHost: test\r\n\r\nGET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
    expect(splitResponses(exchange.received).map((response) => response.status)).toEqual([501, 200]);
  });

  test.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('%s, inherited by every object, is not a handler: 501', async (method) => {
    const exchange = await sendRaw(server.address, `${method} / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n`);
    expect(exchange.response?.status).toBe(501);
  });

  test('HEAD without a handler is 501 too: the library adds no methods of its own', async () => {
    const exchange = await sendRaw(server.address, 'HEAD / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
    expect(exchange.response?.status).toBe(501);
    expect(exchange.response?.body.length).toBe(0);
  });
});

describe('async handlers', () => {
  test('pipelined requests are answered in order, even when the first handler is slower', async () => {
    const exchange = await sendRaw(server.address, post('/slow') + lastPost('/fast'));
    expect(splitResponses(exchange.received).map((response) => response.body.toString())).toEqual(['slow one', 'fast one']);
  });
});

describe('what the library does when a handler gets it wrong', () => {
  test('a handler that sends nothing: the client gets a 500 instead of waiting forever', async () => {
    const exchange = await sendRaw(server.address, lastPost('/nothing'));
    expect(exchange.response?.status).toBe(500);
    expect(exchange.response?.body.toString()).toContain('returned without sending a response');
  });

  test('a handler that throws before answering: 500, and the server carries on', async () => {
    const exchange = await sendRaw(server.address, post('/throws') + lastPost('/fast'));
    expect(splitResponses(exchange.received).map((response) => response.status)).toEqual([500, 200]);
    expect(lines.some((line) => line.includes('handler failed: Error: boom'))).toBe(true);
  });

  test('a handler that throws after its head went out: the connection is cut', async () => {
    const exchange = await sendRaw(server.address, post('/throws-late') + lastPost('/fast'));
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.received.toString()).not.toContain('fast one');
  });

  test('a body without Content-Length is ended by closing the connection, and the head says so', async () => {
    const exchange = await sendRaw(server.address, post('/no-length') + lastPost('/fast'));
    expect(exchange.response?.headers['connection']).toBe('close');
    expect(exchange.response?.headers['content-length']).toBeUndefined();
    expect(exchange.response?.body.toString()).toBe('how long am I?');
    expect(exchange.closedByServer).toBe(true);
  });

  test('writing more than Content-Length promised is refused, and the connection is cut', async () => {
    const exchange = await sendRaw(server.address, post('/too-long') + lastPost('/fast'));
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.received.toString()).not.toContain('five and more');
    expect(lines.some((line) => line.includes('ERR_BODY_LONGER_THAN_DECLARED') || line.includes('Content-Length says 5 bytes'))).toBe(true);
  });

  test('writing less than Content-Length promised cuts the connection', async () => {
    const exchange = await sendRaw(server.address, post('/too-short') + lastPost('/fast'));
    expect(exchange.closedByServer).toBe(true);
    expect(exchange.response?.complete).toBe(false);
    expect(exchange.received.toString()).not.toContain('fast one');
  });

  test('a header value with CR LF in it is refused before it reaches the wire: 500 instead', async () => {
    const exchange = await sendRaw(server.address, lastPost('/injection'));
    expect(exchange.response?.status).toBe(500);
    expect(exchange.response?.headers['set-cookie']).toBeUndefined();
  });

  test('a write after the handler returned is refused: it would land in the next response', async () => {
    const exchange = await sendRaw(server.address, post('/late') + lastPost('/fast'));
    expect(splitResponses(exchange.received).map((response) => response.body.toString())).toEqual(['on time', 'fast one']);
    expect(await lateWrite).toBe('ERR_RESPONSE_FINISHED');
  });

  test('a body before endHeaders() is refused: 500 instead of bytes in the wrong place', async () => {
    const exchange = await sendRaw(server.address, lastPost('/body-before-head'));
    expect(exchange.response?.status).toBe(500);
  });
});

describe('sendError, logMessage and the server settings', () => {
  test('sendError sends a framed HTML page with the explanation escaped, and keeps the connection', async () => {
    const exchange = await sendRaw(server.address, post('/not-found', '<script>x</script>') + lastPost('/fast'));
    const [notFound, next] = splitResponses(exchange.received);
    expect(notFound?.statusLine).toBe('HTTP/1.1 404 Not Found');
    expect(notFound?.problems).toEqual([]);
    expect(notFound?.body.toString()).toContain('There is nothing at &lt;script&gt;x&lt;/script&gt;.');
    expect(notFound?.body.toString()).not.toContain('<script>');
    expect(next?.body.toString()).toBe('fast one');
  });

  test('logMessage writes a line tagged with the client address', async () => {
    await sendRaw(server.address, lastPost('/log', 'teapots'));
    expect(lines).toContainEqual(expect.stringMatching(/^127\.0\.0\.1:\d+ a note about teapots$/));
  });

  test('every response carries Server and Date', async () => {
    const exchange = await sendRaw(server.address, 'GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n');
    expect(exchange.response?.headers['server']).toBe('Workbook/0.9');
    expect(exchange.response?.headers['date']).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
  });

  test('serverVersion and protocolVersion: HTTP/1.0 status lines, and a close after every response', async () => {
    const exchange = await sendRaw(custom.address, 'GET / HTTP/1.1\r\nHost: test\r\n\r\nGET / HTTP/1.1\r\nHost: test\r\n\r\n');
    expect(exchange.response?.statusLine).toBe('HTTP/1.0 200 OK');
    expect(exchange.response?.headers['server']).toBe('Teapot/4.18');
    expect(exchange.response?.headers['connection']).toBe('close');
    expect(splitResponses(exchange.received)).toHaveLength(1);
    expect(exchange.closedByServer).toBe(true);
  });

  test('errorPageTemplate changes the error page; the values in it are still escaped', async () => {
    const exchange = await sendRaw(custom.address, 'P&OST / HTTP/1.0\r\n\r\n');
    expect(exchange.response?.body.toString()).toBe('<p>Error 501 (Not Implemented): This server has no handler for the method P&amp;OST.</p>');
  });
});
