/**
 * Sends a stored file back, byte for byte, streamed from the disk.
 *
 * The file is read in pieces and each piece written as it comes; when the socket is full we wait
 * for it to empty (`drained`). A 2 GB file costs a few pieces of memory, not 2 GB. It is opened
 * once, and its size and bytes come from that one opening: an upload that replaces it meanwhile
 * (a rename) does not change what this answer sends.
 *
 * It goes out as `application/octet-stream`, "just bytes", with `X-Content-Type-Options: nosniff`
 * so the browser does not guess, and `Content-Disposition: attachment` so it saves the file
 * instead of showing it. Anyone can upload here: a file holding `<script>` must never be run as a
 * page from our address.
 */
import { open } from 'node:fs/promises';
import type { Response } from './response.ts';

export async function sendFile(response: Response, filePath: string, name: string): Promise<void> {
  const file = await open(filePath, 'r').catch(() => undefined);
  if (file === undefined) return response.sendError(404, `There is no stored file called ${name}.`);
  try {
    const info = await file.stat();
    if (!info.isFile()) return response.sendError(404, `There is no stored file called ${name}.`);
    response.sendResponse(200);
    response.sendHeader('Content-Type', 'application/octet-stream');
    response.sendHeader('Content-Length', info.size);
    response.sendHeader('X-Content-Type-Options', 'nosniff');
    response.sendHeader('Content-Disposition', `attachment; filename="${name}"`);
    response.endHeaders();
    for await (const piece of file.createReadStream({ autoClose: false })) {
      if (response.write(piece as Buffer)) continue;
      // The socket holds more than it has sent: wait until the client has taken it.
      const stillThere = await response.drained();
      if (!stillThere) return;
    }
  } finally {
    await file.close();
  }
}
