import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { registerTempDir } from './reaper.js';

export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `flotilla-${prefix}-`));
  registerTempDir(dir);
  return dir;
}

/** A temporary directory holding `files` (relative path → text), e.g. what a test pushes as an artifact. */
export async function makeTempTree(prefix: string, files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await makeTempDir(prefix);
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, ...rel.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, content);
  }
  return dir;
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3 });
}
