import { existsSync } from 'node:fs';
import path from 'node:path';

const NAME = 'helm-render';

/**
 * The render helper the hub uses: `explicit` (FLOTILLA_HELM_RENDER_BINARY) when set, none when it is set empty;
 * otherwise the `helm-render` beside the helm binary (where scripts/build-test-binaries.sh builds it), or the
 * first on PATH. Undefined: there is none, and `helm template` renders.
 */
export function findRenderHelper(helmBinary: string, explicit: string | undefined, searchPath = process.env.PATH ?? ''): string | undefined {
  if (explicit !== undefined) return explicit.trim() || undefined;
  if (helmBinary.includes(path.sep)) {
    const beside = path.join(path.dirname(helmBinary), NAME);
    return existsSync(beside) ? beside : undefined;
  }
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, NAME))) return path.join(dir, NAME);
  }
  return undefined;
}
