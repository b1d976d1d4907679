export { type CertificateOptions, type Certificates, defaultHosts, makeCertificates } from './make-certificates.ts';
export { type CertificateFiles, certificateFiles, type Ensured, ensureCertificates, fingerprintOf, problemWith, readCertificates, writeCertificates } from './cert-files.ts';
export { certCommand, certHelp, defaultCertDir } from './cert-command.ts';
export { spkiHashOf } from './spki.ts';
