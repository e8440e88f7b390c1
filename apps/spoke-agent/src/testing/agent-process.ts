import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export interface AgentProcess {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
  /** Parsed stderr lines; throws if one is not JSON (the agent logs only JSON lines). */
  logLines: () => Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Runs the real CLI entry (`flotilla agent ...`) as its own process, as `pnpm --silent flotilla agent` does. */
export function spawnAgent(args: string[], env: NodeJS.ProcessEnv = {}): AgentProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/cli/src/main.ts', 'agent', ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stderr: () => stderr,
    stdout: () => stdout,
    logLines: () =>
      stderr
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          try {
            return JSON.parse(line) as Record<string, unknown>;
          } catch {
            throw new Error(`agent wrote a non-JSON line to stderr: ${line}`);
          }
        }),
    exited,
  };
}
