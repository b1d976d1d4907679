/**
 * src/main.ts as a real process, the way `pnpm workbook run lesson-09` starts it: it listens on
 * 127.0.0.1, says so truthfully, and stores uploads in FILES_DIR.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { random, request, startProgram } from '@workbook/testkit';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const filesDir = mkdtempSync(path.join(os.tmpdir(), 'lesson-09-main-'));
afterAll(() => rmSync(filesDir, { recursive: true, force: true }));

test('prints its real address, 127.0.0.1, and the folder; an upload lands in FILES_DIR', async () => {
  const program = await startProgram({ file: main, env: { FILES_DIR: filesDir } });
  try {
    expect(program.host).toBe('127.0.0.1');
    // The kit knows it is listening a moment before its first line reaches us.
    for (let i = 0; i < 100 && !program.stdout.text.includes('Uploads'); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(program.stdout.text).toContain(`Listening on http://127.0.0.1:${program.port}/`);
    expect(program.stdout.text).toContain(`Uploads are stored in ${filesDir}`);
    const [name, body] = [`${random.word()}.txt`, random.text()];
    const { response } = await request(program, { method: 'PUT', path: `/files/${name}`, body });
    expect(response?.status).toBe(201);
    expect(readFileSync(path.join(filesDir, name), 'utf8')).toBe(body);
  } finally {
    await program.stop();
  }
});
