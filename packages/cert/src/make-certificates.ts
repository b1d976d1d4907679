/**
 * Two certificates, made on this machine. The first belongs to a certificate authority that
 * exists only here: it signs. The second is the server's: it names localhost, 127.0.0.1 and ::1,
 * and carries the authority's signature. A client told to trust the authority (curl --cacert,
 * undici's `ca`, a browser's trust store) then believes the server is who it says it is.
 *
 * Made with @peculiar/x509 over node's Web Crypto: no openssl, nothing downloaded, the same on
 * Linux, macOS and Windows. Keys are ECDSA P-256, small and quick to make.
 */
// @peculiar/x509 builds on tsyringe, which needs this loaded first.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface Certificates {
  /** The authority's certificate, PEM: what a client is told to trust. */
  ca: string;
  /** The authority's private key, PEM: whoever holds it can make certificates this machine trusts. */
  caKey: string;
  /** The server's certificate, PEM. */
  cert: string;
  /** The server's private key, PEM: what proves the server holds the certificate. */
  key: string;
}

export interface CertificateOptions {
  /** Names and addresses the server certificate is good for. */
  hosts?: string[];
  /** When the certificates start being valid (tests move it). */
  now?: Date;
}

export const defaultHosts = ['localhost', '127.0.0.1', '::1'];

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const day = 24 * 60 * 60 * 1000;
// Browsers refuse server certificates valid for longer than 398 days, even from a local authority.
const serverDays = 397;
const authorityDays = 3 * 365;

const isAddress = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');

async function pemOfKey(key: webcrypto.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** A serial number: positive, random, 16 bytes, as the rules for certificates ask. */
function serialNumber(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return Buffer.from(bytes).toString('hex');
}

export async function makeCertificates(options: CertificateOptions = {}): Promise<Certificates> {
  const hosts = options.hosts ?? defaultHosts;
  const now = options.now ?? new Date();
  // A minute back, so a clock a little behind the one that made it still accepts it.
  const notBefore = new Date(now.getTime() - 60_000);

  const authorityKeys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const authority = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: 'CN=HTTP Workbook local authority, O=HTTP Workbook (this machine only)',
    notBefore,
    notAfter: new Date(now.getTime() + authorityDays * day),
    signingAlgorithm: algorithm,
    keys: authorityKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(authorityKeys.publicKey),
    ],
  });

  const serverKeys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const server = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${hosts[0] ?? 'localhost'}`,
    issuer: authority.subject,
    notBefore,
    notAfter: new Date(now.getTime() + serverDays * day),
    signingAlgorithm: algorithm,
    publicKey: serverKeys.publicKey,
    signingKey: authorityKeys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      // Clients check the name they asked for against this list, never against CN.
      new x509.SubjectAlternativeNameExtension(hosts.map((host) => ({ type: isAddress(host) ? 'ip' : 'dns', value: host }))),
      await x509.SubjectKeyIdentifierExtension.create(serverKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(authority),
    ],
  });

  return {
    ca: authority.toString('pem'),
    caKey: await pemOfKey(authorityKeys.privateKey),
    cert: server.toString('pem'),
    key: await pemOfKey(serverKeys.privateKey),
  };
}
