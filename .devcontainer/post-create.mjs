// What a dev container (GitHub Codespaces, VS Code's Dev Containers) runs once, after it is made:
// the two Debian packages the workbook's own tests use, then the same `npm run setup` as any
// clone. Plain JavaScript, like scripts/setup.mjs, because nothing is installed yet.
//
// Chromium runs the tests that open pages in a real browser; bubblewrap is the sandbox that
// `pnpm grade` puts every submission in. Students' exercises need neither.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

function run(command, args) {
  return spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0;
}

function found(command) {
  return spawnSync('which', [command], { stdio: 'ignore' }).status === 0;
}

// The image's user is "node", who may use sudo without a password; in CI the user is root.
const asRoot = (command, args) => (process.getuid?.() === 0 ? run(command, args) : run('sudo', [command, ...args]));

const missing = [];
if (!existsSync('/usr/bin/chromium')) missing.push('chromium');
if (!found('bwrap')) missing.push('bubblewrap');

if (missing.length > 0) {
  console.log(`\n== Installing ${missing.join(' and ')} (apt-get)`);
  const installed = found('apt-get') && asRoot('apt-get', ['update', '-qq']) && asRoot('apt-get', ['install', '-y', '-qq', ...missing]);
  if (!installed) console.log(`Could not install ${missing.join(' and ')}; the tests that need them will say they were skipped.`);
}

// corepack puts the pnpm command next to node, in a folder only root may write to here. Doing it
// first, as root, saves setup from stopping with a permission error.
if (!found('pnpm') && process.getuid?.() !== 0) asRoot('corepack', ['enable', 'pnpm']);

process.exit(run('npm', ['run', 'setup']) ? 0 : 1);
