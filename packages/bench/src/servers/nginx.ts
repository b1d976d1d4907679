/**
 * nginx, the file server most of the web runs behind, as the fast benchmark's far end: started
 * by the benchmark itself with a config written for the run, so nothing of a system-wide nginx
 * (its config, its logs, a service on port 80) is used or touched. Its config, pid file, error
 * log and temporary folders live in a temporary folder of their own; it serves the site on
 * 127.0.0.1 only, in the foreground (`daemon off`), with one worker process, like the other
 * servers' one event loop, and no access log, like the other servers with their logging off.
 */
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { atExit } from '@workbook/testkit';
import { findOnPath } from '../executables.ts';
import type { FileServer } from '../files/servers.ts';
import type { ServerLaunch } from '../server-process.ts';

/** Where Debian and most Linux systems install it; /usr/sbin is often not on a user's PATH. */
const USUAL_PLACES = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx', '/opt/homebrew/bin/nginx'];

/** The nginx program, on the PATH or in one of the usual places, or undefined when it is not installed. */
export function findNginx(): string | undefined {
  const onPath = findOnPath('nginx');
  if (onPath) return onPath;
  return USUAL_PLACES.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** `nginx/1.22.1`, from `nginx -v` (which prints it on stderr). */
export function nginxVersion(nginx: string): string {
  const asked = spawnSync(nginx, ['-v'], { encoding: 'utf8', timeout: 10_000 });
  return /nginx\/[\w.]+/.exec(`${asked.stderr}${asked.stdout}`)?.[0] ?? 'nginx';
}

/** A quoted nginx string: backslashes and double quotes escaped. */
const quoted = (text: string) => `"${text.replace(/[\\"]/g, '\\$&')}"`;

/** The whole config for serving `siteDir` on 127.0.0.1:`port`, every file it writes kept in `folder`. */
export function nginxConfig(siteDir: string, port: number, folder: string): string {
  const inFolder = (name: string) => quoted(path.join(folder, name));
  return [
    'daemon off;',
    'worker_processes 1;',
    `pid ${inFolder('nginx.pid')};`,
    `error_log ${inFolder('error.log')} warn;`,
    // As root, nginx would run its worker as `nobody`, who may not read a private temp folder.
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    'events { worker_connections 1024; }',
    'http {',
    '  types { text/html html; application/octet-stream bin; }',
    '  default_type application/octet-stream;',
    '  access_log off;',
    '  sendfile on;',
    // Its defaults are under /var/lib/nginx, which only root may write to; nginx makes them at start.
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${inFolder(kind)};`),
    '  server {',
    `    listen 127.0.0.1:${port};`,
    `    root ${quoted(siteDir)};`,
    '    index index.html;',
    '  }',
    '}',
    '',
  ].join('\n');
}

export interface NginxServer extends FileServer {
  /** The config file the last launch wrote, for `nginx -t`. */
  readonly configFile: string;
  /** Removes the temporary folder (also done when the process exits). */
  cleanUp(): void;
}

/** nginx as a contender, or a string saying it is not installed. */
export function nginxServer(nginx = findNginx()): NginxServer | string {
  if (!nginx) return 'nginx is not installed';
  let folder: string | undefined;
  let forget = () => {};
  const made = () => {
    if (!folder) {
      const dir = mkdtempSync(path.join(tmpdir(), 'workbook-bench-nginx-'));
      folder = dir;
      forget = atExit(() => rmSync(dir, { recursive: true, force: true }));
    }
    return folder;
  };
  return {
    name: 'nginx',
    about: `${nginxVersion(nginx)} (${nginx}), started with a config of its own: one worker process, sendfile on, access log off, otherwise its defaults`,
    get configFile() {
      return path.join(made(), 'nginx.conf');
    },
    launch(dir: string, port: number): ServerLaunch {
      const config = path.join(made(), 'nginx.conf');
      writeFileSync(config, nginxConfig(dir, port, made()));
      // -e: the log for errors before the config is read, which is otherwise /var/log/nginx/error.log.
      return { command: nginx, args: ['-p', made(), '-e', path.join(made(), 'error.log'), '-c', config] };
    },
    cleanUp() {
      forget();
      if (folder) rmSync(folder, { recursive: true, force: true });
      folder = undefined;
    },
  };
}
