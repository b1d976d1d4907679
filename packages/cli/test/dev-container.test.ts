/**
 * The one-click workspace: .devcontainer/ (GitHub Codespaces, VS Code's Dev Containers) and
 * .vscode/. Their settings are checked against what the workbook really uses, and the container's
 * post-create step is run for real on a clean copy of the workbook, as a new container runs it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { loadExercises, root } from '@workbook/course';
import { describe, expect, onTestFinished, test } from 'vitest';

const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));
const devContainer = readJson('.devcontainer/devcontainer.json');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

describe('the dev container and the editor settings', () => {
  test('the image is Node 20 on Debian bookworm, the oldest Node the workbook supports', () => {
    const { engines } = readJson('package.json');
    expect(engines.node).toMatch(/^>=20\./);
    expect(devContainer.image).toMatch(/\/javascript-node:20-bookworm$/);
  });

  test('it forwards the port every lesson uses and the port of the course site', () => {
    const lessonMain = readFileSync(path.join(root, 'packages/lesson-01-raw-socket/src/main.ts'), 'utf8');
    const siteMain = readFileSync(path.join(root, 'packages/docs-site/src/dev-main.ts'), 'utf8');
    const lessonPort = Number(lessonMain.match(/process\.env\.PORT \?\? (\d+)/)?.[1]);
    const sitePort = Number(siteMain.match(/const DEFAULT_PORT = (\d+)/)?.[1]);
    expect(lessonPort).toBe(8080);
    expect(devContainer.forwardPorts).toEqual([lessonPort, sitePort]);
    expect(Object.keys(devContainer.portsAttributes).sort()).toEqual([String(lessonPort), String(sitePort)].sort());
  });

  test('the container and .vscode recommend the same extensions: the test runner and the linter the workbook uses', () => {
    const { recommendations } = readJson('.vscode/extensions.json');
    expect(devContainer.customizations.vscode.extensions).toEqual(recommendations);
    expect(recommendations).toEqual(['vitest.explorer', 'biomejs.biome']);
    const { devDependencies } = readJson('package.json');
    expect(Object.keys(devDependencies)).toEqual(expect.arrayContaining(['vitest', '@biomejs/biome']));
  });

  test("the editor's tasks run the commands the README gives", () => {
    const { tasks } = readJson('.vscode/tasks.json');
    const commands = tasks.map((task: { command: string }) => task.command);
    expect(commands).toEqual(['pnpm workbook watch', 'pnpm run docs']);
    for (const command of commands) expect(readme).toContain(command);
  });

  test('the README tells how to open it in a container', () => {
    expect(readme).toContain('.devcontainer/');
    expect(readme).toContain('Codespaces');
    expect(devContainer.postCreateCommand).toBe('node .devcontainer/post-create.mjs');
  });
});

// The post-create step installs Chromium and bubblewrap when they are missing, which takes root and
// the network; where they are already here it goes straight on to `npm run setup`, and that is
// what runs here. CI installs both first, so there it always runs.
const debianPackagesHere = existsSync('/usr/bin/chromium') && ['/usr/bin/bwrap', '/bin/bwrap'].some((file) => existsSync(file));
if (!debianPackagesHere && process.platform === 'linux') {
  console.warn('NOTICE: the dev container post-create run is skipped: it needs chromium and bubblewrap installed here first (sudo apt-get install chromium bubblewrap).');
}
if (process.platform !== 'linux') console.warn(`NOTICE: the dev container post-create run is skipped: a dev container is Linux, this is ${process.platform}.`);

/** A clean copy of the workbook as git sees it: every file it tracks or would track, no node_modules. */
function cleanCopy(): string {
  const list = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  expect(list.status, list.stderr).toBe(0);
  const copy = mkdtempSync(path.join(tmpdir(), 'workbook-devcontainer-'));
  for (const file of list.stdout.split('\0').filter(Boolean)) {
    if (!existsSync(path.join(root, file))) continue; // deleted, not yet committed
    mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
    copyFileSync(path.join(root, file), path.join(copy, file));
  }
  return copy;
}

test.skipIf(process.platform !== 'linux' || (!debianPackagesHere && !process.env.CI))(
  "the container's post-create step, run on a clean copy, leaves a workbook ready to work in",
  () => {
    const copy = cleanCopy();
    onTestFinished(() => rmSync(copy, { recursive: true, force: true }));
    const run = spawnSync(process.execPath, ['.devcontainer/post-create.mjs'], { cwd: copy, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
    const out = stripVTControlCharacters(`${run.stdout}${run.stderr}`);
    expect(run.status, out).toBe(0);
    expect(out).not.toContain('Installing chromium');
    expect(out).toContain(`0 of ${loadExercises().length} exercises pass`);
    expect(existsSync(path.join(copy, 'node_modules', '.bin', 'vitest'))).toBe(true);
    // The task the editor offers starts from the copy too: `pnpm workbook` answers.
    const help = spawnSync(process.execPath, ['packages/cli/bin/workbook.mjs', 'help'], { cwd: copy, encoding: 'utf8' });
    expect(help.status, `${help.stdout}${help.stderr}`).toBe(0);
    expect(help.stdout).toContain('watch');
  },
  300_000,
);
