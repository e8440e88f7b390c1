import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { binaryPath } from '../binaries.js';
import { TestenvError } from '../process/errors.js';
import { makeTempDir } from '../process/temp-dir.js';

const execFileAsync = promisify(execFile);

// The real `cosign`, kept off the network: keys from `generate-key-pair`, signatures pushed to the test
// registry in the tag layout (`sha256-<hex>.sig`) with `--tlog-upload=false`, so the public transparency log
// is never contacted, and a home and TUF root of its own so it reads nothing of the developer's.

export interface CosignKeyPair {
  /** PEM of the encrypted private key (`cosign.key`). */
  privateKeyPath: string;
  /** PEM of the public key (`cosign.pub`), what an OCIRepository's verify Secret holds. */
  publicKeyPath: string;
  password: string;
}

let cosignHome: Promise<string> | undefined;

async function runCosign(args: string[], opts: { cwd?: string; password: string }): Promise<string> {
  cosignHome ??= makeTempDir('cosign-home');
  const [bin, home] = await Promise.all([binaryPath('cosign'), cosignHome]);
  try {
    const { stdout } = await execFileAsync(bin, args, {
      cwd: opts.cwd,
      timeout: 60_000,
      env: { PATH: process.env.PATH ?? '', HOME: home, COSIGN_PASSWORD: opts.password, TUF_ROOT: path.join(home, 'tuf'), SIGSTORE_NO_CACHE: 'true', COSIGN_EXPERIMENTAL: '0' },
    });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new TestenvError(`cosign ${args[0] ?? ''} failed`, 'cosign', e.stderr ?? e.message);
  }
}

export async function generateCosignKeyPair(password = 'cosign-test-password'): Promise<CosignKeyPair> {
  const dir = await makeTempDir('cosign-keys');
  await runCosign(['generate-key-pair'], { cwd: dir, password });
  return { privateKeyPath: path.join(dir, 'cosign.key'), publicKeyPath: path.join(dir, 'cosign.pub'), password };
}

/** Signs `host/repo@sha256:…` on a loopback registry (plain HTTP); nothing goes to a transparency log. */
export async function cosignSign(reference: string, key: CosignKeyPair): Promise<void> {
  await runCosign(['sign', '--key', key.privateKeyPath, '--tlog-upload=false', '--yes', '--allow-http-registry', '--allow-insecure-registry', reference], { password: key.password });
}
