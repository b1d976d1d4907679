/**
 * The server's certificate and key, from the folder `pnpm workbook cert` fills (.workbook/certs
 * in the workbook, which git ignores), or from the folder in CERT_DIR.
 *
 * When there are none, the server says so and stops; it does not make them itself. Making a
 * certificate authority is something to do knowingly: its key can vouch for any site to whatever
 * trusts it. `pnpm workbook cert` makes it in one place, says where the key is, and prints the
 * curl command that trusts it, so you meet all of that once, before the first HTTPS request.
 */
import { type Certificates, defaultCertDir, problemWith, readCertificates } from '@workbook/cert';

/** The certificates are missing or will not do: a problem for you to fix, not a bug. */
export class CertificateError extends Error {}

export function loadCertificates(dir: string = defaultCertDir): Certificates {
  const command = dir === defaultCertDir ? 'pnpm workbook cert' : `pnpm workbook cert --out ${dir}`;
  const found = readCertificates(dir);
  if (!found) {
    throw new CertificateError(`There are no certificates in ${dir} yet. Make them on this machine with:\n  ${command}\nand start this lesson again.`);
  }
  // Expired, signed by an authority that is not the one next to it, or missing a name: a TLS
  // client would refuse it with an error that says much less than this.
  const problem = problemWith(found);
  if (problem) throw new CertificateError(`The certificates in ${dir} will not do: ${problem}. Make new ones with:\n  ${command} --force`);
  return found;
}
