/**
 * A load generator for big files, used where wrk is not installed: autocannon parses bodies in
 * JavaScript and counts a response only once it is complete, so for a 10 MB file it reports a
 * fraction of the real rate, or nothing at all in a short run. This one uses node:http's own
 * parser and counts bytes as they arrive.
 *
 * Run as its own process, pinned to the load generator's core like wrk:
 *   node --import tsx download-loop-main.ts <url> <connections> <durationMs>
 * It prints one line of JSON: { requests, bytes, seconds, errors }.
 */
import http from 'node:http';

const [url = '', connections = '1', durationMs = '1000'] = process.argv.slice(2);
// One connection per client, kept alive between downloads, as wrk does.
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
const started = performance.now();
const deadline = started + Number(durationMs);
let requests = 0;
let bytes = 0;
let errors = 0;
const open = new Set<http.ClientRequest>();

/** One client: download, and download again, until the time is up. */
function downloadAgain(): void {
  if (performance.now() >= deadline) return;
  const request = http.get(url, { agent }, (response) => {
    if (response.statusCode !== 200) errors++;
    response.on('data', (chunk: Buffer) => (bytes += chunk.length));
    // Cut off at the deadline, or by the server: the request's own 'error' below counts it.
    response.on('error', () => {});
    response.on('end', () => {
      requests++;
      open.delete(request);
      downloadAgain();
    });
  });
  open.add(request);
  request.on('error', () => {
    open.delete(request);
    if (performance.now() >= deadline) return;
    errors++;
    // Try again, but not in a tight loop against a server that refuses every connection.
    setTimeout(downloadAgain, 10);
  });
}

for (let client = 0; client < Number(connections); client++) downloadAgain();

setTimeout(() => {
  const seconds = (performance.now() - started) / 1000;
  // Downloads still under way are cut off; the bytes they brought so far are counted.
  for (const request of open) request.destroy();
  agent.destroy();
  process.stdout.write(`${JSON.stringify({ requests, bytes, seconds, errors })}\n`, () => process.exit(0));
}, Number(durationMs));
