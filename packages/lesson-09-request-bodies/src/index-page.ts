/**
 * GET /: the stored files, and the commands to send more.
 *
 * Everything that came from outside (file names are safe by now, but the Host header is whatever
 * the client wrote) is escaped before it goes into the page.
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { escapeHtml } from './escape-html.ts';
import { isSafeName } from './safe-name.ts';

export interface StoredFile {
  name: string;
  size: number;
}

/** The finished uploads, by name. Temporary files (names starting with ".") are not uploads. */
export async function listFiles(folder: string): Promise<StoredFile[]> {
  const names = (await readdir(folder)).filter(isSafeName).sort();
  const files: StoredFile[] = [];
  for (const name of names) {
    const info = await stat(path.join(folder, name)).catch(() => undefined);
    if (info?.isFile()) files.push({ name, size: info.size });
  }
  return files;
}

export function indexPage(files: StoredFile[], host: string): string {
  const base = escapeHtml(`http://${host}`);
  const list =
    files.length === 0
      ? '<p>Nothing stored yet.</p>'
      : `<ul>\n${files.map(({ name, size }) => `<li><a href="/files/${name}">${name}</a> (${size} bytes)</li>`).join('\n')}\n</ul>`;
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Uploads</title></head>
<body>
<h1>Stored files</h1>
${list}
<h2>Send a file</h2>
<pre>
curl -i --data-binary @photo.jpg ${base}/files/photo.jpg
curl -i -T notes.txt ${base}/files/notes.txt
curl -i -H 'Transfer-Encoding: chunked' --data-binary @notes.txt ${base}/files/chunked.txt
curl -v -H 'Expect: 100-continue' --data-binary @photo.jpg ${base}/files/asked-first.jpg
curl -o copy.jpg ${base}/files/photo.jpg
</pre>
<h2>What your browser sends</h2>
<p><a href="/headers">/headers</a> shows this request's headers as the server read them.</p>
<h2>A browser form, refused</h2>
<form method="post" action="/files/from-a-form.bin" enctype="multipart/form-data">
<input type="file" name="file"> <button>Upload</button>
</form>
<p>A form wraps the file in <code>multipart/form-data</code>, with its own boundaries and headers.
This server stores bodies as they are, so it answers 415.</p>
</body>
</html>
`;
}
