/**
 * Many clients downloading the same big file at the same moment: the load under which a server
 * that reads whole files into memory, or ignores backpressure, shows it. Bounded: each client
 * downloads once, and whatever is still running at the time limit is cut off.
 */
import { setMaxListeners } from 'node:events';
import http from 'node:http';

export interface DownloadsOutcome {
  /** Downloads that received the whole file. */
  completed: number;
  /** Downloads that failed, got a wrong status, or were cut off. */
  failed: number;
  /** True when the time limit ended the downloads. */
  cutOff: boolean;
  seconds: number;
}

export async function downloadAtOnce(url: string, clients: number, expectedBytes: number, timeLimitMs: number): Promise<DownloadsOutcome> {
  const stop = new AbortController();
  // Every client listens to the one signal; more than 10 listeners is intended here, not a leak.
  setMaxListeners(clients + 1, stop.signal);
  const timer = setTimeout(() => stop.abort(), timeLimitMs);
  const started = performance.now();
  const outcomes = await Promise.all(Array.from({ length: clients }, () => downloadOnce(url, expectedBytes, stop.signal)));
  clearTimeout(timer);
  const completed = outcomes.filter(Boolean).length;
  return { completed, failed: clients - completed, cutOff: stop.signal.aborted, seconds: (performance.now() - started) / 1000 };
}

/** Resolves true once the whole file has arrived, false on any failure. Never rejects. */
function downloadOnce(url: string, expectedBytes: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    // agent: false gives each client its own connection, as 20 separate browsers would have.
    const request = http.get(url, { agent: false, signal }, (response) => {
      let received = 0;
      response.on('data', (chunk: Buffer) => (received += chunk.length));
      response.on('end', () => resolve(response.statusCode === 200 && received === expectedBytes));
      // Cut off or failed half-way: 'close' without 'end'. (After 'end' this changes nothing.)
      response.on('close', () => resolve(false));
    });
    request.on('error', () => resolve(false));
  });
}
