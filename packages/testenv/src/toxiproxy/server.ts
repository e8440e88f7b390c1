import path from 'node:path';
import { binaryPath } from '../binaries.js';
import { ManagedProcess } from '../process/managed-process.js';
import { freePort } from '../process/ports.js';
import { makeTempDir, removeDir } from '../process/temp-dir.js';
import { waitFor } from '../process/wait.js';
import { ToxiproxyApi } from './client.js';

export interface TestToxiproxy {
  /** The HTTP API, e.g. `api.createProxy('hub', '127.0.0.1:8080')`. */
  api: ToxiproxyApi;
  process: ManagedProcess;
  stop(): Promise<void>;
}

/** Toxiproxy's server on 127.0.0.1 (built from the Go module proxy like the other test binaries). */
export async function startToxiproxy(): Promise<TestToxiproxy> {
  const [bin, port, dir] = await Promise.all([binaryPath('toxiproxy-server'), freePort(), makeTempDir('toxiproxy')]);
  const proc = ManagedProcess.start({
    name: 'toxiproxy',
    command: bin,
    args: ['-host', '127.0.0.1', '-port', String(port)],
    logPath: path.join(dir, 'toxiproxy.log'),
  });
  const api = new ToxiproxyApi(`http://127.0.0.1:${port}`);
  try {
    await waitFor(async () => ((await fetch(`${api.url}/version`)).ok ? true : undefined), {
      timeoutMs: 15_000,
      intervalMs: 50,
      watch: [proc],
      what: 'toxiproxy to answer /version',
    });
  } catch (err) {
    await proc.stop();
    await removeDir(dir);
    throw err;
  }
  return {
    api,
    process: proc,
    async stop() {
      await proc.stop();
      await removeDir(dir);
    },
  };
}
