/**
 * Cuts the bytes of several responses on one connection apart, using each one's Content-Length:
 * exactly what a keep-alive client has to do. The test kit parses one response; pipelining tests
 * need all of them, in order.
 */
import { parseResponse, type ParsedResponse } from '@workbook/testkit';
import type { Request } from '../src/server.ts';

/** The whole body, read piece by piece, as latin1 text: what lesson 6 handed the handler at once. */
export async function bodyText(request: Request): Promise<string> {
  const pieces: Buffer[] = [];
  for await (const piece of request.body) pieces.push(piece);
  return Buffer.concat(pieces).toString('latin1');
}

const HEAD_END = Buffer.from('\r\n\r\n');

export function splitResponses(bytes: Buffer): ParsedResponse[] {
  const responses: ParsedResponse[] = [];
  let start = 0;
  while (start < bytes.length) {
    const headEnd = bytes.indexOf(HEAD_END, start);
    if (headEnd === -1) throw new Error(`Bytes after the last complete response: ${JSON.stringify(bytes.subarray(start).toString('latin1'))}`);
    const head = parseResponse(bytes.subarray(start, headEnd + 4), false);
    const end = headEnd + 4 + Number(head?.headers['content-length'] ?? 0);
    const response = parseResponse(bytes.subarray(start, end), true);
    if (response) responses.push(response);
    start = end;
  }
  return responses;
}
