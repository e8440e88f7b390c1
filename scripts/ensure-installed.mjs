// `pnpm start` on a fresh clone: install dependencies first (once), so the one-line start command is enough.
// Cheap when already installed: it only compares file times.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
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

// The hub's render helper for HelmRelease diffs (tools/helm-render; see README): built with Go when Go is
// installed and no helper is configured, a no-op when its sources have not changed since the last build. Without
// it the hub renders with `helm template`, slower, so a failed build only warns.
const goInstalled = spawnSync('go', ['version'], { stdio: 'ignore' }).status === 0;
if (process.env.FLOTILLA_HELM_RENDER_BINARY === undefined && goInstalled) {
  const r = spawnSync('bash', [path.join(root, 'scripts/build-test-binaries.sh'), 'helm-render'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) process.stderr.write('The render helper (tools/helm-render) did not build (above); HelmRelease diffs use helm template.\n');
}
