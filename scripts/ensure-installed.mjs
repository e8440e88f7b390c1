// `pnpm start` on a fresh clone: install dependencies first (once), so the one-line start command is enough.
// Cheap when already installed: it only compares file times.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const marker = path.join(root, 'node_modules/.modules.yaml');
const lockfile = path.join(root, 'pnpm-lock.yaml');
const generated = path.join(root, 'prisma/generated/prisma/client.ts');
const stale = !existsSync(marker) || !existsSync(generated) || statSync(lockfile).mtimeMs > statSync(marker).mtimeMs;
if (stale) {
  process.stderr.write('Installing dependencies (pnpm install --frozen-lockfile)…\n');
  const r = spawnSync('pnpm', ['install', '--frozen-lockfile'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// The hub's render helper for HelmRelease diffs (tools/helm-render; see README), built with Go when Go is
// installed and no helper is configured. Once built, the check is a no-op until its sources change. The first
// build fetches helm's Go modules and takes minutes, so it runs in the background rather than holding up the
// hub's start: until the hub is started again after it, HelmRelease diffs use `helm template`, slower. A failed
// build only warns, for the same reason.
const goInstalled = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
if (process.env.FLOTILLA_HELM_RENDER_BINARY === undefined && goInstalled) {
  const script = path.join(root, 'scripts/build-test-binaries.sh');
  const cache = process.env.FLOTILLA_CACHE_DIR ?? path.join(homedir(), '.cache', 'flotilla');
  const helmVersion = /^HELM_VERSION=(\S+)/m.exec(readFileSync(path.join(root, 'scripts/test-binaries.env'), 'utf8'))?.[1] ?? '';
  if (existsSync(path.join(cache, 'bin', `helm-${helmVersion}`, 'helm-render'))) {
    const r = spawnSync('bash', [script, 'helm-render'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) process.stderr.write('The render helper (tools/helm-render) did not build (above); HelmRelease diffs use helm template.\n');
  } else {
    mkdirSync(cache, { recursive: true });
    const log = path.join(cache, 'helm-render-build.log');
    const out = openSync(log, 'w');
    spawn('bash', [script, 'helm-render'], { cwd: root, detached: true, stdio: ['ignore', out, out] }).unref();
    process.stderr.write(`Building the HelmRelease render helper in the background (log: ${log}); until the hub is started again after it, HelmRelease diffs use helm template.\n`);
  }
}
