/**
 * Starts the file server on the port in the PORT variable (8080 when it is not set) and says
 * where to find it. If the port is taken, Node stops with "EADDRINUSE: address already in use":
 * another program, often an earlier copy of this server, is still listening there.
 *
 * It serves the folder in the SITE_DIR variable, or the demo site in site/ when it is not set.
 * If SITE_DIR names no folder, Node stops with "ENOENT: no such file or directory".
 */
import path from 'node:path';
import pc from 'picocolors';
import { createServer, DEMO_SITE } from './server.ts';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';
// `pnpm --filter` runs us inside this lesson's folder, but a relative SITE_DIR was meant from the
// folder where you typed the command, which pnpm (and npm) pass on as INIT_CWD.
const siteDir = process.env.SITE_DIR ? path.resolve(process.env.INIT_CWD ?? process.cwd(), process.env.SITE_DIR) : DEMO_SITE;

createServer({ root: siteDir }).listen(port, host, () => {
  console.log(`Serving the folder ${pc.bold(siteDir)}`);
  console.log(`Listening on ${pc.cyan(`http://${host}:${port}/`)} (press Ctrl+C to stop)`);
});
