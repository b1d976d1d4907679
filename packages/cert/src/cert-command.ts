/**
 * `pnpm workbook cert`: makes the local authority and the localhost certificate once, keeps
 * them, and says where they are and how to make curl and a browser trust them.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { root, UsageError } from '@workbook/course';
import pc from 'picocolors';
import { ensureCertificates, fingerprintOf } from './cert-files.ts';

export const defaultCertDir = path.join(root, '.workbook', 'certs');

export const certHelp = `Usage: pnpm workbook cert [--out <folder>] [--force]

Makes a certificate authority that exists only on this machine, and a certificate it signs for
localhost, 127.0.0.1 and ::1. The HTTPS lesson and ex17 serve with them. Run again, it keeps the
ones it made while they are good, so clients you told to trust them go on trusting them.

Options:
  --out <folder>  where to write them (default: .workbook/certs in the workbook)
  --force         make new ones even if the old ones are still good`;

export async function certCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' }, force: { type: 'boolean' } } });
  if (positionals.length > 0)
    throw new UsageError(`pnpm workbook cert takes no names, only --out <folder> and --force; it was given: ${positionals.join(' ')}`, 'ERR_UNKNOWN_ARGUMENT');
  const dir = path.resolve(values.out ?? defaultCertDir);
  const { files, certificates, made, reason } = await ensureCertificates(dir, { force: values.force ?? false });
  const shown = (file: string) => path.relative(process.cwd(), file) || file;
  console.log(
    made ? `${pc.green('Made')} a local authority and a certificate for localhost (${reason}).` : `${pc.green('Kept')} the certificates made before: they are still good.`,
  );
  console.log(`
  ${shown(files.cert)}       the server's certificate (localhost, 127.0.0.1, ::1)
  ${shown(files.key)}   the server's private key
  ${shown(files.ca)}              the authority's certificate: what clients are told to trust
  ${shown(files.caKey)}          the authority's key: ${pc.bold('keep it here, never share it')}

Fingerprint of the server's certificate: ${fingerprintOf(certificates.cert)}

Trust it for one command, not for the whole machine:
  curl --cacert ${shown(files.ca)} https://localhost:<port>/`);
  return 0;
}
