/**
 * Keep-alive against connection-per-request, on the event-loop server started both ways:
 * as it is (connections kept open) and with --close (one request per connection).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Program } from '@workbook/testkit';
import { Connection, get } from './client.ts';
import { startModel } from './start-model.ts';

describe('with keep-alive (the default)', () => {
  let server: Program;
  beforeAll(async () => {
    server = await startModel('event-loop');
  });
  afterAll(() => server?.stop());

  test('serves several requests one after the other on one connection', async () => {
    const connection = await Connection.open(server);
    const paths = ['/', '/style.css', '/dots.svg'];
    for (const [index, path] of paths.entries()) {
      connection.send(get(path));
      const responses = await connection.responsesUpTo(index + 1);
      expect(responses[index]?.status).toBe(200);
      expect(responses[index]?.headers['connection']).toBe('keep-alive');
    }
    expect(connection.isClosed).toBe(false);
    connection.destroy();
  });

  test('answers requests sent all at once (pipelined) in order, each framed by its Content-Length', async () => {
    const connection = await Connection.open(server);
    connection.send(get('/notes.txt') + get('/style.css') + get('/', { close: true }));
    await connection.closed;
    const types = connection.responses.map((response) => response.headers['content-type']);
    expect(types).toEqual(['text/plain; charset=utf-8', 'text/css; charset=utf-8', 'text/html; charset=utf-8']);
    expect(connection.responses.flatMap((response) => response.problems)).toEqual([]);
  });

  test('closes after a request that says Connection: close', async () => {
    const connection = await Connection.open(server);
    connection.send(get('/', { close: true }));
    await connection.closed;
    expect(connection.responses.map((response) => response.headers['connection'])).toEqual(['close']);
  });

  test('an HTTP/1.0 request is answered and closed, unless it asks for keep-alive', async () => {
    const plain = await Connection.open(server);
    plain.send('GET / HTTP/1.0\r\n\r\n');
    await plain.closed;
    expect(plain.responses[0]?.headers['connection']).toBe('close');

    const keepAlive = await Connection.open(server);
    keepAlive.send('GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    keepAlive.send('GET /notes.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    const responses = await keepAlive.responsesUpTo(2);
    expect(responses.map((response) => response.headers['connection'])).toEqual(['keep-alive', 'keep-alive']);
    keepAlive.destroy();
  });

  test('a request with a body is answered, then the connection closes (this server never reads bodies)', async () => {
    const connection = await Connection.open(server);
    connection.send('POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello');
    await connection.closed;
    expect(connection.responses.map((response) => [response.status, response.headers['connection']])).toEqual([[405, 'close']]);
  });
});

describe('with --close (a new connection for every request)', () => {
  let server: Program;
  beforeAll(async () => {
    server = await startModel('event-loop', ['--close']);
  });
  afterAll(() => server?.stop());

  test('answers one request with Connection: close and hangs up, even when the client asks to keep it', async () => {
    const connection = await Connection.open(server);
    connection.send(get('/'));
    connection.send(get('/style.css'));
    await connection.closed;
    // The second request was never answered: the server hung up after the first.
    expect(connection.responses.map((response) => [response.status, response.headers['connection']])).toEqual([[200, 'close']]);
  });
});
