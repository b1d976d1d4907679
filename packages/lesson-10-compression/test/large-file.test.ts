/**
 * A big file is sent as it is read, not read whole and then sent.
 *
 * Measuring memory or time would make a flaky test. Instead this test catches the server in the
 * act: it takes the first piece of a 50 MB file, stops reading (so the connection fills up and
 * the server has to wait), and changes the last megabyte of the file on disk. A server that
 * streams has not read that far yet, and sends the new ending. A server that read the whole file
 * before sending holds the old ending in memory, and sends that.
 */
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type RunningServer } from './start-server.ts';
import { makeTempSite, type TempSite } from './temp-site.ts';

const MEGABYTE = 1024 * 1024;
const SIZE = 50 * MEGABYTE;

let site: TempSite;
let server: RunningServer;
let bigFile: string;
beforeAll(async () => {
  site = makeTempSite();
  bigFile = path.join(site.root, 'big.bin');
  // Written a megabyte at a time, so the test itself never holds 50 MB either.
  const fd = openSync(bigFile, 'w');
  for (let written = 0; written < SIZE; written += MEGABYTE) writeSync(fd, randomBytes(MEGABYTE));
  closeSync(fd);
  server = await startServer({ root: site.root });
});
afterAll(async () => {
  await server.stop();
  site.remove();
});

/** Writes over the last megabyte of the file, in place: the same file, a new ending. */
function rewriteEnding(): Buffer {
  const ending = Buffer.alloc(MEGABYTE, 'the new ending ');
  const fd = openSync(bigFile, 'r+');
  writeSync(fd, ending, 0, ending.length, SIZE - ending.length);
  closeSync(fd);
  return ending;
}

async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Downloads /big.bin; `onFirstChunk` runs while the download is paused after its first piece. */
function download(onFirstChunk: () => void): Promise<{ status: number | undefined; length: number; sha256: string; last: Buffer }> {
  return new Promise((resolve, reject) => {
    const { host, port } = server.address;
    http
      .get({ host, port, path: '/big.bin' }, (response) => {
        const hash = createHash('sha256');
        let length = 0;
        const nearTheEnd: Buffer[] = [];
        response.once('data', () => {
          response.pause();
          onFirstChunk();
          response.resume();
        });
        response.on('data', (chunk: Buffer) => {
          hash.update(chunk);
          length += chunk.length;
          if (length > SIZE - 2 * MEGABYTE) nearTheEnd.push(chunk);
        });
        response.on('end', () => {
          const last = Buffer.concat(nearTheEnd).subarray(-MEGABYTE);
          resolve({ status: response.statusCode, length, sha256: hash.digest('hex'), last });
        });
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

test('a 50 MB file arrives whole, and is sent while it is being read', async () => {
  let ending: Buffer = Buffer.alloc(0);
  const received = await download(() => (ending = rewriteEnding()));

  expect(received.status).toBe(200);
  expect(received.length).toBe(SIZE);
  // The ending written after the first piece had left: the server read it only then.
  expect(received.last.equals(ending)).toBe(true);
  // And every other byte is the file's, as it is on disk now.
  expect(received.sha256).toBe(await sha256OfFile(bigFile));
});
