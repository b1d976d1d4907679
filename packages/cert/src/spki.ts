/**
 * The base64 SHA-256 of a certificate's public key. Chromium's
 * `--ignore-certificate-errors-spki-list` takes it: a test browser then trusts exactly this one
 * key, and still refuses every other certificate it is shown.
 */
import { createHash, X509Certificate } from 'node:crypto';

export function spkiHashOf(pem: string): string {
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}
