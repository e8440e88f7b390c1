import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const NAME = 'helm-render';

/**
 * Where scripts/build-test-binaries.sh builds the helper in a checkout (`pnpm start` and CI run it):
 * `<cache>/bin/helm-<HELM_VERSION>/helm-render`, the version read from scripts/test-binaries.env.
 */
export function builtRenderHelper(repoRoot: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  let versions: string;
  try {
    versions = readFileSync(path.join(repoRoot, 'scripts', 'test-binaries.env'), 'utf8');
  } catch {
    return undefined; // not a checkout
  }
  const version = env.FLOTILLA_HELM_VERSION ?? /^HELM_VERSION=(\S+)/m.exec(versions)?.[1];
  if (!version) return undefined;
  return path.join(env.FLOTILLA_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'flotilla'), 'bin', `helm-${version}`, NAME);
}

/**
 * The render helper the hub uses: `explicit` (FLOTILLA_HELM_RENDER_BINARY) when set, none when it is `none`;
 * otherwise the `helm-render` beside the helm binary, or the first on PATH, or `built` (the checkout's build)
 * when it exists. Undefined: there is none, and `helm template` renders.
 */
export function findRenderHelper(helmBinary: string, explicit: string | undefined, searchPath = process.env.PATH ?? '', built?: string): string | undefined {
  if (explicit !== undefined) return ['', 'none'].includes(explicit.trim()) ? undefined : explicit;
  const candidates = helmBinary.includes(path.sep) ? [path.dirname(helmBinary)] : searchPath.split(path.delimiter).filter(Boolean);
  for (const dir of candidates) {
    if (existsSync(path.join(dir, NAME))) return path.join(dir, NAME);
  }
  return built && existsSync(built) ? built : undefined;
}
