import path from 'node:path';
import { artifactsDir, repoRoot } from '../paths.js';

export function sanitize(name: string): string {
  const clean = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return clean.slice(0, 120) || 'unnamed';
}

interface VitestState {
  testPath?: string;
  currentTestName?: string;
}

// Inside a vitest worker, screenshots land in test-artifacts/<test file>/<test name>--<name>.png, so a CI
// artifact listing reads like the test report. Elsewhere (the testenv CLI) in test-artifacts/<fallback>/.
async function vitestState(): Promise<VitestState> {
  if (!process.env.VITEST) return {};
  try {
    const { expect } = await import('vitest');
    return expect.getState() as VitestState;
  } catch {
    return {};
  }
}

export async function screenshotPath(name: string, fallbackFolder: string): Promise<string> {
  const state = await vitestState();
  const folder = state.testPath
    ? sanitize(path.relative(repoRoot, state.testPath))
    : sanitize(fallbackFolder);
  const file = state.currentTestName
    ? `${sanitize(state.currentTestName)}--${sanitize(name)}`
    : sanitize(name);
  return path.join(artifactsDir(), folder, `${file}.png`);
}
