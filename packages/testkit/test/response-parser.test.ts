import { describe, expect, test } from 'vitest';
import { parseResponse, type FramingProblemCode } from '../src/index.ts';

/** The codes of the problems the parser finds in `response`, as a server closing after it sent them. */
function codesOf(response: string, toHead = false): FramingProblemCode[] {
  return parseResponse(Buffer.from(response, 'latin1'), true, toHead)?.problems.map((problem) => problem.code) ?? [];
}

describe('each framing problem has its code', () => {
  const cases: Array<[string, string, FramingProblemCode[]]> = [
    ['a well-framed response', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi', []],
    ['bare \\n line ends', 'HTTP/1.1 200 OK\nContent-Length: 2\n\nhi', ['bare-lf']],
    ['a status line of another shape', 'HTTP/1.1 OK\r\nContent-Length: 2\r\n\r\nhi', ['bad-status-line']],
    ['a header line without a colon', 'HTTP/1.1 200 OK\r\nContent-Length 2\r\n\r\nhi', ['bad-header-line', 'no-content-length']],
    ['a Content-Length that is not a number', 'HTTP/1.1 200 OK\r\nContent-Length: two\r\n\r\nhi', ['content-length-not-a-number']],
    ['fewer bytes than Content-Length says', 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhi', ['content-length-too-long']],
    ['more bytes than Content-Length says', 'HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nhi', ['content-length-too-short']],
    ['no Content-Length at all', 'HTTP/1.1 200 OK\r\n\r\nhi', ['no-content-length']],
    ['a well-framed chunked body', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n', []],
    ['a chunk size in decimal', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789\r\n0\r\n\r\n', ['chunked-size-not-hex']],
    ['a chunk longer than its size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nhi\r\n0\r\n\r\n', ['chunked-too-long']],
    ['a bare \\n in the chunk framing', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\nhi\r\n0\r\n\r\n', ['chunked-bare-lf']],
    ['closed before the last chunk', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n', ['chunked-no-last-chunk']],
    ['data after the zero chunk', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nhi', ['chunked-data-after-last-chunk']],
    ['Content-Length and chunked', 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n', ['chunked-and-length']],
    ['chunked in an HTTP/1.0 answer', 'HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n', ['chunked-in-http-1.0']],
  ];
  for (const [name, response, codes] of cases) {
    test(name, () => expect(codesOf(response)).toEqual(codes));
  }

  test('a body after the answer to a HEAD request', () => {
    expect(codesOf('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi', true)).toEqual(['body-after-head-answer']);
  });
});
