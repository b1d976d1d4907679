import { describe, expect, test } from 'vitest';
import { hasBody, parseHead, wantsKeepAlive, type Request } from '../src/request.ts';

function parsed(head: string): Request {
  const result = parseHead(head);
  if (!result.ok) throw new Error(result.problem);
  return result.request;
}

describe('parseHead', () => {
  test('reads the request line and the headers, names in lower case', () => {
    const request = parsed('GET /about.html HTTP/1.1\r\nHost: localhost:4321\r\nConnection:  Keep-Alive ');
    expect(request).toMatchObject({ method: 'GET', target: '/about.html', version: 'HTTP/1.1' });
    expect(Object.fromEntries(request.headers)).toEqual({ host: 'localhost:4321', connection: 'Keep-Alive' });
  });

  test('joins a repeated header with a comma', () => {
    expect(parsed('GET / HTTP/1.1\r\nAccept: a\r\nAccept: b').headers.get('accept')).toBe('a, b');
  });

  test.each([
    ['GARBAGE'],
    ['get / HTTP/1.1'],
    ['GET / HTTP/2.0'],
    ['GET http://example.com/ HTTP/1.1'],
    ['GET / HTTP/1.1\r\nno colon here'],
    ['GET / HTTP/1.1\r\nBad Name: x'],
  ])('refuses %j', (head) => {
    expect(parseHead(head).ok).toBe(false);
  });
});

describe('wantsKeepAlive', () => {
  test.each([
    ['GET / HTTP/1.1', true],
    ['GET / HTTP/1.1\r\nConnection: close', false],
    ['GET / HTTP/1.1\r\nConnection: Upgrade, Close', false],
    ['GET / HTTP/1.0', false],
    ['GET / HTTP/1.0\r\nConnection: keep-alive', true],
  ])('%j: %s', (head, expected) => {
    expect(wantsKeepAlive(parsed(head))).toBe(expected);
  });
});

describe('hasBody', () => {
  test.each([
    ['GET / HTTP/1.1', false],
    ['POST / HTTP/1.1\r\nContent-Length: 0', false],
    ['POST / HTTP/1.1\r\nContent-Length: 12', true],
    ['POST / HTTP/1.1\r\nTransfer-Encoding: chunked', true],
  ])('%j: %s', (head, expected) => {
    expect(hasBody(parsed(head))).toBe(expected);
  });
});
