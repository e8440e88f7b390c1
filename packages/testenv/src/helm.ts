import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { binaryPath } from './binaries.js';
import { TestenvError } from './process/errors.js';
import { makeTempDir } from './process/temp-dir.js';

export interface RunHelmOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  kubeconfig?: string;
  // Written to helm's stdin (e.g. `registry login --password-stdin`).
  input?: string;
}

export interface HelmOutput {
  stdout: string;
  stderr: string;
}

let helmHome: Promise<string> | undefined;

// Helm keeps repositories, plugins and registry logins under its three homes; tests get their own (one per
// process, removed by the reaper) so they never read or write the developer's ~/.config/helm.
function homes(): Promise<string> {
  helmHome ??= (async () => {
    const dir = await makeTempDir('helm');
    await Promise.all(['cache', 'config', 'data'].map((d) => mkdir(path.join(dir, d))));
    return dir;
  })();
  return helmHome;
}

export async function runHelm(args: string[], opts: RunHelmOptions = {}): Promise<HelmOutput> {
  const [helm, home] = await Promise.all([binaryPath('helm'), homes()]);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...opts.env,
    HELM_CACHE_HOME: path.join(home, 'cache'),
    HELM_CONFIG_HOME: path.join(home, 'config'),
    HELM_DATA_HOME: path.join(home, 'data'),
    ...(opts.kubeconfig ? { KUBECONFIG: opts.kubeconfig } : {}),
  };
  return new Promise((resolve, reject) => {
    const child = execFile(
      helm,
      args,
      { cwd: opts.cwd, env, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err)
          reject(
            new TestenvError(
              `helm ${args.slice(0, 2).join(' ')} failed`,
              'helm',
              (stderr || err.message).trimEnd(),
            ),
          );
        else resolve({ stdout, stderr });
      },
    );
    // helm may exit before reading its stdin (a bad flag, or a command that never reads it): the exit status
    // reports that, and the write's EPIPE must not escape as an uncaught error.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(opts.input ?? '');
  });
}
