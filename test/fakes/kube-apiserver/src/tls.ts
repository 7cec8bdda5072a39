import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A self-signed serving certificate for 127.0.0.1 and localhost, PEM encoded. */
export interface ServingCertificate {
  cert: string;
  key: string;
}

let cached: ServingCertificate | undefined;

/**
 * Makes (once per process) a self-signed EC certificate with the openssl CLI:
 * Node has no API to create X.509 certificates, and one cert serves every
 * fake in the process. The certificate is its own CA in the kubeconfig.
 */
export function servingCertificate(): ServingCertificate {
  if (cached !== undefined) return cached;
  const directory = mkdtempSync(join(tmpdir(), 'fake-kube-tls-'));
  try {
    const keyPath = join(directory, 'tls.key');
    const certPath = join(directory, 'tls.crt');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '30',
        '-subj',
        '/CN=fake-kube-apiserver',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
        '-addext',
        'basicConstraints=critical,CA:TRUE',
      ],
      { stdio: 'ignore' },
    );
    cached = { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
    return cached;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
