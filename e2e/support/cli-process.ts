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
  // The CLI may exit before reading its input: its exit code reports that, not an uncaught EPIPE.
  child.stdin.on('error', () => undefined);
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

/**
 * Runs `flotilla` as runFlotilla does, but on a terminal (a pseudo-terminal from util-linux `script`), so its
 * questions are asked: `answer` sees the output so far (stdout and stderr together, as a terminal shows them,
 * with `\r\n` read as `\n`) each time more arrives and returns what to type, or undefined to wait.
 */
export function runFlotillaOnTerminal(
  args: string[],
  opts: { home: string; env?: Record<string, string>; timeoutMs?: number },
  answer: (output: string) => Promise<string | undefined>,
): Promise<{ code: number; output: string }> {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: opts.home, XDG_CONFIG_HOME: path.join(opts.home, '.config'), TERM: 'dumb', ...opts.env };
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, '--import', 'tsx', path.join(repoRoot, 'apps/cli/src/main.ts'), ...args].map(quote).join(' ');
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: path.join(repoRoot, 'apps/cli'), env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  let asking = Promise.resolve();
  const onData = (d: Buffer) => {
    output += d.toString().replace(/\r\n/g, '\n');
    const seen = output;
    asking = asking.then(async () => {
      const typed = await answer(seen);
      if (typed !== undefined && !child.stdin.destroyed) child.stdin.write(typed);
    });
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  child.stdin.on('error', () => undefined); // a terminal already closed: its exit code reports that
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      void asking.finally(() => resolve({ code: code ?? (signal ? 128 : 1), output }));
    });
  });
}
