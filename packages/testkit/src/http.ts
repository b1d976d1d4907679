/**
 * Sends one HTTP request with undici, on a fresh connection, and keeps the whole exchange so a
 * failure can show what was sent and what came back.
 */
import { Client, errors } from 'undici';
import { baseUrl, type Address } from './address.ts';

export interface HttpRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Give up after this many milliseconds (default 3000). */
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  text: string;
}

export interface HttpExchange {
  kind: 'http';
  address: Address;
  sent: { method: string; path: string; headers: Record<string, string>; body?: string | Buffer };
  response: HttpResponse | null;
  /** Why no response arrived: ECONNREFUSED, ECONNRESET, a timeout, a malformed response... */
  error?: { code: string; message: string };
  elapsedMs: number;
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof errors.HeadersTimeoutError || error instanceof errors.BodyTimeoutError) {
    return { code: 'TIMEOUT', message: error.message };
  }
  if (error instanceof errors.ConnectTimeoutError) return { code: 'ECONNREFUSED', message: error.message };
  const err = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = err.cause?.code ?? err.code ?? 'ERROR';
  return { code, message: err.cause?.message ?? err.message };
}

export async function request(address: Address, req: HttpRequest = {}): Promise<HttpExchange> {
  const { method = 'GET', path = '/', headers = {}, body, timeoutMs = 3000 } = req;
  const sent = { method, path, headers, ...(body !== undefined && { body }) };
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  // A fresh client per request: each exchange stands alone, whatever the server does with the
  // connection afterwards.
  const client = new Client(baseUrl(address), {
    connectTimeout: timeoutMs,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    pipelining: 1,
  });
  try {
    const res = await client.request({ method, path, headers, body: body ?? null });
    const bytes = Buffer.from(await res.body.arrayBuffer());
    const response = { status: res.statusCode, headers: flatten(res.headers), body: bytes, text: bytes.toString('utf8') };
    return { kind: 'http', address, sent, response, elapsedMs: elapsed() };
  } catch (error) {
    return { kind: 'http', address, sent, response: null, error: describeError(error), elapsedMs: elapsed() };
  } finally {
    client.destroy().catch(() => {});
  }
}
