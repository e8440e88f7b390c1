import { spawnSync } from 'node:child_process';
import { repoRoot } from '@flotilla/testenv';

/** Builds the web UI so the hub serves exactly the code under test (the hubs here skip their own build). */
export function buildWebUi(): void {
  const build = spawnSync('pnpm', ['--silent', '--filter', '@flotilla/web-ui', 'build'], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`web-ui build failed:\n${build.stdout}\n${build.stderr}`);
}
