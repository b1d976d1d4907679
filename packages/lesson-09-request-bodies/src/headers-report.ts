/**
 * GET /headers: the request's headers as this server read them, as plain text. Open it in a
 * browser, then with curl, and compare what each one sends.
 *
 *     Header lines, in the order they came (4):
 *       Host: 127.0.0.1:8080
 *       User-Agent: curl/8.5.0
 *       ...
 *     Read by name:
 *       User-Agent    one value, commas and all: curl/8.5.0
 *       Accept        a list of 2 items: text/html | text/* (q=0.8)
 *       Content-Type  text/plain, charset=utf-8
 *
 * Plain text, not HTML: the values are the client's, and text/plain shows them as they are,
 * with nothing to escape.
 */
import { parseMediaType, type MediaType } from './content-type.ts';
import type { RequestHead } from './parser.ts';

export function headersReport(request: RequestHead): string {
  const { headers } = request;
  const lines = [`${request.method} ${request.target} ${request.version}`, '', `Header lines, in the order they came (${headers.lines.length}):`];
  for (const line of headers.lines) lines.push(`  ${line.name}: ${line.value}`);

  lines.push('', 'Read by name (the same whatever the case: user-agent, User-Agent, USER-AGENT):');
  const userAgent = headers.get('user-agent');
  lines.push(`  User-Agent    ${userAgent === undefined ? '(none)' : `one value, commas and all: ${userAgent}`}`);

  const accept = headers.list('accept');
  lines.push(`  Accept        ${accept.length === 0 ? '(none)' : `a list of ${accept.length} item${accept.length === 1 ? '' : 's'}, best first as the client ranks them:`}`);
  for (const item of accept) lines.push(`                  ${describeMediaType(item)}`);

  const contentType = headers.get('content-type');
  lines.push(`  Content-Type  ${contentType === undefined ? '(none)' : describeMediaType(contentType)}`);

  const repeated = [...new Set(headers.lines.map((line) => line.name.toLowerCase()))].filter((name) => headers.getAll(name).length > 1);
  lines.push('', repeated.length === 0 ? 'No header came more than once.' : 'Sent more than once, every value kept:');
  for (const name of repeated)
    lines.push(
      `  ${name}: ${headers
        .getAll(name)
        .map((value) => JSON.stringify(value))
        .join(', ')}`,
    );
  return `${lines.join('\n')}\n`;
}

/** `text/plain; charset=utf-8` becomes `text/plain (charset=utf-8)`; what does not parse is said so. */
function describeMediaType(text: string): string {
  const type: MediaType | undefined = parseMediaType(text);
  if (type === undefined) return `${JSON.stringify(text)} (not a valid media type)`;
  const parameters = [...type.parameters].map(([name, value]) => `${name}=${value}`);
  return parameters.length === 0 ? type.type : `${type.type} (${parameters.join(', ')})`;
}
