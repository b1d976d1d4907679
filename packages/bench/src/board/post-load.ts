/**
 * Posts under load: every request `POST /messages` with the same form, sent by wrk or autocannon.
 * The shared load generators only GET, so this file tells each of them the method, the body and
 * the Content-Type: wrk through a Lua script, autocannon through its options. Neither sends an
 * Origin or Sec-Fetch-Site header: like curl, a load generator is not a browser, so the board's
 * cross-site check lets it post.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { autocannonArgs, autocannonBin, parseAutocannonReport } from '../autocannon.ts';
import type { LoadGenerator, LoadResult, LoadSpec } from '../load.ts';
import { LOAD_CORE, onCore } from '../pinning.ts';
import { runToEnd } from '../run-to-end.ts';
import { findWrk, parseWrkReport, wrkArgs, wrkSeconds } from '../wrk.ts';
import { FORM_TYPE } from './messages.ts';

const reportScript = fileURLToPath(new URL('../wrk-report.lua', import.meta.url));

/**
 * `text` as a Lua string literal, in double quotes. Quotes and backslashes are escaped, and every
 * byte that is not printable ASCII becomes `\ddd` (three decimal digits, so a digit after it is
 * never read as part of it). That way any text, in any language, reaches wrk byte for byte.
 */
export function luaString(text: string): string {
  let literal = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    if (char === '"' || char === '\\') literal += `\\${char}`;
    else if (byte >= 0x20 && byte < 0x7f) literal += char;
    else literal += `\\${String(byte).padStart(3, '0')}`;
  }
  return `"${literal}"`;
}

/**
 * The Lua script for wrk: the request to send, then wrk-report.lua, whose done() prints the figures
 * the workbook reads. wrk takes one script only, so the two go in one file. With no request()
 * function in it, wrk builds this request once and sends it over and over, to the path in the URL
 * it was given, adding Host and Content-Length itself.
 */
export function wrkPostScript(body: string, report = readFileSync(reportScript, 'utf8')): string {
  return [
    '-- Written by `pnpm bench board`: every request is this form post.',
    'wrk.method = "POST"',
    `wrk.body = ${luaString(body)}`,
    `wrk.headers["Content-Type"] = ${luaString(FORM_TYPE)}`,
    '',
    report,
  ].join('\n');
}

/** autocannon's usual arguments, with the method, the body and the Content-Type before the URL. */
export function autocannonPostArgs(bin: string, spec: LoadSpec, body: string): string[] {
  const args = autocannonArgs(bin, spec);
  const url = args.pop()!;
  return [...args, '--method=POST', `--headers=Content-Type=${FORM_TYPE}`, `--body=${body}`, url];
}

/**
 * autocannon counts every answer outside 2xx as "non-2xx", so each 303 would be an error. The
 * answers a post should get are 303s: they are taken back out of the errors.
 */
export function parseAutocannonPosts(stdout: string): LoadResult {
  const result = parseAutocannonReport(stdout);
  const line = stdout.split('\n').findLast((text) => text.startsWith('{'))!;
  const redirects = (JSON.parse(line) as { '3xx'?: number })['3xx'] ?? 0;
  return { ...result, errors: result.errors - redirects };
}

/**
 * A function that runs one load of posts of `body` to `spec.url`, as LoadGenerator.requests runs
 * one of GETs. wrk's script is written once, into `folder`.
 */
export function postLoad(load: LoadGenerator, body: string, folder: string): (spec: LoadSpec) => Promise<LoadResult> {
  if (load.name === 'wrk') {
    const wrk = findWrk()!;
    const script = path.join(folder, 'post.lua');
    writeFileSync(script, wrkPostScript(body));
    return async (spec) => {
      const args = wrkArgs(spec);
      // The same arguments as for a GET, with this script in place of the report script alone.
      args[args.indexOf('-s') + 1] = script;
      const limit = wrkSeconds(spec.durationMs) * 1000 + 15_000;
      const { code, stdout, stderr } = await runToEnd(onCore(LOAD_CORE, { command: wrk, args }), limit);
      if (code !== 0) throw new Error(`wrk exited with code ${code}: ${(stderr || stdout).trim()}`);
      return parseWrkReport(stdout);
    };
  }
  const bin = autocannonBin();
  return async (spec) => {
    const command = onCore(LOAD_CORE, { command: process.execPath, args: autocannonPostArgs(bin, spec, body) });
    const { code, stdout, stderr } = await runToEnd(command, spec.durationMs + 20_000);
    if (code !== 0) throw new Error(`autocannon exited with code ${code}: ${stderr.trim()}`);
    return parseAutocannonPosts(stdout);
  };
}
