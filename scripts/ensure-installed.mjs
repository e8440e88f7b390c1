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
