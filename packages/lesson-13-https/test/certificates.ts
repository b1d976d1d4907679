/**
 * Certificates for the tests, made fresh in a temporary folder (the one CERT_DIR names when the
 * tests start main.ts), never the ones in .workbook/certs: the tests must not depend on, or
 * change, what you made with `pnpm workbook cert`.
 *
 * `stranger` is a second authority with its own localhost certificate: one this machine was never
 * told to trust, as an attacker's would be.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Certificates, makeCertificates, writeCertificates } from '@workbook/cert';

export interface TestCertificates {
  dir: string;
  certificates: Certificates;
  stranger: Certificates;
  remove(): void;
}

export async function makeTestCertificates(): Promise<TestCertificates> {
  const dir = mkdtempSync(path.join(tmpdir(), 'workbook-lesson-13-certs-'));
  const [certificates, stranger] = await Promise.all([makeCertificates(), makeCertificates()]);
  writeCertificates(dir, certificates);
  return { dir, certificates, stranger, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
