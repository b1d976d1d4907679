/** Runs download-loop-main.ts as a pinned process and reads its one line of JSON. */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { LoadSpec, Throughput } from './load.ts';
import { LOAD_CORE, onCore } from './pinning.ts';
import { runToEnd } from './run-to-end.ts';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const script = fileURLToPath(new URL('./download-loop-main.ts', import.meta.url));

export async function runDownloadLoop(spec: LoadSpec): Promise<Throughput> {
  const args = ['--import', tsx, script, spec.url, String(spec.connections), String(spec.durationMs)];
  const { code, stdout, stderr } = await runToEnd(onCore(LOAD_CORE, { command: process.execPath, args }), spec.durationMs + 20_000);
  const line = stdout.split('\n').findLast((text) => text.startsWith('{'));
  if (code !== 0 || !line) throw new Error(`the download loop failed (exit code ${code}): ${stderr.trim()}`);
  return JSON.parse(line) as Throughput;
}
