import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { ManagedProcess } from '../process/managed-process.js';
import { makeTempDir, removeDir } from '../process/temp-dir.js';
import { waitFor } from '../process/wait.js';

const run = promisify(execFile);

export interface TestSshAgent {
  /** What SSH_AUTH_SOCK names. */
  socket: string;
  /** Adds a private key (unencrypted OpenSSH text), as `ssh-add <file>` does. */
  add(identity: string): Promise<void>;
  /** Kills the agent and removes its socket. */
  stop(): Promise<void>;
}

/**
 * OpenSSH's ssh-agent in the foreground (`-D`) on a socket of its own, as a person's agent: a managed process, so
 * it is killed on stop() and, should a test crash, with the test process.
 */
export async function startSshAgent(): Promise<TestSshAgent> {
  const dir = await makeTempDir('ssh-agent');
  const socket = path.join(dir, 'agent.sock');
  const proc = ManagedProcess.start({ name: 'ssh-agent', command: 'ssh-agent', args: ['-D', '-a', socket], logPath: path.join(dir, 'ssh-agent.log'), env: { PATH: process.env.PATH } });
  try {
    await waitFor(async () => (existsSync(socket) ? true : undefined), { timeoutMs: 10_000, what: 'ssh-agent to listen', watch: [proc] });
  } catch (err) {
    await proc.stop();
    await removeDir(dir);
    throw err;
  }
  let added = 0;
  return {
    socket,
    async add(identity) {
      const file = path.join(dir, `key-${added++}`);
      await writeFile(file, identity.endsWith('\n') ? identity : `${identity}\n`, { mode: 0o600 });
      await run('ssh-add', ['-q', file], { env: { PATH: process.env.PATH, SSH_AUTH_SOCK: socket } });
    },
    async stop() {
      await proc.stop();
      await removeDir(dir);
    },
  };
}
