import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';

export const hubDir = path.resolve(import.meta.dirname, '..');
export const repoDir = path.resolve(hubDir, '../..');

export interface HubProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  // Resolves once the output contains `text`; fails if the process exits first or time runs out.
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  // Ctrl-C in a terminal: the signal goes to the whole process group.
  interrupt(): void;
}

export interface SpawnHubOptions {
  env?: Record<string, string>;
  // `pnpm start` from the repository root instead of the entry point itself.
  viaPnpm?: boolean;
  uid?: number;
  gid?: number;
}

// `pnpm start`'s hub as a real process in its own process group, with stdout and stderr collected.
export function spawnHub(opts: SpawnHubOptions = {}): HubProcess {
  const [command, args, cwd] = opts.viaPnpm
    ? ['pnpm', ['start'], repoDir]
    : [process.execPath, ['--import', '@swc-node/register/esm-register', 'src/main.ts'], hubDir];
  const child = spawn(command, args, {
    cwd,
    env: {
      ...process.env,
      SWC_NODE_PROJECT: 'tsconfig.json',
      FLOTILLA_SKIP_WEB_BUILD: '1',
      FLOTILLA_DATABASE_URL: '',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid } : {}),
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    exited,
    async waitFor(text, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      while (!out.includes(text)) {
        if (child.exitCode !== null)
          throw new Error(`hub exited ${child.exitCode} before printing "${text}":\n${out}`);
        if (Date.now() > deadline) throw new Error(`hub did not print "${text}" in time:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    interrupt() {
      process.kill(-child.pid!, 'SIGINT');
    },
  };
}
