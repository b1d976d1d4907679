/**
 * `pnpm docs:build`: builds the site into packages/docs-site/dist/, or says which links are dead.
 */
import path from 'node:path';
import { buildSite, DeadLinkError } from './build.ts';
import { root } from './site-paths.ts';

try {
  const site = buildSite();
  console.log(`Built ${site.pages.length} pages in ${site.elapsedMs} ms: ${path.relative(root, site.outDir)}/`);
  console.log('Serve it with: pnpm run docs');
} catch (error) {
  if (!(error instanceof DeadLinkError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
