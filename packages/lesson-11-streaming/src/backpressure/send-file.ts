/**
 * Two ways to send a big file over a socket: the naive one, which is what most first attempts
 * look like, and the careful one. Both send the same bytes; only memory tells them apart.
 *
 * The disk is fast and the client may be slow. Reading the file gives us pieces as fast as the
 * disk can go, far faster than a phone on a bad line can take them.
 *
 *   naive:    write every piece the moment it is read. write() queues what the client has not
 *             taken yet, in our memory, and we never look at its answer. With a slow client the
 *             queue grows until it holds the whole file: 100 MB per slow visitor.
 *   careful:  when write() returns false, stop reading the file until the socket says 'drain'.
 *             The file waits on the disk, where it already is; memory holds a piece or two.
 *
 * Lesson 4 never had this problem: `pipeline(stream, response)` does the careful version for us.
 * This file shows what it does.
 */
import { createReadStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { drained } from '../wire/drained.ts';

export interface Progress {
  /** Bytes read from the file so far. */
  readFromFile: number;
  /** How many times we stopped reading to wait for the client. */
  pauses: number;
}

/**
 * Pieces the size of the socket's own limit (16 KiB): one piece is as much as write() takes
 * before it says "enough". It also keeps memory level. A piece already sent is garbage, freed
 * only when the garbage collector next runs; with fs's usual 64 KiB pieces the careful server's
 * memory rose by twice as much before it levelled off (`pnpm bench streaming` measures it).
 */
function readInPieces(socket: Writable, filePath: string) {
  return createReadStream(filePath, { highWaterMark: socket.writableHighWaterMark });
}

/** Before: read as fast as the disk goes, write without listening. */
export function sendNaively(socket: Writable, filePath: string, progress: Progress): Promise<void> {
  return new Promise((resolve, reject) => {
    const file = readInPieces(socket, filePath);
    file.on('data', (piece) => {
      progress.readFromFile += piece.length;
      // The mistake: write() said whether to go on, and nobody listened.
      socket.write(piece);
    });
    file.on('end', resolve);
    file.on('error', reject);
  });
}

/** After: every piece waits until the socket has room for it. `onPause` hears of each wait. */
export async function sendCarefully(socket: Writable, filePath: string, progress: Progress, onPause: () => void = () => {}): Promise<void> {
  // A for await loop pulls the next piece only when the loop body is done, so while we wait for
  // 'drain' the file is not read. Leaving the loop early (the client left: drained() throws)
  // closes the file.
  for await (const piece of readInPieces(socket, filePath)) {
    progress.readFromFile += (piece as Buffer).length;
    if (!socket.write(piece)) {
      progress.pauses++;
      onPause();
      await drained(socket);
    }
  }
}
