/**
 * Fetches one URL and prints the answer. Start a server first, in another terminal: any lesson's
 * server, or this lesson's practice server (`pnpm --filter lesson-08-clients practice-server`).
 *
 *   pnpm workbook run lesson-08 -- http://localhost:8080/            the socket client
 *   pnpm workbook run lesson-08 -- http://localhost:8080/ --undici   the same with undici
 *
 * Exit code 0: a complete response arrived, whatever its status. 1: it did not. 2: wrong arguments.
 */
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { ClientError } from './client-error.ts';
import { fetchRaw } from './raw-client.ts';
import { showRawResult, showUndiciResult } from './show.ts';
import { fetchWithUndici } from './undici-client.ts';
import { parseHttpUrl } from './url.ts';

const usage = `Usage: pnpm workbook run lesson-08 -- <http://host:port/path> [--undici]

  --undici   fetch with the undici library instead of the hand-written socket client`;

function run(): Promise<number> | number {
  let url: URL;
  let undici: boolean;
  try {
    // `pnpm ... start -- <url>` hands the `--` on to us; it only meant "the rest is for the program".
    const args = process.argv.slice(2).filter((arg, index) => !(index === 0 && arg === '--'));
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { undici: { type: 'boolean' } } });
    if (positionals.length !== 1) throw new ClientError('ERR_BAD_URL', `Give one URL, not ${positionals.length}.`);
    url = parseHttpUrl(positionals[0] ?? '');
    undici = values.undici ?? false;
  } catch (error) {
    console.error(`${pc.red('Error:')} ${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  return undici ? withUndici(url) : withSocket(url);
}

async function withSocket(url: URL): Promise<number> {
  try {
    const result = await fetchRaw(url);
    console.log(showRawResult(result));
    // A body cut short is not an answer to trust, even if what arrived looks fine.
    return result.response.complete ? 0 : 1;
  } catch (error) {
    return failed(error);
  }
}

async function withUndici(url: URL): Promise<number> {
  try {
    console.log(showUndiciResult(await fetchWithUndici(url)));
    return 0;
  } catch (error) {
    return failed(error);
  }
}

function failed(error: unknown): number {
  // Our own errors have a message meant for you; anything else is a bug worth its stack trace.
  if (!(error instanceof ClientError)) throw error;
  console.error(`${pc.red('Error:')} ${error.message}`);
  return 1;
}

process.exitCode = await run();
