/**
 * autocannon, the load generator written in Node, for machines without wrk. It comes with the
 * workbook's packages, so the benchmark always runs. Being JavaScript, it needs about as much CPU
 * per request as a fast Node server does: on 2 cores it tops out near 75k requests a second, so
 * it under-reports servers faster than that. It also measures latency in whole milliseconds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageBin } from './executables.ts';
import type { LoadResult, LoadSpec } from './load.ts';
import { LOAD_CORE, onCore } from './pinning.ts';
import { runToEnd } from './run-to-end.ts';

export function autocannonBin(): string {
  return packageBin('autocannon');
}

export function autocannonVersion(bin: string): string {
  const manifest = path.join(path.dirname(bin), 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

export function autocannonArgs(bin: string, spec: LoadSpec): string[] {
  return [
    bin,
    '--json',
    '--no-progress',
    `--connections=${spec.connections}`,
    `--duration=${spec.durationMs / 1000}`,
    // Sample every 100 ms, not every second, so a run shorter than a second ends on time.
    '-L',
    '100',
    '--timeout=10',
    spec.url,
  ];
}

export async function runAutocannon(bin: string, spec: LoadSpec): Promise<LoadResult> {
  const command = onCore(LOAD_CORE, { command: process.execPath, args: autocannonArgs(bin, spec) });
  const { code, stdout, stderr } = await runToEnd(command, spec.durationMs + 20_000);
  if (code !== 0) throw new Error(`autocannon exited with code ${code}: ${stderr.trim()}`);
  return parseAutocannonReport(stdout);
}

interface AutocannonSummary {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: { total: number };
  throughput: { total: number };
  latency: { p50: number; p99: number };
}

export function parseAutocannonReport(stdout: string): LoadResult {
  const line = stdout.split('\n').findLast((text) => text.startsWith('{'));
  if (!line) throw new Error(`autocannon printed no JSON; its output was:\n${stdout}`);
  const summary = JSON.parse(line) as AutocannonSummary;
  return {
    requests: summary.requests.total,
    seconds: summary.duration,
    bytes: summary.throughput.total,
    p50Ms: summary.latency.p50,
    p99Ms: summary.latency.p99,
    errors: summary.errors + summary.timeouts + summary.non2xx,
  };
}
