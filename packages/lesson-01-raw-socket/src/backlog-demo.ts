/**
 * The listen backlog, seen from the clients' side: 200 clients connect at once to a server that
 * holds still for 2 seconds, first with the source material's backlog of 5, then with Node's
 * default of 511.
 *
 *     pnpm --filter lesson-01-raw-socket backlog
 *
 * Everything stays on 127.0.0.1. Each run takes at most about 20 seconds: a client still
 * unanswered after 15 seconds gives up.
 */
import pc from 'picocolors';
import { crowd } from './crowd.ts';

const CLIENTS = 200;
const STALL_MS = 2000;
const GIVE_UP_MS = 15_000;

for (const backlog of [5, 511]) {
  console.log(pc.bold(`\nlisten(..., ${backlog}): ${CLIENTS} clients connect at once, the server holds still for ${STALL_MS / 1000} s`));
  const result = await crowd({ backlog, clients: CLIENTS, stallMs: STALL_MS, giveUpMs: GIVE_UP_MS });
  console.log(`  connected while the server held still: ${result.connectedWhileStalled} of ${CLIENTS}`);
  console.log(`  answered within ${GIVE_UP_MS / 1000} s: ${result.outcomes.answered}`);
  console.log(`  refused: ${result.outcomes.refused}, reset: ${result.outcomes.reset}`);
  const { 'never connected': neverConnected, 'connected, never answered': neverAnswered } = result.outcomes;
  console.log(`  still waiting when they gave up: ${neverConnected} never connected, ${neverAnswered} connected but never answered`);
  console.log(`  answered clients had connected: ${spread(result.connectTimesMs)}`);
}

/** "6 at once, 49 after 2-2.5 s, ..." in half-second steps. */
function spread(timesMs: number[]): string {
  const counts = new Map<number, number>();
  for (const ms of timesMs) {
    const step = Math.floor(ms / 500) / 2;
    counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  const steps = [...counts.entries()].sort(([a], [b]) => a - b);
  return steps.map(([step, count]) => (step === 0 ? `${count} at once` : `${count} after ${step}-${step + 0.5} s`)).join(', ') || 'none';
}
