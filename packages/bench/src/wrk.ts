/**
 * wrk, the C load generator: one thread on its own core keeps up with any server in this course.
 * It measures in whole seconds. Its figures are read from the line wrk-report.lua prints.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findOnPath } from './executables.ts';
import type { LoadResult, LoadSpec } from './load.ts';
import { LOAD_CORE, onCore } from './pinning.ts';
import { runToEnd } from './run-to-end.ts';

const reportScript = fileURLToPath(new URL('./wrk-report.lua', import.meta.url));
const MARKER = 'WORKBOOK_WRK ';

export function findWrk(): string | undefined {
  return findOnPath('wrk');
}

/** `wrk 4.1.0`, from the first line of `wrk -v` (which exits with 1, so its status is ignored). */
export function wrkVersion(wrk: string): string {
  const { stdout = '' } = spawnSync(wrk, ['-v'], { encoding: 'utf8' });
  return /wrk \S*?(\d+\.\d+\.\d+)/.exec(stdout)?.[1] ?? 'unknown version';
}

/** wrk takes whole seconds; anything shorter than a second becomes one. */
export function wrkSeconds(durationMs: number): number {
  return Math.max(1, Math.round(durationMs / 1000));
}

export function wrkArgs(spec: LoadSpec): string[] {
  return [
    '-t1',
    `-c${spec.connections}`,
    `-d${wrkSeconds(spec.durationMs)}s`,
    // The default of 2 s counts a slow 10 MB download as a failure.
    '--timeout',
    '10s',
    '-s',
    reportScript,
    spec.url,
  ];
}

export async function runWrk(wrk: string, spec: LoadSpec): Promise<LoadResult> {
  const limit = wrkSeconds(spec.durationMs) * 1000 + 15_000;
  const { code, stdout, stderr } = await runToEnd(onCore(LOAD_CORE, { command: wrk, args: wrkArgs(spec) }), limit);
  if (code !== 0) throw new Error(`wrk exited with code ${code}: ${(stderr || stdout).trim()}`);
  return parseWrkReport(stdout);
}

interface WrkSummary {
  requests: number;
  duration_us: number;
  bytes: number;
  errors: Record<'connect' | 'read' | 'write' | 'status' | 'timeout', number>;
  latency_us: { p50: number; p99: number };
}

/** Finds the line wrk-report.lua printed among wrk's own report, and turns it into a LoadResult. */
export function parseWrkReport(stdout: string): LoadResult {
  const line = stdout.split('\n').find((text) => text.startsWith(MARKER));
  if (!line) throw new Error(`wrk printed no ${MARKER.trim()} line; its output was:\n${stdout}`);
  const summary = JSON.parse(line.slice(MARKER.length)) as WrkSummary;
  const { connect, read, write, status, timeout } = summary.errors;
  return {
    requests: summary.requests,
    seconds: summary.duration_us / 1e6,
    bytes: summary.bytes,
    p50Ms: summary.latency_us.p50 / 1000,
    p99Ms: summary.latency_us.p99 / 1000,
    errors: connect + read + write + status + timeout,
  };
}
