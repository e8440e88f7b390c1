import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '@flotilla/testenv';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `flotilla` from its sources as a user would run the command: its own process, a home and config
 * directory of the test's, and FLOTILLA_HUB/FLOTILLA_TOKEN only when the test gives them.
 */
export function runFlotilla(args: string[], opts: { home: string; env?: Record<string, string>; stdin?: string; timeoutMs?: number }): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: opts.home, XDG_CONFIG_HOME: path.join(opts.home, '.config'), ...opts.env };
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'apps/cli/src/main.ts'), ...args], {
    cwd: path.join(repoRoot, 'apps/cli'),
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(opts.stdin ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
  });
}
