import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TestenvError } from '../process/errors.js';
import { ManagedProcess } from '../process/managed-process.js';
import { freePort, isAddressInUse } from '../process/ports.js';
import { makeTempDir, removeDir } from '../process/temp-dir.js';
import { waitFor } from '../process/wait.js';
import { htpasswdLine } from './htpasswd.js';
import { registryConfig } from './registry-config.js';

export interface StartRegistryOptions {
  // htpasswd basic auth with generated credentials (default: anonymous access).
  auth?: boolean;
}

export interface TestRegistry {
  host: string;
  url: string;
  username?: string;
  password?: string;
  process: ManagedProcess;
  // Throws a TestenvError with the registry's log tail if it has died.
  assertRunning(): void;
  stop(): Promise<void>;
}

export const registryBinary = process.env.FLOTILLA_DOCKER_REGISTRY_BIN ?? '/usr/bin/docker-registry';

// Debian's docker-registry (CNCF distribution 2.8): the same registry many users self-host. It speaks the
// OCI distribution API, so Flux-style OCI artifacts push and pull as they would against a real one.
export async function startRegistry(opts: StartRegistryOptions = {}): Promise<TestRegistry> {
  if (!existsSync(registryBinary)) {
    throw new TestenvError(`${registryBinary} not found; install it (Debian: apt-get install docker-registry) or set FLOTILLA_DOCKER_REGISTRY_BIN`);
  }
  const dir = await makeTempDir('registry');
  const credentials = opts.auth ? { username: 'flotilla', password: randomBytes(12).toString('hex') } : undefined;
  const htpasswdPath = credentials ? path.join(dir, 'htpasswd') : undefined;
  if (credentials && htpasswdPath) await writeFile(htpasswdPath, htpasswdLine(credentials.username, credentials.password), { mode: 0o600 });

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const configPath = path.join(dir, 'config.yml');
    await writeFile(configPath, registryConfig({ port, storageDir: path.join(dir, 'data'), secret: randomBytes(16).toString('hex'), htpasswdPath }));
    const proc = ManagedProcess.start({
      name: 'docker-registry',
      command: registryBinary,
      args: ['serve', configPath],
      logPath: path.join(dir, 'registry.log'),
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: dir },
    });
    const host = `127.0.0.1:${port}`;
    const url = `http://${host}`;
    try {
      // /v2/ answers 200, or 401 with auth on: either way the registry is serving.
      await waitFor(async () => ([200, 401].includes((await fetch(`${url}/v2/`)).status) ? true : undefined), {
        timeoutMs: 20_000, watch: [proc], what: 'docker-registry /v2/',
      });
    } catch (err) {
      await proc.stop();
      if (attempt < 3 && isAddressInUse(proc.tail())) continue;
      await removeDir(dir);
      throw err;
    }
    return {
      host,
      url,
      ...credentials,
      process: proc,
      assertRunning: () => proc.assertRunning(),
      async stop() {
        await proc.stop();
        await removeDir(dir);
      },
    };
  }
}
