import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { JsonLogger } from '../common/logger.js';

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

/** `pnpm start` builds the web UI when apps/web-ui/dist is missing or older than its sources. */
export function ensureWebUiBuilt(webUiDir: string, distDir: string, log: JsonLogger): void {
  const index = path.join(distDir, 'index.html');
  if (!existsSync(path.join(webUiDir, 'package.json'))) return;
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(
    newestMtime(path.join(webUiDir, 'src')),
    newestMtime(path.join(webUiDir, 'index.html')),
    newestMtime(path.join(webUiDir, 'vite.config.ts')),
    newestMtime(path.join(webUiDir, 'package.json')),
  );
  if (built >= sources) return;
  log.info('building the web UI (dist is missing or stale)', { webUiDir });
  const result = spawnSync('pnpm', ['--silent', 'run', 'build'], { cwd: webUiDir, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) log.warn('web UI build failed; the hub still serves the API', { status: result.status });
}
