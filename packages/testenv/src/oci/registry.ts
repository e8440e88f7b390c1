import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TestenvError } from '../process/errors.js';
import { ManagedProcess } from '../process/managed-process.js';
import { freePort, isAddressInUse } from '../process/ports.js';
import { makeTempDir, removeDir } from '../process/temp-dir.js';
import { waitFor } from '../process/wait.js';
import { htpasswdLine } from './htpasswd.js';
import { registryConfig, type RegistryConfigInput } from './registry-config.js';
import { makeTokenSigner } from './token-signer.js';
import { makeServingCertificate, statusOf } from './serving-certificate.js';
import { startTokenServer, type TokenServer } from './token-server.js';

export interface StartRegistryOptions {
  // true or 'basic': htpasswd basic auth with generated credentials. 'token': the distribution token flow
  // (401 with a Bearer challenge, JWTs from a token server that takes the same credentials), as Docker Hub,
  // ghcr.io and Harbor do it. Default: anonymous access.
  auth?: boolean | 'basic' | 'token';
  // Serve HTTPS with a self-signed certificate for 127.0.0.1; clients trust `caCert`.
  tls?: boolean;
}

export interface TestRegistry {
  host: string;
  url: string;
  username?: string;
  password?: string;
  // With auth 'token': the token endpoint named in the Bearer challenge, and how many requests it served.
  tokenRealm?: string;
  tokenRequests?: () => number;
  // With tls: the PEM certificate that signs the registry's (it is its own CA).
  caCert?: string;
  process: ManagedProcess;
  // Throws a TestenvError with the registry's log tail if it has died.
  assertRunning(): void;
  stop(): Promise<void>;
}

export function registryBinary(): string {
  return process.env.FLOTILLA_DOCKER_REGISTRY_BIN ?? '/usr/bin/docker-registry';
}

// Debian's docker-registry (CNCF distribution 2.8): the same registry many users self-host. It speaks the
// OCI distribution API, so Flux-style OCI artifacts push and pull as they would against a real one.
export async function startRegistry(opts: StartRegistryOptions = {}): Promise<TestRegistry> {
  const binary = registryBinary();
  if (!existsSync(binary)) {
    throw new TestenvError(
      `${binary} not found; install it (Debian: apt-get install docker-registry) or set FLOTILLA_DOCKER_REGISTRY_BIN`,
    );
  }
  const mode = opts.auth === true ? 'basic' : opts.auth || 'none';
  const dir = await makeTempDir('registry');
  const credentials =
    mode !== 'none' ? { username: 'flotilla', password: randomBytes(12).toString('hex') } : undefined;
  let authConfig: Pick<RegistryConfigInput, 'htpasswdPath' | 'token'> = {};
  let tokenServer: TokenServer | undefined;
  if (credentials && mode === 'basic') {
    authConfig = { htpasswdPath: path.join(dir, 'htpasswd') };
    await writeFile(authConfig.htpasswdPath ?? '', htpasswdLine(credentials.username, credentials.password), {
      mode: 0o600,
    });
  }
  const tls = opts.tls ? await makeServingCertificate(dir) : undefined;
  if (credentials && mode === 'token') {
    const signer = await makeTokenSigner(dir);
    const service = 'flotilla-test-registry';
    const issuer = 'flotilla-testenv';
    // With tls the token endpoint speaks HTTPS with the registry's certificate: a client needs the CA there too.
    const tokenTls = tls ? { cert: tls.pem, key: await readFile(tls.keyPath, 'utf8') } : undefined;
    tokenServer = await startTokenServer({ signer, service, issuer, ...credentials, ...(tokenTls ? { tls: tokenTls } : {}) });
    authConfig = { token: { realm: tokenServer.realm, service, issuer, rootCertBundle: signer.certPath } };
  }

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const configPath = path.join(dir, 'config.yml');
    await writeFile(
      configPath,
      registryConfig({
        port,
        storageDir: path.join(dir, 'data'),
        secret: randomBytes(16).toString('hex'),
        ...authConfig,
        ...(tls ? { tls: { certificate: tls.certPath, key: tls.keyPath } } : {}),
      }),
    );
    const proc = ManagedProcess.start({
      name: 'docker-registry',
      command: binary,
      args: ['serve', configPath],
      logPath: path.join(dir, 'registry.log'),
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir },
    });
    const host = `127.0.0.1:${port}`;
    const url = `${tls ? 'https' : 'http'}://${host}`;
    try {
      // /v2/ answers 200, or 401 with auth on: either way the registry is serving.
      await waitFor(
        async () => ([200, 401].includes(await statusOf(`${url}/v2/`, tls?.pem)) ? true : undefined),
        {
          timeoutMs: 20_000,
          watch: [proc],
          what: 'docker-registry /v2/',
        },
      );
    } catch (err) {
      await proc.stop();
      if (attempt < 3 && isAddressInUse(proc.tail())) continue;
      await tokenServer?.close();
      await removeDir(dir);
      throw err;
    }
    return {
      host,
      url,
      ...credentials,
      ...(tls ? { caCert: tls.pem } : {}),
      ...(tokenServer ? { tokenRealm: tokenServer.realm, tokenRequests: tokenServer.requests } : {}),
      process: proc,
      assertRunning: () => proc.assertRunning(),
      async stop() {
        await proc.stop();
        await tokenServer?.close();
        await removeDir(dir);
      },
    };
  }
}
