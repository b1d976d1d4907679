/**
 * Starts one of the lesson's demos on 127.0.0.1 and says where. Every demo has two ports:
 *
 *     HTTPS_PORT (8443)   the server itself, over TLS
 *     PORT (8080)         plain HTTP, which only sends you to the HTTPS port (redirect-server.ts)
 *
 * PORT keeps the meaning it has in every lesson: http://localhost:8080 is still what you type,
 * and `pnpm workbook run --port` still sets it. It now answers with a redirect.
 *
 *     pnpm workbook run lesson-13                       lesson 4's file server over HTTPS (the default)
 *     pnpm workbook run lesson-13 -- --demo board       lesson 12's board over HTTPS, Secure cookies
 *     pnpm workbook run lesson-13 -- --demo wire        the same request in the clear and over TLS, as the network sees it
 *
 * The certificate comes from .workbook/certs (or CERT_DIR), made by `pnpm workbook cert`, or made
 * here the first time and said so. The file server serves SITE_DIR (lesson 4's demo site when it
 * is not set); the board keeps its messages in BOARD_FILE (lesson 12's data/messages.jsonl).
 * HOST=0.0.0.0 opens the ports to your network; the certificate still names only this machine.
 *
 * If a port is taken, Node stops with "EADDRINUSE: address already in use": another program,
 * often an earlier copy of this server, is still listening there.
 */
import type http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultCertDir } from '@workbook/cert';
import { createRequestListener, DEMO_SITE } from 'lesson-04-file-server/src/server.ts';
import { createBoardHandler, SettingError } from 'lesson-12-cookies-and-sessions/server';
import pc from 'picocolors';
import { writeLogLine } from 'lesson-02-happy-server/src/log-writer.ts';
import { loadCertificates } from './certificates.ts';
import { createRedirectServer } from './redirect-server.ts';
import { createSecureServer } from './secure-server.ts';
import { sendSampleRequest, startWireDemo } from './wire/demo.ts';

const DEMOS = ['files', 'board', 'wire'] as const;
type Demo = (typeof DEMOS)[number];

const port = Number(process.env.PORT ?? 8080);
const httpsPort = Number(process.env.HTTPS_PORT ?? 8443);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

// pnpm passes on the `--` that separates its own options from ours; it is not one of ours.
const args = process.argv.slice(2).filter((arg) => arg !== '--');
let values: { demo: string; quiet: boolean };
try {
  values = parseArgs({ args, options: { demo: { type: 'string', default: 'files' }, quiet: { type: 'boolean', default: false } } }).values;
} catch (error) {
  console.error(`${(error as Error).message}\nOptions: --demo ${DEMOS.join(' | ')}, --quiet.`);
  process.exit(2);
}
if (!(DEMOS as readonly string[]).includes(values.demo)) {
  console.error(`There is no demo "${values.demo}". Choose one of: ${DEMOS.join(', ')}.`);
  process.exit(2);
}
const demo = values.demo as Demo;
const log = values.quiet ? false : writeLogLine;

// `pnpm --filter` runs us inside this lesson's folder, but a relative path in a variable was meant
// from the folder where you typed the command, which pnpm (and npm) pass on as INIT_CWD.
const fromWhereYouTyped = (value: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), value);
const certDir = process.env.CERT_DIR ? fromWhereYouTyped(process.env.CERT_DIR) : defaultCertDir;
const caFile = path.relative(process.env.INIT_CWD ?? process.cwd(), path.join(certDir, 'ca.pem')) || 'ca.pem';

// No certificate, no HTTPS. Made here the first time, as `pnpm workbook cert` makes them.
const { certificates, madeBecause } = await loadCertificates(certDir);
if (madeBecause) {
  console.log(`Made a local authority and a certificate for localhost in ${pc.bold(certDir)} (${madeBecause}).`);
  console.log(`Nothing trusts the authority yet; ${pc.dim(`pnpm workbook cert`)} says how. Its key, ca-key.pem, stays on this machine.`);
}

const httpsBase = `https://localhost:${httpsPort}`;

if (demo === 'wire') {
  const wire = await startWireDemo({ host, port, httpsPort, certificates });
  console.log(`${pc.bold('wire')}: two relays that print every byte they pass on, like the Wi-Fi between you and a server`);
  console.log(`\n${pc.bold('1. The request in the clear')} (http://localhost:${wire.port}/guide/?search=..., with a session cookie):\n`);
  await sendSampleRequest('http', wire.port, certificates.ca);
  console.log(`\nAnyone on the way can read it all: the path, the search, the cookie, the page that came back.`);
  console.log(`\n${pc.bold('2. The same request over TLS')} (https://localhost:${wire.httpsPort}/guide/?search=...):\n`);
  await sendSampleRequest('https', wire.httpsPort, certificates.ca);
  console.log(
    '\nAnyone on the way can read the name asked for (localhost, in the first message, so the server can pick its certificate),\n' +
      'how many bytes went each way, and when. Not the path, not the search, not the cookie, not the page.',
  );
  console.log(`\nTry your own: ${pc.dim(`curl -b session=mine http://localhost:${wire.port}/`)} and ${pc.dim(`curl --cacert ${caFile} -b session=mine ${httpsBase}/`)}`);
  console.log(`Listening on ${pc.cyan(`http://${host}:${wire.port}/`)} and ${pc.cyan(`https://${host}:${wire.httpsPort}/`)} (press Ctrl+C to stop)`);
} else {
  const { listener, about, tryIt } = start(demo);
  const secure = createSecureServer(listener, { cert: certificates.cert, key: certificates.key, log });
  const redirect = createRedirectServer({ httpsPort, cert: certificates.cert, log });
  // The plain port first: `pnpm workbook run` tells who can reach the program by the first port
  // it listens on, and PORT is the one it was given.
  await listen(redirect, port);
  await listen(secure, httpsPort);
  console.log(`${pc.bold(demo)}: ${about}`);
  console.log(`Try: ${pc.dim(tryIt)}`);
  console.log(`Listening on ${pc.cyan(`${httpsBase}/`)} and on ${pc.cyan(`http://${host}:${port}/`)}, which sends you there (press Ctrl+C to stop)`);
}

function start(which: 'files' | 'board'): { listener: http.RequestListener; about: string; tryIt: string } {
  if (which === 'files') {
    const root = process.env.SITE_DIR ? fromWhereYouTyped(process.env.SITE_DIR) : DEMO_SITE;
    return { listener: createRequestListener({ root, log }), about: `lesson 4's file server over HTTPS; it serves ${root}`, tryIt: `curl --cacert ${caFile} ${httpsBase}/` };
  }
  try {
    // secureCookies: the session cookie gains Secure, so the browser never sends it over plain HTTP.
    return {
      listener: createBoardHandler({ secureCookies: true, log }),
      about: "lesson 12's board over HTTPS; its session cookie is Secure",
      tryIt: `open ${httpsBase}/ and sign up; curl -i --cacert ${caFile} -d name=ada -d password=long-enough ${httpsBase}/sign-up`,
    };
  } catch (error) {
    // A board file or a setting it cannot use is a problem for you to fix: say what, no stack.
    // (Lesson 12 exports its server only; its BoardFileError is known by its code.)
    const boardFile = (error as NodeJS.ErrnoException).code === 'ERR_BOARD_FILE';
    if (!(boardFile || error instanceof SettingError)) throw error;
    console.error((error as Error).message);
    process.exit(1);
  }
}

function listen(server: http.Server, on: number): Promise<void> {
  return new Promise((resolve) => server.listen(on, host, resolve));
}
