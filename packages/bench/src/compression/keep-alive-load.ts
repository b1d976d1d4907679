/**
 * A small load loop for the compression benchmark: `connections` kept-alive node:http clients,
 * each asking for the same page with the same Accept-Encoding again and again until the time is
 * up. wrk and autocannon would do, but the point here is the header, and this loop sends it the
 * same way whichever of them is installed. It counts answers and the bytes of their bodies as
 * they travelled (still compressed: node:http never unpacks a body).
 */
import http from 'node:http';

export interface EncodedLoad {
  port: number;
  path: string;
  /** undefined: no Accept-Encoding at all. */
  acceptEncoding: string | undefined;
  connections: number;
  durationMs: number;
}

export interface EncodedLoadResult {
  requests: number;
  seconds: number;
  /** Body bytes received, as sent: compressed when the answer was. */
  bodyBytes: number;
  errors: number;
}

/** One answer: its status, Content-Encoding and body bytes as they travelled. */
export function fetchOnce(
  port: number,
  path: string,
  acceptEncoding: string | undefined,
  agent?: http.Agent,
): Promise<{ status: number; encoding: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding };
    const request = http.get({ host: '127.0.0.1', port, path, headers, agent }, (response) => {
      const pieces: Buffer[] = [];
      response.on('data', (piece: Buffer) => pieces.push(piece));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, encoding: response.headers['content-encoding'], body: Buffer.concat(pieces) }));
      response.on('error', reject);
    });
    request.on('error', reject);
    // Bounded: a server that stops answering ends the run instead of hanging it.
    request.setTimeout(5000, () => request.destroy(new Error('no answer within 5 s')));
  });
}

export async function runEncodedLoad(load: EncodedLoad): Promise<EncodedLoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: load.connections });
  const started = performance.now();
  const deadline = started + load.durationMs;
  let requests = 0;
  let bodyBytes = 0;
  let errors = 0;
  const client = async () => {
    while (performance.now() < deadline) {
      try {
        const answer = await fetchOnce(load.port, load.path, load.acceptEncoding, agent);
        if (answer.status >= 400) errors++;
        else {
          requests++;
          bodyBytes += answer.body.length;
        }
      } catch {
        errors++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: load.connections }, client));
  } finally {
    agent.destroy();
  }
  return { requests, seconds: (performance.now() - started) / 1000, bodyBytes, errors };
}
