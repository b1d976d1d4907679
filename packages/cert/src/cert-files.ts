/**
 * Where the certificates live on disk, and whether the ones there are still good. The folder is
 * `.workbook/certs/` in the workbook, which git ignores: the authority's key never leaves this
 * machine. Keys are written readable by their owner only.
 */
import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type CertificateOptions, type Certificates, defaultHosts, makeCertificates } from './make-certificates.ts';

export interface CertificateFiles {
  dir: string;
  ca: string;
  caKey: string;
  cert: string;
  key: string;
}

export function certificateFiles(dir: string): CertificateFiles {
  return {
    dir,
    ca: path.join(dir, 'ca.pem'),
    caKey: path.join(dir, 'ca-key.pem'),
    cert: path.join(dir, 'localhost.pem'),
    key: path.join(dir, 'localhost-key.pem'),
  };
}

export function writeCertificates(dir: string, certificates: Certificates): CertificateFiles {
  const files = certificateFiles(dir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(files.ca, certificates.ca);
  writeFileSync(files.cert, certificates.cert);
  writeFileSync(files.caKey, certificates.caKey, { mode: 0o600 });
  writeFileSync(files.key, certificates.key, { mode: 0o600 });
  return files;
}

export function readCertificates(dir: string): Certificates | undefined {
  const files = certificateFiles(dir);
  if (![files.ca, files.caKey, files.cert, files.key].every((file) => existsSync(file))) return undefined;
  return { ca: readFileSync(files.ca, 'utf8'), caKey: readFileSync(files.caKey, 'utf8'), cert: readFileSync(files.cert, 'utf8'), key: readFileSync(files.key, 'utf8') };
}

/** Why these certificates will not do, or undefined if they will (for another `days` at least). */
export function problemWith(certificates: Certificates, hosts = defaultHosts, days = 7): string | undefined {
  let ca: X509Certificate;
  let cert: X509Certificate;
  try {
    ca = new X509Certificate(certificates.ca);
    cert = new X509Certificate(certificates.cert);
  } catch {
    return 'a certificate file is not a certificate';
  }
  if (!cert.checkIssued(ca) || !cert.verify(ca.publicKey)) return 'the server certificate was not signed by this authority';
  const soon = Date.now() + days * 24 * 60 * 60 * 1000;
  if (new Date(cert.validTo).getTime() < soon || new Date(ca.validTo).getTime() < soon) return 'the certificates expire within a week';
  const missing = hosts.filter((host) => (host.includes(':') || /^[\d.]+$/.test(host) ? !cert.checkIP(host) : !cert.checkHost(host)));
  if (missing.length > 0) return `the server certificate does not name ${missing.join(', ')}`;
  return undefined;
}

export interface Ensured {
  files: CertificateFiles;
  certificates: Certificates;
  /** True when new ones were made, and why. */
  made: boolean;
  reason?: string;
}

/** The certificates in `dir`, made anew if there are none, or if those there will not do. */
export async function ensureCertificates(dir: string, options: CertificateOptions & { force?: boolean } = {}): Promise<Ensured> {
  const existing = readCertificates(dir);
  const reason = options.force ? 'asked for new ones' : existing ? problemWith(existing, options.hosts) : 'there were none';
  if (existing && !reason) return { files: certificateFiles(dir), certificates: existing, made: false };
  const certificates = await makeCertificates(options);
  return { files: writeCertificates(dir, certificates), certificates, made: true, ...(reason && { reason }) };
}

/** The SHA-256 fingerprint of a PEM certificate, as browsers show it. */
export function fingerprintOf(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}
