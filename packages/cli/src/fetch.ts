/**
 * `pnpm workbook fetch <url>`: sends one request and shows the exchange byte for byte, with every
 * \r and \n written out, so you can see exactly what your server sends. A browser and curl hide
 * the line ends and forgive mistakes; this shows them, and names the framing problems it finds.
 */
import { parseArgs } from 'node:util';
import { UsageError } from '@workbook/course';
import { escapeBytes, escapeText, sendRaw, type RawExchange } from '@workbook/testkit';
import { pc } from '@workbook/testkit/color';

export const fetchUsage = `Usage: pnpm workbook fetch <url> [--raw] [--method M] [--header 'Name: value']...

  <url>                   an http: URL, such as http://localhost:8080/
  --raw                   the response exactly as it came, as one escaped string
  --method M              the request method (default GET)
  --header 'Name: value'  one more request header; repeat it for more`;

/** How much of a body is shown; a page of text, not a whole download. */
const BODY_PREVIEW_BYTES = 1024;
/** How long to wait for the server to finish and close the connection. */
const TIMEOUT_MS = 5000;

interface FetchRequest {
  url: URL;
  method: string;
  headers: string[];
  raw: boolean;
}

export async function fetchCommand(args: string[]): Promise<number> {
  let request: FetchRequest;
  try {
    request = parseFetchArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError) && !(error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) throw error;
    console.error(`${pc.red('Error:')} ${usageMessage(error as NodeJS.ErrnoException)}\n\n${fetchUsage}`);
    return 2;
  }

  const bytes = requestBytes(request);
  // URL keeps the brackets of an IPv6 address ([::1]); a socket wants the address alone.
  const address = { host: request.url.hostname.replace(/^\[(.*)\]$/, '$1'), port: Number(request.url.port || 80) };
  // Read until the server closes: we asked for that with Connection: close, and anything a
  // server sends after its response (a second response, stray bytes) is worth seeing too.
  const exchange = await sendRaw(address, bytes, { until: 'close', timeoutMs: TIMEOUT_MS });

  console.log(`${pc.bold('Request')} for ${request.url.host} (${bytes.length} bytes):`);
  console.log(request.raw ? escapeBytes(bytes) : quoteLines(bytes));
  console.log('');
  if (exchange.received.length === 0) {
    console.error(nothingReceived(exchange, request.url));
    return 1;
  }
  console.log(`${pc.bold('Received')} ${exchange.received.length} bytes, ${howItEnded(exchange)}:`);
  console.log(request.raw ? showRaw(exchange.received) : showReadable(exchange));
  // A response with framing problems is still a response: showing them is this command's job.
  return exchange.response ? 0 : 1;
}

function parseFetchArgs(args: string[]): FetchRequest {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { raw: { type: 'boolean' }, method: { type: 'string' }, header: { type: 'string', multiple: true } },
  });
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length === 0 ? 'Give the URL to fetch, such as http://localhost:8080/' : `Give one URL, not ${positionals.length}: ${positionals.join(' ')}`,
      'ERR_FETCH_USAGE',
    );
  }
  const method = values.method ?? 'GET';
  if (!/^[A-Za-z]+$/.test(method)) throw new UsageError(`--method takes a method name such as GET, HEAD or POST, not ${JSON.stringify(method)}.`, 'ERR_FETCH_USAGE');
  const headers = values.header ?? [];
  for (const header of headers) {
    // A token, a colon, a value; and no line end, which would smuggle in a header of its own.
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+:[^\r\n]*$/.test(header)) {
      throw new UsageError(`--header takes 'Name: value', like --header 'Accept: text/html', not ${JSON.stringify(header)}.`, 'ERR_FETCH_USAGE');
    }
  }
  return { url: parseUrl(positionals[0] ?? ''), method: method.toUpperCase(), headers, raw: values.raw ?? false };
}

function parseUrl(input: string): URL {
  // Checked first: `new URL('localhost:8080')` succeeds, reading "localhost:" as the scheme.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(input)) throw new UsageError(`"${input}" is not a full URL. Start it with http://, like http://localhost:8080/`, 'ERR_FETCH_USAGE');
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UsageError(`"${input}" is not a valid URL. A valid one looks like http://localhost:8080/path`, 'ERR_FETCH_USAGE');
  }
  if (url.protocol !== 'http:') {
    throw new UsageError(`fetch speaks plain HTTP, so the URL must start with http://, not ${url.protocol}// (https: needs TLS).`, 'ERR_FETCH_USAGE');
  }
  return url;
}

/** parseArgs's own words for an unknown option go on about positionals; ours name the options. */
function usageMessage(error: NodeJS.ErrnoException): string {
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const option = /'([^']+)'/.exec(error.message)?.[1] ?? 'that option';
    return `Unknown option ${option}. The options are --raw, --method and --header.`;
  }
  return error.message;
}

/**
 * The request: HTTP/1.1 with Connection: close, so even a keep-alive server hangs up after its
 * answer. A header given with --header replaces a default one of the same name.
 */
function requestBytes({ url, method, headers }: FetchRequest): Buffer {
  const given = new Set(headers.map((header) => header.slice(0, header.indexOf(':')).toLowerCase()));
  const defaults = [`Host: ${url.host}`, 'User-Agent: workbook-fetch', 'Connection: close'].filter((header) => !given.has(header.slice(0, header.indexOf(':')).toLowerCase()));
  const lines = [`${method} ${url.pathname}${url.search} HTTP/1.1`, ...defaults, ...headers];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

/**
 * One quoted string per line, each with its line end showing. Bytes past ASCII are shown by
 * number; text that was already decoded keeps its letters.
 */
function quoteLines(content: Buffer | string, indent = '  '): string {
  const lines = typeof content === 'string' ? content.split(/(?<=\n)/) : splitAfterLf(content);
  return lines.map((line) => `${indent}${typeof line === 'string' ? escapeText(line) : escapeBytes(line)}`).join('\n');
}

function splitAfterLf(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let lf = bytes.indexOf(10); lf !== -1; lf = bytes.indexOf(10, start)) {
    lines.push(bytes.subarray(start, lf + 1));
    start = lf + 1;
  }
  if (start < bytes.length) lines.push(bytes.subarray(start));
  return lines;
}

function howItEnded(exchange: RawExchange): string {
  if (exchange.closedByServer) return 'then the server closed the connection';
  if (exchange.error) return `then the connection broke (${exchange.error.code})`;
  return `then nothing more for ${TIMEOUT_MS / 1000} s, and the connection was still open, though the request said Connection: close`;
}

function nothingReceived(exchange: RawExchange, url: URL): string {
  const code = exchange.error?.code;
  if (code === 'ECONNREFUSED') return `${pc.red('Nothing is listening')} at ${url.host} (ECONNREFUSED). Is your server running, on that port?`;
  if (code === 'ENOTFOUND') return `${pc.red('Unknown host')} "${url.hostname}": check the spelling of the URL.`;
  if (code) return `${pc.red('The connection failed')} before any answer: ${exchange.error?.message} (${code}).`;
  if (exchange.timedOut) return `${pc.red('No answer')} within ${TIMEOUT_MS / 1000} s. Does your server read the whole request head, up to the blank line, and then answer?`;
  return `${pc.red('The server closed the connection without sending anything.')} Does it write a response before it calls end()?`;
}

/** Where the head ends: after the first blank line, or a bare "\n\n" from a server that uses LF. */
function headLength(bytes: Buffer): number {
  const crlf = bytes.indexOf('\r\n\r\n');
  const lf = bytes.indexOf('\n\n');
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return crlf + 4;
  return lf === -1 ? bytes.length : lf + 2;
}

function moreBytes(count: number): string {
  return count > 0 ? `\n  ${pc.dim(`… and ${count} more bytes, not shown`)}` : '';
}

function showRaw(received: Buffer): string {
  const shown = headLength(received) + BODY_PREVIEW_BYTES;
  return escapeBytes(received.subarray(0, shown)) + moreBytes(received.length - shown);
}

function showReadable({ received, response }: RawExchange): string {
  const headEnd = headLength(received);
  const head = received.subarray(0, headEnd);
  const body = received.subarray(headEnd);
  const sections = [`  ${pc.dim(`head, ${head.length} bytes:`)}`, quoteLines(head)];
  if (body.length > 0) {
    const preview = body.subarray(0, BODY_PREVIEW_BYTES);
    // Text is shown as letters (UTF-8); anything else byte by byte.
    const isText = /^(text\/|application\/(json|javascript|xml))/i.test(response?.headers['content-type'] ?? 'text/');
    sections.push(`  ${pc.dim(`body, ${body.length} bytes:`)}`, quoteLines(isText ? preview.toString('utf8') : preview) + moreBytes(body.length - preview.length));
  }
  sections.push('', verdict(response));
  return sections.join('\n');
}

function verdict(response: RawExchange['response']): string {
  if (!response) return `${pc.red('✗')} No blank line ends the head, so this is not a complete HTTP response. The head must end with "\\r\\n\\r\\n".`;
  const status = `Status ${response.status}${response.reason ? ` ${response.reason}` : ''}.`;
  if (response.problems.length === 0) return `${pc.green('✓')} ${status} No framing problems found.`;
  return [`${pc.yellow('!')} ${status} Framing problems:`, ...response.problems.map((problem) => `  ${pc.red('✗')} ${problem.message}`)].join('\n');
}
