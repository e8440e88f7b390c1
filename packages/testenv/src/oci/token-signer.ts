import { execFile } from 'node:child_process';
import { createPrivateKey, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { TestenvError } from '../process/errors.js';

const execFileAsync = promisify(execFile);

export interface TokenSigner {
  // PEM bundle for the registry's `rootcertbundle`.
  certPath: string;
  sign(claims: Record<string, unknown>): string;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

// The registry trusts a token when its x5c chain ends in `rootcertbundle`; a self-signed P-256 certificate
// is both. Node cannot write certificates, so openssl makes it (as for the cluster PKI).
export async function makeTokenSigner(dir: string): Promise<TokenSigner> {
  try {
    await execFileAsync(
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
        'token.key',
        '-out',
        'token.crt',
        '-days',
        '2',
        '-subj',
        '/CN=flotilla-testenv-registry-token',
      ],
      { cwd: dir },
    );
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new TestenvError('openssl is not installed; install it (Debian: apt-get install openssl)');
    throw new TestenvError('openssl req failed', 'openssl', e.stderr ?? e.message);
  }
  const key: KeyObject = createPrivateKey(await readFile(path.join(dir, 'token.key')));
  const cert = new X509Certificate(await readFile(path.join(dir, 'token.crt')));
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'ES256', x5c: [cert.raw.toString('base64')] }));
  return {
    certPath: path.join(dir, 'token.crt'),
    sign(claims) {
      const payload = base64url(JSON.stringify({ jti: randomBytes(8).toString('hex'), ...claims }));
      // JWS ES256 signatures are the raw r||s pair, not DER.
      const signature = sign('sha256', Buffer.from(`${header}.${payload}`), {
        key,
        dsaEncoding: 'ieee-p1363',
      });
      return `${header}.${payload}.${base64url(signature)}`;
    },
  };
}
