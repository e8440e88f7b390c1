import { execFile, execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from '@flotilla/testenv';

const execFileAsync = promisify(execFile);

/** A detached git worktree of an older commit with its dependencies installed, to run that commit's agent. */
export interface AgentCheckout {
  root: string;
  commit: string;
  remove(): void;
}

// Synchronous so that it can also run from an 'exit' handler (a bench stopped by its deadline or Ctrl-C).
function removeWorktree(dir: string): void {
  try {
    execFileSync('git', ['-C', repoRoot, 'worktree', 'remove', '--force', dir], { stdio: 'ignore' });
  } catch {
    // not registered (any more): the directory and the stale entry are dealt with below
  }
  rmSync(dir, { recursive: true, force: true });
  execFileSync('git', ['-C', repoRoot, 'worktree', 'prune'], { stdio: 'ignore' });
}

/**
 * `git worktree add --detach <dir> <commit>` and `pnpm install --frozen-lockfile --prefer-offline` there. A
 * directory left by an earlier run that was killed is removed first. The worktree is removed on `remove()`
 * and, failing that, when this process exits.
 */
export async function checkoutAgent(commit: string, dir: string, logDir: string): Promise<AgentCheckout> {
  if (existsSync(dir)) removeWorktree(dir);
  const onExit = () => removeWorktree(dir);
  process.on('exit', onExit);
  const remove = () => {
    process.off('exit', onExit);
    removeWorktree(dir);
  };
  try {
    await execFileAsync('git', ['-C', repoRoot, 'worktree', 'add', '--detach', dir, commit]);
    const install = await execFileAsync('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], {
      cwd: dir,
      timeout: 300_000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, CI: '1' },
    });
    await writeFile(path.join(logDir, 'install-before.log'), install.stdout + install.stderr);
    return { root: dir, commit, remove };
  } catch (err) {
    remove();
    throw err;
  }
}
