import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { TestenvError } from './errors.js';
import { registerProcessGroup } from './reaper.js';

export interface StartProcessOptions {
  name: string;
  command: string;
  args: string[];
  logPath: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  // Run as another user (Postgres refuses to run as root).
  uid?: number;
  gid?: number;
}

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const live = new Set<ManagedProcess>();
let exitHookInstalled = false;

// Synchronous last resort: 'exit' handlers cannot await, so every live process group gets SIGKILL.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const p of live) p.killNow();
  });
}

export class ManagedProcess {
  readonly exited: Promise<ProcessExit>;
  private exit: ProcessExit | undefined;
  readonly pid: number;

  private constructor(
    readonly name: string,
    readonly logPath: string,
    child: ReturnType<typeof spawn>,
  ) {
    if (child.pid === undefined) throw new TestenvError(`${name} could not be started`, name);
    this.pid = child.pid;
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        live.delete(this);
        resolve(this.exit);
      });
    });
  }

  static start(opts: StartProcessOptions): ManagedProcess {
    installExitHook();
    const logFd = openSync(opts.logPath, 'a');
    try {
      // Own process group (detached) so stop() reaches anything the command itself starts.
      const child = spawn(opts.command, opts.args, {
        cwd: opts.cwd,
        env: opts.env ?? process.env,
        detached: true,
        stdio: ['ignore', logFd, logFd],
        ...(opts.uid !== undefined ? { uid: opts.uid, gid: opts.gid } : {}),
      });
      child.on('error', () => undefined); // surfaced through `exited` and the log instead
      const proc = new ManagedProcess(opts.name, opts.logPath, child);
      live.add(proc);
      registerProcessGroup(proc.pid);
      return proc;
    } finally {
      closeSync(logFd);
    }
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  get exitStatus(): ProcessExit | undefined {
    return this.exit;
  }

  tail(lines = 30): string {
    try {
      const size = statSync(this.logPath).size;
      const fd = openSync(this.logPath, 'r');
      try {
        const length = Math.min(size, 64 * 1024);
        const buf = Buffer.alloc(length);
        readSync(fd, buf, 0, length, size - length);
        return buf.toString('utf8').split('\n').slice(-lines - 1).join('\n').trimEnd();
      } finally {
        closeSync(fd);
      }
    } catch {
      return '(no log)';
    }
  }

  // Fails with the log tail if the process is gone; components call it while waiting for readiness.
  assertRunning(): void {
    if (this.exit) {
      const how = this.exit.signal ? `signal ${this.exit.signal}` : `code ${this.exit.code}`;
      throw new TestenvError(`${this.name} exited with ${how}`, this.name, this.tail());
    }
  }

  async stop(timeoutMs = 5_000): Promise<void> {
    if (this.exit) return;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  killNow(): void {
    this.signal('SIGKILL');
  }

  private signal(sig: NodeJS.Signals): void {
    try {
      process.kill(-this.pid, sig);
    } catch {
      // already gone
    }
  }
}
