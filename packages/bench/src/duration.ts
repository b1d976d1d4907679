/** Reads a duration as typed on the command line: `3s`, `500ms`, `1m`, or a bare number of seconds. */
import { UsageError } from '@workbook/course';

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

export function parseDuration(text: string, option = '--duration'): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(text.trim());
  const ms = match ? Number(match[1]) * unitMs[match[2] ?? 's']! : NaN;
  if (!(ms >= 100 && ms <= 60_000)) {
    throw new UsageError(`${option} takes a time from 100ms to 60s, such as 3s or 500ms; "${text}" is not one.`, 'ERR_BAD_BENCH_OPTION');
  }
  return ms;
}
