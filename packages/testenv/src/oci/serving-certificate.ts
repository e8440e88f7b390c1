import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import path from 'node:path';
import { promisify } from 'node:util';
import { TestenvError } from '../process/errors.js';

const execFileAsync = promisify(execFile);

export interface ServingCertificate {
  certPath: string;
  keyPath: string;
  pem: string;
}

// A self-signed certificate for 127.0.0.1 that is its own CA, so a client given it as `ca` trusts the server
// and a client without it refuses the connection. Node cannot write certificates; openssl makes it.
export async function makeServingCertificate(dir: string): Promise<ServingCertificate> {
  const certPath = path.join(dir, 'serving.crt');
  const keyPath = path.join(dir, 'serving.key');
  try {
    await execFileAsync('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyPath, '-out', certPath,
      '-days', '2', '-subj', '/CN=flotilla-testenv-registry', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-addext', 'basicConstraints=critical,CA:TRUE',
    ]);
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new TestenvError('openssl is not installed; install it (Debian: apt-get install openssl)');
    throw new TestenvError('openssl req failed', 'openssl', e.stderr ?? e.message);
  }
  return { certPath, keyPath, pem: await readFile(certPath, 'utf8') };
}

/** The HTTP status of a GET, trusting `ca` for an https URL (readiness probes of a TLS server). */
export async function statusOf(url: string, ca: string | undefined): Promise<number> {
  if (!url.startsWith('https:')) return (await fetch(url)).status;
  return new Promise((resolve, reject) => {
    const req = request(url, { ca }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
