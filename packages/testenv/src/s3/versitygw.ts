import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import path from 'node:path';
import { binaryPath } from '../binaries.js';
import { makeServingCertificate } from '../oci/serving-certificate.js';
import { ManagedProcess } from '../process/managed-process.js';
import { freePort } from '../process/ports.js';
import { makeTempDir, removeDir } from '../process/temp-dir.js';
import { waitFor } from '../process/wait.js';

export interface TestS3 {
  /** http(s)://127.0.0.1:<port>: the S3 endpoint (path-style). */
  endpoint: string;
  /** With `tls`: the PEM of the self-signed certificate the server presents (its own CA). */
  ca?: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The directory the posix backend serves: each bucket is a directory, each object a file under it. */
  root: string;
  /** Creates a bucket (a directory the posix backend serves as one). */
  createBucket(name: string): Promise<void>;
  process: ManagedProcess;
  stop(): Promise<void>;
}

const portOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port }, () => {
      s.end();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });

export interface S3ServerOptions {
  /** Serve HTTPS with a self-signed certificate for 127.0.0.1 (returned as `ca`). */
  tls?: boolean;
}

/**
 * versitygw (built from the Go module proxy like the other test binaries) serving S3 on 127.0.0.1 from a temp
 * directory with its posix backend. Object metadata goes to a sidecar directory, so the temp filesystem needs
 * no extended attributes.
 */
export async function startS3Server(options: S3ServerOptions = {}): Promise<TestS3> {
  const [bin, port, dir] = await Promise.all([binaryPath('versitygw'), freePort(), makeTempDir('versitygw')]);
  const root = path.join(dir, 'data');
  const sidecar = path.join(dir, 'meta');
  await Promise.all([mkdir(root), mkdir(sidecar)]);
  const cert = options.tls ? await makeServingCertificate(dir) : undefined;
  const accessKeyId = `test${randomBytes(6).toString('hex')}`;
  const secretAccessKey = randomBytes(24).toString('base64url');
  const proc = ManagedProcess.start({
    name: 'versitygw',
    command: bin,
    args: ['--port', `127.0.0.1:${port}`, ...(cert ? ['--cert', cert.certPath, '--key', cert.keyPath] : []), 'posix', '--sidecar', sidecar, root],
    // Keys through the environment, so they are not in the process list.
    env: { ...process.env, ROOT_ACCESS_KEY_ID: accessKeyId, ROOT_SECRET_ACCESS_KEY: secretAccessKey },
    logPath: path.join(dir, 'versitygw.log'),
  });
  try {
    await waitFor(async () => ((await portOpen(port)) ? true : undefined), { timeoutMs: 20_000, intervalMs: 50, watch: [proc], what: 'versitygw to listen' });
  } catch (err) {
    await proc.stop();
    await removeDir(dir);
    throw err;
  }
  return {
    endpoint: `${cert ? 'https' : 'http'}://127.0.0.1:${port}`,
    ...(cert ? { ca: cert.pem } : {}),
    region: 'us-east-1',
    accessKeyId,
    secretAccessKey,
    root,
    // The posix backend serves every top-level directory as a bucket.
    createBucket: (name) => mkdir(path.join(root, name)).then(() => undefined),
    process: proc,
    async stop() {
      await proc.stop();
      await removeDir(dir);
    },
  };
}
