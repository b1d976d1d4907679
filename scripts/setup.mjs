// `npm run setup`: everything a fresh clone needs, then the progress board.
//
// Plain JavaScript on purpose: it runs before anything is installed, with nothing but Node.
// 1. Check the Node version.  2. Make `pnpm` available (through corepack, which ships with Node
// up to version 24).  3. Install the workbook's packages.  4. Show the progress board.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const MIN_NODE = [20, 18, 1];
const { packageManager } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const pnpmVersion = packageManager.split('@')[1].split('+')[0];

// pnpm and corepack are .cmd files on Windows, which Node can only start through the shell. The
// arguments below are fixed, never typed by a user, so that is safe.
const shell = process.platform === 'win32';
// corepack would otherwise stop and ask before downloading pnpm, which hangs with no terminal.
const env = { ...process.env, COREPACK_ENABLE_DOWNLOAD_PROMPT: '0' };

function run(command, args, options = {}) {
  return spawnSync(command, args, { stdio: 'inherit', shell, env, ...options });
}

function output(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8', shell, env, stdio: ['ignore', 'pipe', 'ignore'] });
  return result.status === 0 ? result.stdout.trim() : null;
}

function fail(message) {
  console.error(`\nSetup stopped: ${message}`);
  process.exit(1);
}

function step(text) {
  console.log(`\n== ${text}`);
}

step(`Node ${process.versions.node}`);
const node = process.versions.node.split('.').map(Number);
const firstDifference = MIN_NODE.findIndex((part, i) => node[i] !== part);
const older = firstDifference !== -1 && node[firstDifference] < MIN_NODE[firstDifference];
if (older) fail(`the workbook needs Node ${MIN_NODE.join('.')} or newer. Install the current LTS from nodejs.org and run this again.`);

step(`pnpm ${pnpmVersion}`);
if (output('pnpm', ['--version']) === null) {
  if (output('corepack', ['--version']) === null) {
    fail(
      'this Node has no corepack (Node 25 and newer leave it out). Install it once, then run this again:\n' +
        '  npm install --global corepack\n' +
        `or install pnpm itself: npm install --global pnpm@${pnpmVersion}`,
    );
  }
  if (run('corepack', ['enable', 'pnpm']).status !== 0) {
    fail(
      'corepack could not install the pnpm command (often a permissions problem). Try one of:\n' +
        '  sudo corepack enable pnpm                      (Linux, macOS)\n' +
        '  corepack enable pnpm   in a terminal opened "as administrator" (Windows)\n' +
        `  npm install --global pnpm@${pnpmVersion}`,
    );
  }
  if (output('pnpm', ['--version']) === null) fail('pnpm is still not found. Open a new terminal and run this again.');
}

step("Installing the workbook's packages");
if (run('pnpm', ['install']).status !== 0) fail('pnpm install failed; its message is above.');

step('Your progress');
process.exit(run('pnpm', ['start']).status ?? 1);
