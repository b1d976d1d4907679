/** One line about the machine a benchmark ran on, because figures mean little without it. */
import os from 'node:os';

export function describeMachine(): string {
  const cores = os.availableParallelism();
  const model = os.cpus()[0]?.model.replace(/\s+/g, ' ').trim();
  const memory = Math.round(os.totalmem() / 1024 ** 3);
  return `${cores} cores${model ? ` (${model})` : ''}, ${memory} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

/**
 * How busy the machine was before the benchmark started: the 1-minute load average, which counts
 * the programs running or waiting to run. Above the number of cores, something else was competing
 * for the CPU, and the figures are lower and noisier than they would be on an idle machine.
 * Windows has no load average; there this says nothing.
 */
export function describeLoad(): string | undefined {
  if (process.platform === 'win32') return undefined;
  const [oneMinute = 0] = os.loadavg();
  const busy = oneMinute >= os.availableParallelism() / 2 ? ' (busy: other programs were running, so expect lower, noisier figures)' : '';
  return `load average ${oneMinute.toFixed(2)} at the start${busy}`;
}

/** `2026-11-21 06:30 UTC`: when, in a form that sorts and reads the same everywhere. */
export function describeDate(date = new Date()): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
