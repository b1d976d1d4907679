// Exercise 06: a file server, solved.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const port = Number(process.env.PORT ?? 8080);
// 127.0.0.1: only this computer can reach the server. HOST=0.0.0.0 opens it to your network.
const host = process.env.HOST || '127.0.0.1';

// Absolute, so the check in findFile compares one absolute path with another. path.resolve
// starts from the folder the server was started in: this exercise's folder.
const publicDir = path.resolve('public');
const errorPage = path.join(publicDir, 'Error.html');

// Text types carry their charset; a picture is bytes, not letters, so it has none.
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
};

const server = http.createServer(async (req, res) => {
  console.log(req.method, req.url);

  const file = await findFile(req.url ?? '/');
  if (file) await sendFile(res, 200, file);
  else await sendFile(res, 404, errorPage);
});

/** The file in public/ that a request's path names, or null when there is none to send. */
async function findFile(url: string): Promise<string | null> {
  // The query string (?lang=en) is not part of the file's name.
  const urlPath = url.split('?')[0] ?? '/';

  // Decode once: "%2e%2e" becomes "..", which the check below catches like any other "..".
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null; // a broken encoding such as "%zz" names no file
  }
  // A NUL byte makes node's file functions throw, and on Windows a backslash separates folders.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;

  // join tidies the ".." away: public + "/../server.ts" is "server.ts", outside public/.
  const file = path.join(publicDir, decoded === '/' ? 'index.html' : decoded);
  if (!isInside(publicDir, file)) return null;

  try {
    // A folder is not a page.
    return (await stat(file)).isFile() ? file : null;
  } catch {
    return null; // no such file, or a path that goes on after a file (/index.html/more)
  }
}

/** Is `file` somewhere below `folder`? The way from one to the other must not start by going up. */
function isInside(folder: string, file: string): boolean {
  const way = path.relative(folder, file);
  return way !== '' && way !== '..' && !way.startsWith(`..${path.sep}`) && !path.isAbsolute(way);
}

/** Sends a file a piece at a time, instead of reading all of it into memory first. */
async function sendFile(res: http.ServerResponse, status: number, file: string): Promise<void> {
  const { size } = await stat(file);
  res.writeHead(status, {
    'Content-Type': contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': size,
  });
  try {
    await pipeline(createReadStream(file), res);
  } catch {
    // The client left half-way, or the disk failed. The headers are sent, so all we can do is
    // cut the connection.
    res.destroy();
  }
}

server.listen(port, host, () => {
  console.log(`Listening on http://${host}:${port}/`);
});
