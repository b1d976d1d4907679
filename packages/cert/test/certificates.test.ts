/**
 * The certificates do what a TLS client checks: a real HTTPS server on loopback serves with them,
 * a client that trusts the local authority connects by name and by address, and one that does not
 * (or trusts another authority) is refused.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Certificates, certificateFiles, ensureCertificates, makeCertificates, problemWith, spkiHashOf } from '../src/index.ts';

let certificates: Certificates;
let server: https.Server;
let port: number;

beforeAll(async () => {
  certificates = await makeCertificates();
  server = https.createServer({ key: certificates.key, cert: certificates.cert }, (_req, res) => res.end('secret hello'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Connects to the server on loopback, asking for `servername`, trusting `ca`; says how it went. */
function handshake(servername: string, ca: string | undefined): Promise<string> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      servername: servername.includes(':') || /^[\d.]+$/.test(servername) ? undefined : servername,
      ...(ca && { ca }),
      checkServerIdentity: (_host, cert) => tls.checkServerIdentity(servername, cert),
    });
    socket.once('secureConnect', () => {
      socket.end();
      resolve('trusted');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('a certificate signed by the local authority', () => {
  test('is trusted for localhost, 127.0.0.1 and ::1 by a client that trusts the authority', async () => {
    expect(await handshake('localhost', certificates.ca)).toBe('trusted');
    expect(await handshake('127.0.0.1', certificates.ca)).toBe('trusted');
    expect(await handshake('::1', certificates.ca)).toBe('trusted');
  });

  test('is refused by a client that trusts only the usual authorities', async () => {
    expect(await handshake('localhost', undefined)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  test('is refused by a client that trusts another local authority', async () => {
    const other = await makeCertificates();
    expect(await handshake('localhost', other.ca)).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  test('is refused for a name it does not carry', async () => {
    expect(await handshake('example.test', certificates.ca)).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  test('serves a request over HTTPS to a client that trusts the authority', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      https
        .get({ host: '127.0.0.1', port, servername: 'localhost', ca: certificates.ca, headers: { host: 'localhost' } }, (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    expect(body).toBe('secret hello');
  });

  test('has a public key hash for Chromium to trust, and no other', async () => {
    const other = await makeCertificates();
    expect(spkiHashOf(certificates.cert)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(spkiHashOf(certificates.cert)).not.toBe(spkiHashOf(other.cert));
  });
});

describe('the certificate folder', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'workbook-certs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('is filled once and then kept, keys readable by their owner only', async () => {
    const first = await ensureCertificates(dir);
    expect(first).toMatchObject({ made: true, reason: 'there were none' });
    const second = await ensureCertificates(dir);
    expect(second.made).toBe(false);
    expect(second.certificates).toEqual(first.certificates);
    if (process.platform !== 'win32') expect(statSync(certificateFiles(dir).caKey).mode & 0o077).toBe(0);
  });

  test('is made anew when its server certificate is not the authority’s, or expires soon', async () => {
    const { certificates: kept } = await ensureCertificates(dir);
    const stranger = await makeCertificates();
    expect(problemWith({ ...kept, cert: stranger.cert })).toBe('the server certificate was not signed by this authority');
    const old = await makeCertificates({ now: new Date(Date.now() - 396 * 24 * 60 * 60 * 1000) });
    expect(problemWith(old)).toBe('the certificates expire within a week');
    writeFileSync(certificateFiles(dir).cert, stranger.cert);
    expect(await ensureCertificates(dir)).toMatchObject({ made: true, reason: 'the server certificate was not signed by this authority' });
  });
});

describe('pnpm workbook cert', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'workbook-cert-command-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const workbook = (...args: string[]) =>
    spawnSync(process.execPath, [path.resolve(import.meta.dirname, '../../cli/bin/workbook.mjs'), 'cert', ...args], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });

  test('writes the four files and says how to trust them with curl', () => {
    const run = workbook('--out', dir);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Made a local authority');
    expect(run.stdout).toContain(`curl --cacert ${path.relative(process.cwd(), certificateFiles(dir).ca)} https://localhost:<port>/`);
    expect(workbook('--out', dir).stdout).toContain('Kept the certificates');
  });

  test('a wrong argument says what is wrong and what is valid, without a stack trace', () => {
    const run = workbook('localhost');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('takes no names, only --out <folder> and --force');
    expect(run.stderr).not.toContain('    at ');
    const unknown = workbook('--days', '3');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('pnpm workbook cert --help lists what it takes');
  });
});
