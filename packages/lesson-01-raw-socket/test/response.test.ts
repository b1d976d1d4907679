import { describe, test, expect } from 'vitest';
import { buildResponse } from '../src/response.ts';
import { escapeHtml } from '../src/escape-html.ts';

describe('buildResponse', () => {
  test('writes status line, headers, blank line and body, every line ending in CRLF', () => {
    const bytes = buildResponse(200, '<p>hi</p>');
    expect(bytes.toString('utf8')).toBe(
      'HTTP/1.1 200 OK\r\n' + 'Content-Type: text/html; charset=utf-8\r\n' + 'Content-Length: 9\r\n' + 'Connection: close\r\n' + '\r\n' + '<p>hi</p>',
    );
  });

  test('counts Content-Length in bytes, not characters', () => {
    const html = '→ café'; // 6 characters, 9 bytes in UTF-8
    const text = buildResponse(200, html).toString('utf8');
    expect(text).toContain('Content-Length: 9\r\n');
    expect(text.endsWith(html)).toBe(true);
  });

  test('leaves the body out when asked (HEAD), but keeps its length', () => {
    const text = buildResponse(200, '<p>hi</p>', { withBody: false }).toString('utf8');
    expect(text).toContain('Content-Length: 9\r\n');
    expect(text.endsWith('\r\n\r\n')).toBe(true);
  });

  test('uses the right reason phrase', () => {
    expect(buildResponse(400, '').toString('utf8')).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(buildResponse(431, '').toString('utf8')).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
  });
});

describe('escapeHtml', () => {
  test('replaces the five characters that mean something in HTML', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
