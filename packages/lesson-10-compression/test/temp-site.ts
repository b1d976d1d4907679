/**
 * A throwaway copy of the demo site, with the things an attacker would like to reach placed in
 * and around it:
 *
 *     <tmp>/secret.txt                 next to the site, outside the root: never to be served
 *     <tmp>/site-secrets/key.txt       a neighbour whose name starts like the root's
 *     <tmp>/site/                      the root: a copy of the demo site, plus
 *     <tmp>/site/.env                  hidden files
 *     <tmp>/site/.git/config
 *     <tmp>/site/escape.txt         -> ../secret.txt   links that lead out of the root
 *     <tmp>/site/way-out            -> ..              (not made on Windows, see `canLink`)
 *     <tmp>/site/home.html          -> index.html      a link that stays inside, which is fine
 *
 * Tests change files in it freely; `remove` deletes it all.
 */
import { randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_SITE } from '../src/server.ts';

/**
 * Making symbolic links on Windows needs administrator rights or Developer Mode, which a student's
 * machine may not have; the link tests are skipped there.
 */
export const canLink = process.platform !== 'win32';

export interface TempSite {
  /** The folder that holds the site and the secret. */
  dir: string;
  /** The site folder: the root to serve. */
  root: string;
  /** The text of every file placed outside the root or hidden in it. No answer may contain it. */
  secret: string;
  remove(): void;
}

export function makeTempSite(): TempSite {
  const dir = mkdtempSync(path.join(tmpdir(), 'workbook-file-server-'));
  const root = path.join(dir, 'site');
  const secret = `SECRET-${randomUUID()}`;
  cpSync(DEMO_SITE, root, { recursive: true });

  writeFileSync(path.join(dir, 'secret.txt'), secret);
  mkdirSync(path.join(dir, 'site-secrets'));
  writeFileSync(path.join(dir, 'site-secrets', 'key.txt'), secret);
  writeFileSync(path.join(root, '.env'), `PASSWORD=${secret}\n`);
  mkdirSync(path.join(root, '.git'));
  writeFileSync(path.join(root, '.git', 'config'), `[secret]\n  value = ${secret}\n`);
  if (canLink) {
    symlinkSync(path.join('..', 'secret.txt'), path.join(root, 'escape.txt'));
    symlinkSync('..', path.join(root, 'way-out'));
    symlinkSync('index.html', path.join(root, 'home.html'));
  }
  return { dir, root, secret, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
