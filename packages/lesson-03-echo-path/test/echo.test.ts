/**
 * What the echo-path server says back: the request line, the method, the path, the query and the
 * headers, exactly as the format in src/render.ts promises.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, sendRaw } from '@workbook/testkit';
import { echoedHeaders, rawRequest } from './raw-request.ts';
import { startServer, type RunningServer } from './start-server.ts';

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.stop());

describe('the text answer', () => {
  test('shows the request line, method, path, query and headers', async () => {
    const { response } = await sendRaw(server.address, rawRequest('GET /a%20b?x=1&y=2 HTTP/1.1'));
    expect(response?.statusLine).toBe('HTTP/1.1 200 OK');
    expect(response?.problems).toEqual([]);
    expect(response?.body.toString('utf8')).toBe(
      [
        'Request line: GET /a%20b?x=1&y=2 HTTP/1.1',
        'Method: GET',
        'Path: /a%20b',
        '  decoded once: "/a b"',
        'Query: x=1&y=2',
        '  "x" = "1"',
        '  "y" = "2"',
        echoedHeaders(),
        '',
      ].join('\n'),
    );
  });

  test('is UTF-8 plain text, and says so', async () => {
    const { response } = await sendRaw(server.address, rawRequest('GET / HTTP/1.1'));
    expect(response?.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response?.headers['x-content-type-options']).toBe('nosniff');
  });

  test('a path without a query says so', async () => {
    const { response } = await sendRaw(server.address, rawRequest('GET /favicon.ico HTTP/1.1'));
    expect(response?.body.toString('utf8')).toBe(
      ['Request line: GET /favicon.ico HTTP/1.1', 'Method: GET', 'Path: /favicon.ico', '  decoded once: "/favicon.ico"', 'Query: (none)', echoedHeaders(), ''].join('\n'),
    );
  });

  test('the version is the one the client spoke', async () => {
    const { response } = await sendRaw(server.address, 'GET /old HTTP/1.0\r\n\r\n');
    expect(response?.body.toString('utf8')).toMatch(/^Request line: GET \/old HTTP\/1\.0\n/);
  });
});

describe('the path', () => {
  test.each([
    ['/caf%C3%A9', '"/café"'],
    ['/%F0%9F%98%80', '"/😀"'],
    ['/a%2Fb', '"/a/b"'],
    ['/100%25', '"/100%"'],
    ['/a+b', '"/a+b"'],
  ])('%s is decoded to %s', async (path, decoded) => {
    const { response } = await sendRaw(server.address, rawRequest(`GET ${path} HTTP/1.1`));
    expect(response?.body.toString('utf8')).toContain(`Path: ${path}\n  decoded once: ${decoded}\n`);
  });

  test('is decoded once, not twice: %2541 stays %41', async () => {
    const { response } = await sendRaw(server.address, rawRequest('GET /%2541 HTTP/1.1'));
    expect(response?.body.toString('utf8')).toContain('  decoded once: "/%41"\n');
  });

  test('dots are kept as sent, not resolved away', async () => {
    const { response } = await sendRaw(server.address, rawRequest('GET /a/../b/./c HTTP/1.1'));
    expect(response?.body.toString('utf8')).toContain('Path: /a/../b/./c\n  decoded once: "/a/../b/./c"\n');
  });

  test('Content-Length counts bytes, also when the decoded path is not ASCII', async () => {
    const { response } = await sendRaw(server.address, rawRequest('GET /%F0%9F%98%80 HTTP/1.1'));
    expect(response?.problems).toEqual([]);
    expect(response?.headers['content-length']).toBe(String(response?.body.length));
  });
});

describe('the query', () => {
  test('pairs keep their order, repeats and empty values; + is a space', async () => {
    const { response } = await sendRaw(server.address, rawRequest('GET /s?tag=a&tag=b&flag&q=hello+world%21&&plus=%2B HTTP/1.1'));
    expect(response?.body.toString('utf8')).toContain(
      ['Query: tag=a&tag=b&flag&q=hello+world%21&&plus=%2B', '  "tag" = "a"', '  "tag" = "b"', '  "flag" = ""', '  "q" = "hello world!"', '  "plus" = "+"', 'Headers:'].join(
        '\n',
      ),
    );
  });

  test('a lone ? is an empty query', async () => {
    const { response } = await sendRaw(server.address, rawRequest('GET /x? HTTP/1.1'));
    expect(response?.body.toString('utf8')).toContain('Path: /x\n  decoded once: "/x"\nQuery: (empty)\nHeaders:');
  });
});

describe('the headers', () => {
  test('come in the order and spelling they were sent, repeats included', async () => {
    const sent = ['X-First: 1', 'accept: text/plain', 'X-Repeat: a', 'X-Repeat: b', 'User-Agent: echo-test/1.0'];
    const { response } = await sendRaw(server.address, rawRequest('GET / HTTP/1.1', sent));
    const text = response?.body.toString('utf8') ?? '';
    expect(text.slice(text.indexOf('Headers:'))).toBe(`${echoedHeaders(sent)}\n`);
  });

  test('what a real client sends shows up too', async () => {
    const { response } = await request(server.address, { path: '/from-undici', headers: { 'x-hello': 'there' } });
    expect(response?.status).toBe(200);
    expect(response?.text).toContain('\n  x-hello: there\n');
    expect(response?.text).toContain(`\n  host: ${server.address.host}:${server.address.port}\n`);
  });
});

describe('any method', () => {
  test.each(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PURGE'])('%s is echoed', async (method) => {
    const body = method === 'DELETE' ? undefined : `a body for ${method}`;
    const { response, error } = await request(server.address, { method, path: '/thing?id=7', ...(body && { body }) });
    expect(error).toBeUndefined();
    expect(response?.status).toBe(200);
    expect(response?.text).toMatch(new RegExp(`^Request line: ${method} /thing\\?id=7 HTTP/1\\.1\nMethod: ${method}\n`));
  });

  test('HEAD gets the headers of the answer, Content-Length included, and no body', async () => {
    const { response } = await sendRaw(server.address, rawRequest('HEAD /peek HTTP/1.1'));
    const wouldBe = ['Request line: HEAD /peek HTTP/1.1', 'Method: HEAD', 'Path: /peek', '  decoded once: "/peek"', 'Query: (none)', echoedHeaders(), ''].join('\n');
    expect(response?.status).toBe(200);
    expect(response?.problems).toEqual([]);
    expect(response?.headers['content-length']).toBe(String(Buffer.byteLength(wouldBe)));
    expect(response?.body.length).toBe(0);
  });
});

describe('JSON, for clients that ask for it', () => {
  test('Accept: application/json gets the same description as JSON', async () => {
    const { response } = await sendRaw(server.address, rawRequest('GET /a%20b?x=1&x=2 HTTP/1.1', ['Accept: application/json']));
    expect(response?.headers['content-type']).toBe('application/json');
    expect(response?.headers['vary']).toBe('Accept');
    expect(JSON.parse(response?.body.toString('utf8') ?? '')).toEqual({
      requestLine: 'GET /a%20b?x=1&x=2 HTTP/1.1',
      method: 'GET',
      path: { sent: '/a%20b', decoded: '/a b' },
      query: {
        sent: 'x=1&x=2',
        parameters: [
          { name: 'x', value: '1' },
          { name: 'x', value: '2' },
        ],
      },
      headers: [
        { name: 'Host', value: 'test' },
        { name: 'Accept', value: 'application/json' },
        { name: 'Connection', value: 'close' },
      ],
      notes: [],
    });
  });

  test("application/json anywhere in the Accept list counts; a browser's list does not ask for it", async () => {
    const asked = await request(server.address, { headers: { accept: 'text/html;q=0.5, Application/JSON;q=0.9' } });
    expect(asked.response?.headers['content-type']).toBe('application/json');
    const browser = await request(server.address, { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(browser.response?.headers['content-type']).toBe('text/plain; charset=utf-8');
  });

  test('"no query" is null, an empty query is ""', async () => {
    const none = await request(server.address, { path: '/x', headers: { accept: 'application/json' } });
    const empty = await request(server.address, { path: '/x?', headers: { accept: 'application/json' } });
    expect(JSON.parse(none.response?.text ?? '').query.sent).toBeNull();
    expect(JSON.parse(empty.response?.text ?? '').query.sent).toBe('');
  });
});
