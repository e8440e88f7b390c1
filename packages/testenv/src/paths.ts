import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function cacheDir(): string {
  return process.env.FLOTILLA_CACHE_DIR ?? path.join(os.homedir(), '.cache', 'flotilla');
}

export function artifactsDir(): string {
  return process.env.FLOTILLA_TEST_ARTIFACTS ?? path.join(repoRoot, 'test-artifacts');
}
