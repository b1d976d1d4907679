/**
 * The server's certificate and key, from the folder `pnpm workbook cert` fills (.workbook/certs
 * in the workbook, which git ignores), or from the folder in CERT_DIR.
 *
 * When there are none yet (or the ones there have expired), they are made now, exactly as
 * `pnpm workbook cert` would make them, and the lesson says so. Making an authority is harmless by
 * itself: nothing trusts it until you tell a client to. That step, `curl --cacert` or importing
 * ca.pem into a browser, is the one to take knowingly, and the lesson's page says what it means.
 */
import { type Certificates, defaultCertDir, ensureCertificates } from '@workbook/cert';

export interface LoadedCertificates {
  certificates: Certificates;
  /** Why new ones were made just now, or undefined when the ones there were good. */
  madeBecause?: string;
}

export async function loadCertificates(dir: string = defaultCertDir): Promise<LoadedCertificates> {
  const { certificates, made, reason } = await ensureCertificates(dir);
  return made ? { certificates, madeBecause: reason ?? 'there were none' } : { certificates };
}
