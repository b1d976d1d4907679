/**
 * `pnpm run docs`: builds the site, then serves it on http://127.0.0.1:4321/ (or the port in
 * PORT; when 4321 is taken, any free port). Plain `pnpm docs` is a pnpm command of its own, so
 * the `run` is needed. After editing the Markdown, stop with Ctrl+C and run it again.
 */
import { buildSite, DeadLinkError } from './build.ts';
import { serveSite, type SiteServer } from './serve.ts';

const DEFAULT_PORT = 4321;

let site;
try {
  site = buildSite();
} catch (error) {
  if (!(error instanceof DeadLinkError)) throw error;
  console.error(error.message);
  process.exit(1);
}
console.log(`Built ${site.pages.length} pages in ${site.elapsedMs} ms.`);

const wanted = process.env.PORT === undefined ? DEFAULT_PORT : Number(process.env.PORT);
let server: SiteServer;
try {
  server = await serveSite(site.outDir, wanted);
} catch (error) {
  // A taken default port is no reason to give up; a port chosen on purpose is.
  if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || process.env.PORT !== undefined) throw error;
  server = await serveSite(site.outDir, 0);
}
console.log(`The course is at ${server.url}  (press Ctrl+C to stop)`);
