/**
 * Where a server can be reached from, judged by the address it really listens on. `pnpm workbook
 * run` uses it to say so once the program listens: 127.0.0.1 is this computer only, anything else
 * lets other machines in, and then it lists the addresses they would use.
 */
import os from 'node:os';

/** 127.0.0.0/8 and ::1: only programs on this computer can connect to these. */
export function isLoopback(host: string): boolean {
  return host.startsWith('127.') || host === '::1' || host.startsWith('::ffff:127.') || host === 'localhost';
}

/** `http://127.0.0.1:8080/`, or `http://[::1]:8080/` for IPv6, as it goes in a browser. */
export function urlFor(host: string, port: number): string {
  return host.includes(':') ? `http://[${host}]:${port}/` : `http://${host}:${port}/`;
}

/**
 * The address to open on this computer: the one it listens on, or for a server on every address
 * (0.0.0.0, ::), this computer's own loopback one.
 */
export function addressToOpen(host: string | undefined, port: number | undefined): string {
  if (host === undefined || host === '0.0.0.0') return urlFor('127.0.0.1', port ?? 0);
  if (host === '::') return urlFor('::1', port ?? 0);
  return urlFor(host, port ?? 0);
}

/**
 * The addresses another machine on your network would use. A server on 0.0.0.0 (or ::, which
 * also takes IPv4) is on every network this computer is on: its address on each of them. IPv6
 * link-local addresses (fe80::) need the name of the network card as well, so they are left out.
 */
export function addressesOthersCanUse(host: string, port: number, interfaces = os.networkInterfaces()): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [urlFor(host, port)];
  const urls: string[] = [];
  for (const address of Object.values(interfaces).flat()) {
    if (!address || address.internal) continue;
    if (address.family === 'IPv4' || (host === '::' && !address.address.startsWith('fe80:'))) urls.push(urlFor(address.address, port));
  }
  return urls;
}

/** What exposing a server means, in one line: printed whenever one listens beyond loopback. */
export const EXPOSED_NOTE =
  'Anyone who can reach this computer over a network (everyone on a café Wi-Fi, say) can now send it requests. Stop it with Ctrl+C when you are done.';
