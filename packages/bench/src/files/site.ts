/**
 * The folder every server in the files benchmark serves: made fresh in a temporary folder for
 * each run, so no server finds it in a cache it warmed up earlier, and removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { atExit } from '@workbook/testkit';
import { sizeLabel } from '../table.ts';

export const KB = 1024;
export const MB = 1024 * 1024;

export interface SiteSizes {
  /** The small page, for requests per second and latency (1 KB). */
  page: number;
  /** More pages measured the same way, bigger ones (the fast benchmark adds 100 KB); none unless told. */
  morePages?: number[];
  /** The file for throughput (10 MB). */
  medium: number;
  /** The file 20 clients download at once while memory is watched (100 MB). */
  large: number;
}

export const defaultSizes: SiteSizes = { page: 1 * KB, medium: 10 * MB, large: 100 * MB };

export interface SiteFile {
  /** The path to ask a server for: `/`, `/medium.bin`. */
  urlPath: string;
  bytes: number;
}

export interface Site {
  dir: string;
  page: SiteFile;
  /** The pages of `morePages`, in that order: `/page-100KB/`, each an index.html in a folder of its own. */
  morePages: SiteFile[];
  medium: SiteFile;
  large: SiteFile;
  remove(): void;
}

export async function makeSite(sizes: SiteSizes = defaultSizes): Promise<Site> {
  const dir = mkdtempSync(path.join(tmpdir(), 'workbook-bench-files-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  // 110 MB is too much to leave in the temp folder when the run is stopped half-way.
  const forget = atExit(removeDir);
  writeFileSync(path.join(dir, 'index.html'), htmlPage(sizes.page));
  const morePages = (sizes.morePages ?? []).map((bytes) => {
    // A folder's index.html, asked for as `/page-100KB/`, for the reason the home page is `/` below.
    const folder = `page-${sizeLabel(bytes).replace(' ', '')}`;
    mkdirSync(path.join(dir, folder));
    writeFileSync(path.join(dir, folder, 'index.html'), htmlPage(bytes));
    return { urlPath: `/${folder}/`, bytes };
  });
  await writeRandomFile(path.join(dir, 'medium.bin'), sizes.medium);
  await writeRandomFile(path.join(dir, 'large.bin'), sizes.large);
  return {
    dir,
    // The page is asked for as `/`, as a browser asks for a home page. Not as `/index.html`:
    // serve answers that with a redirect to `/`, and would be measured sending redirects.
    page: { urlPath: '/', bytes: sizes.page },
    morePages,
    medium: { urlPath: '/medium.bin', bytes: sizes.medium },
    large: { urlPath: '/large.bin', bytes: sizes.large },
    remove: () => {
      forget();
      removeDir();
    },
  };
}

/** A real HTML page of exactly `bytes` bytes (ASCII, so characters and bytes agree). */
export function htmlPage(bytes: number): string {
  const head = '<!doctype html>\n<title>files benchmark</title>\n<p>';
  const tail = '</p>\n';
  const filler = 'The quick brown fox jumps over the lazy dog. ';
  const room = Math.max(0, bytes - head.length - tail.length);
  return (head + filler.repeat(Math.ceil(room / filler.length)).slice(0, room) + tail).slice(0, bytes);
}

/**
 * Random bytes, written for real: a file of zeros might be stored sparse, with no disk blocks
 * behind it, and read back faster than any real file.
 */
async function writeRandomFile(file: string, bytes: number): Promise<void> {
  const block = randomBytes(Math.min(bytes, MB));
  const handle = await open(file, 'w');
  try {
    for (let written = 0; written < bytes; written += block.length) {
      await handle.write(block, 0, Math.min(block.length, bytes - written));
    }
  } finally {
    await handle.close();
  }
}
