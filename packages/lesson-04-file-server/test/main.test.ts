/**
 * src/main.ts as a real process, started the way the lesson's page says: SITE_DIR relative to the
 * folder where the command was typed (the repository's root, which pnpm passes on as INIT_CWD).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { request, startProgram } from '@workbook/testkit';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const repository = fileURLToPath(new URL('../../..', import.meta.url));

async function serve(siteDir: string) {
  return startProgram({ file: main, env: { SITE_DIR: siteDir, INIT_CWD: repository } });
}

test("the page's example, SITE_DIR=exercises/ex06-file-server/public: / is that folder's index.html", async () => {
  const program = await serve('exercises/ex06-file-server/public');
  try {
    const { response } = await request(program, { path: '/' });
    expect(response?.status).toBe(200);
    expect(response?.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response?.body.equals(readFileSync(path.join(repository, 'exercises/ex06-file-server/public/index.html')))).toBe(true);
  } finally {
    await program.stop();
  }
});

test('SITE_DIR=docs: no index.html there, so / is 404, and README.md is shown as text', async () => {
  const program = await serve('docs');
  try {
    const home = await request(program, { path: '/' });
    expect(home.response?.status).toBe(404);
    const readme = await request(program, { path: '/README.md' });
    expect(readme.response?.status).toBe(200);
    expect(readme.response?.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(readme.response?.text).toBe(readFileSync(path.join(repository, 'docs/README.md'), 'utf8'));
  } finally {
    await program.stop();
  }
});
