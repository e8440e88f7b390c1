import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { TestenvError } from '../process/errors.js';

const execFileAsync = promisify(execFile);

export interface ClusterPki {
  caCert: string;
  caKey: string;
  servingCert: string;
  servingKey: string;
  adminCert: string;
  adminKey: string;
  serviceAccountKey: string;
  serviceAccountPub: string;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  try {
    await execFileAsync('openssl', args, { cwd });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new TestenvError('openssl is not installed; install it (Debian: apt-get install openssl)');
    throw new TestenvError(`openssl ${args[0]} failed`, 'openssl', e.stderr ?? e.message);
  }
}

// Node can make keys but not X.509 certificates, so the certificates come from the openssl CLI. EC P-256
// keys keep this fast (RSA key generation would dominate cluster start-up).
async function issue(dir: string, name: string, subject: string, ext: string): Promise<void> {
  const extFile = path.join(dir, `${name}.ext`);
  await writeFile(extFile, ext);
  await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], dir);
  await openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', `${name}.crt`, '-days', '30', '-extfile', extFile], dir);
}

export async function makeClusterPki(dir: string): Promise<ClusterPki> {
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/CN=flotilla-testenv-ca',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  await issue(dir, 'apiserver', '/CN=kube-apiserver',
    'subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\n' +
      'extendedKeyUsage=serverAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n');
  // O=system:masters makes the holder a cluster admin without any RBAC objects.
  await issue(dir, 'admin', '/O=system:masters/CN=flotilla-testenv-admin',
    'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n');
  const sa = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await writeFile(path.join(dir, 'sa.key'), sa.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  await writeFile(path.join(dir, 'sa.pub'), sa.publicKey.export({ type: 'spki', format: 'pem' }));
  const read = (f: string) => readFile(path.join(dir, f), 'utf8');
  return {
    caCert: await read('ca.crt'),
    caKey: await read('ca.key'),
    servingCert: await read('apiserver.crt'),
    servingKey: await read('apiserver.key'),
    adminCert: await read('admin.crt'),
    adminKey: await read('admin.key'),
    serviceAccountKey: await read('sa.key'),
    serviceAccountPub: await read('sa.pub'),
  };
}
