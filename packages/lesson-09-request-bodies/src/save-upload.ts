/**
 * Stores a body that arrives in pieces, so that the file under its name is always complete.
 *
 *     body pieces ──> .upload-<random>.tmp ──(every byte, on disk)──> rename ──> report.pdf
 *                                └──(the body broke off)──> deleted
 *
 * Written straight to `report.pdf`, a client that stops half-way would leave half a file under
 * the real name, and a download at the wrong moment would get half a file too. A temporary name
 * first, then one rename: the operating system replaces the name in one step, so readers see the
 * old file or the new one, never a mixture. Two uploads to the same name each write their own
 * temporary file, and the last rename wins.
 */
import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';

/** Writes every piece of `body` to `folder/name`; returns the number of bytes stored. */
export async function saveUpload(body: AsyncIterable<Buffer>, folder: string, name: string): Promise<number> {
  // Starts with a dot, which no safe name does: it can never be mistaken for an upload, listed,
  // or downloaded.
  const temporary = path.join(folder, `.upload-${randomUUID()}.tmp`);
  const file = await open(temporary, 'wx');
  let stored = 0;
  try {
    // Backpressure, the handler's half: the next piece is taken only once the disk has this one,
    // so a slow disk slows the client down instead of filling our memory.
    for await (const piece of body) {
      await file.write(piece);
      stored += piece.length;
    }
    // On disk for real, not just in the system's cache, before the name says it is there.
    await file.sync();
    await file.close();
    await rename(temporary, path.join(folder, name));
    return stored;
  } catch (error) {
    // The body broke off (or the disk failed): no partial file is kept, under any name.
    await file.close().catch(() => {});
    await rm(temporary, { force: true });
    throw error;
  }
}
