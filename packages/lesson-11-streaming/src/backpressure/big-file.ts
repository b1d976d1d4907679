/**
 * The file the download demo sends when BIG_FILE names none: 100 MB of made-up bytes in the
 * system's temporary folder, written once and then reused. Big enough that a server holding
 * it all in memory shows up plainly in `top` or in Task Manager.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';

export const BIG_FILE_BYTES = 100 * 1024 * 1024;

/** The path of a file of `bytes` bytes, written now if it is not there yet with that size. */
export async function bigFile(bytes = BIG_FILE_BYTES, file = path.join(tmpdir(), `workbook-streaming-${bytes}.bin`)): Promise<string> {
  const existing = await stat(file).catch(() => undefined);
  if (existing?.size === bytes) return file;
  // Lines of text, so a piece of it shown in a terminal is readable: "line 000000042 of the big file".
  const out = createWriteStream(file);
  let written = 0;
  let n = 0;
  while (written < bytes) {
    // About a megabyte of lines per write.
    const lines: string[] = [];
    for (let i = 0; i < 16_384; i++) lines.push(`line ${String(n++).padStart(9, '0')} of the big file, sent to show backpressure\n`);
    const piece = Buffer.from(lines.join('')).subarray(0, bytes - written);
    written += piece.length;
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await finished(out);
  return file;
}
