import { describe, expect, test } from 'vitest';
import { ClientError } from '../src/client-error.ts';
import { splitResponse } from '../src/split-response.ts';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('cutting a response into head and body', () => {
  test('status line, headers and body of a well-formed response', () => {
    const response = splitResponse(bytes('HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello'));
    expect(response).toMatchObject({ statusLine: 'HTTP/1.0 200 OK', version: '1.0', status: 200, reason: 'OK', complete: true, problems: [] });
    expect(response.headerLines).toEqual(['Content-Type: text/plain', 'Content-Length: 5']);
    expect(response.headers).toEqual({ 'content-type': 'text/plain', 'content-length': '5' });
    expect(response.body.toString()).toBe('hello');
  });

  test('only the first blank line ends the head: the body may hold its own', () => {
    const body = 'line one\r\n\r\nline three';
    const response = splitResponse(bytes(`HTTP/1.0 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`));
    expect(response.body.toString()).toBe(body);
  });

  test('the body stays bytes: a multi-byte letter and binary data come through unchanged', () => {
    const body = Buffer.concat([bytes('Grüße '), Buffer.from([0x00, 0xff, 0x80])]);
    const head = bytes(`HTTP/1.0 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`);
    expect(splitResponse(Buffer.concat([head, body])).body.equals(body)).toBe(true);
  });

  test('without Content-Length the body is everything until the close', () => {
    const response = splitResponse(bytes('HTTP/1.0 200 OK\r\n\r\nall of this'));
    expect(response).toMatchObject({ complete: true, problems: [] });
    expect(response.body.toString()).toBe('all of this');
  });

  test('fewer bytes than Content-Length: incomplete, and says so', () => {
    const response = splitResponse(bytes('HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nhalf'));
    expect(response.complete).toBe(false);
    expect(response.problems).toEqual([expect.stringContaining('Content-Length promised 10 bytes, but only 4 arrived')]);
  });

  test('more bytes than Content-Length: the extra is left out, and named', () => {
    const response = splitResponse(bytes('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi there'));
    expect(response.body.toString()).toBe('hi');
    expect(response.problems).toEqual([expect.stringContaining('6 bytes came after the 2')]);
  });

  test('bare \\n line ends are accepted, with a problem noted', () => {
    const response = splitResponse(bytes('HTTP/1.0 200 OK\nContent-Length: 2\n\nhi'));
    expect(response).toMatchObject({ status: 200, complete: true });
    expect(response.headers['content-length']).toBe('2');
    expect(response.body.toString()).toBe('hi');
    expect(response.problems).toEqual([expect.stringContaining('bare \\n')]);
  });

  test('a chunked body is shown as it came, with a note', () => {
    const response = splitResponse(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n'));
    expect(response.body.toString()).toBe('2\r\nhi\r\n0\r\n\r\n');
    expect(response.problems).toEqual([expect.stringContaining('chunked')]);
  });

  test('a header line without a colon is skipped and named', () => {
    const response = splitResponse(bytes('HTTP/1.0 200 OK\r\nno colon\r\n\r\n'));
    expect(response.headers).toEqual({});
    expect(response.problems).toEqual([expect.stringContaining('"no colon"')]);
  });

  test('no blank line at all: ERR_NO_HEAD, with what did arrive', () => {
    expect(() => splitResponse(bytes('HTTP/1.0 200 OK\r\nContent-'))).toThrow(
      expect.objectContaining({ code: 'ERR_NO_HEAD', message: expect.stringContaining('"HTTP/1.0 200 OK\\r\\nContent-"') }),
    );
  });

  test('a first line that is not a status line: ERR_NOT_HTTP', () => {
    expect(() => splitResponse(bytes('SSH-2.0-OpenSSH_9.6\r\n\r\n'))).toThrow(expect.objectContaining({ code: 'ERR_NOT_HTTP' }));
    expect(() => splitResponse(bytes('nonsense\r\n\r\n'))).toThrow(ClientError);
  });
});
