import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../paths.js';

// What a person does: `pnpm testenv up` in a terminal, then Ctrl-C, which signals the whole process group.
it('`pnpm testenv up` tears everything down on Ctrl-C and exits 0 with a "stopped" line', async () => {
  const child = spawn('pnpm', ['testenv', 'up', '--nodes', '1'], {
    cwd: repoRoot,
    env: { ...process.env, COREPACK_ENABLE_DOWNLOAD_PROMPT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 180_000;
  while (!out.includes('press Ctrl-C')) {
    if (child.exitCode !== null) throw new Error(`testenv exited ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) {
      process.kill(-child.pid!, 'SIGKILL');
      throw new Error(`testenv did not come up:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const kubeconfig = /kubeconfig \(testenv\): (\S+)/.exec(out)?.[1];
  expect(kubeconfig && existsSync(kubeconfig)).toBe(true);

  process.kill(-child.pid!, 'SIGINT');
  expect(await exited).toBe(0);
  expect(out).toContain('test environment stopped');
  expect(out).not.toContain('ELIFECYCLE');
  expect(existsSync(path.dirname(kubeconfig!))).toBe(false);
}, 300_000);
