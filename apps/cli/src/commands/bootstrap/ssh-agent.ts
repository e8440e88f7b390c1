import { execFile } from 'node:child_process';

/** The person's ssh-agent, which bootstrap pushes through without --private-key-file. */
export interface SshAgent {
  /** SSH_AUTH_SOCK. */
  socket: string;
  /** How many identities `ssh-add -l` lists. */
  identities: number;
}

/**
 * The agent `flux bootstrap git` pushes through without --private-key-file: the one SSH_AUTH_SOCK names, when
 * it holds at least one identity (`ssh-add -l`). Otherwise the reason there is none, for the line that says the
 * deploy key pushes itself.
 */
export function findSshAgent(env: NodeJS.ProcessEnv = process.env): Promise<SshAgent | { none: string }> {
  const socket = env.SSH_AUTH_SOCK;
  if (!socket) return Promise.resolve({ none: 'SSH_AUTH_SOCK is not set' });
  return new Promise((resolve) => {
    execFile('ssh-add', ['-l'], { env: { PATH: env.PATH, SSH_AUTH_SOCK: socket, LANG: 'C' }, timeout: 15_000 }, (err, stdout) => {
      if (!err) return resolve({ socket, identities: stdout.split('\n').filter((l) => l.trim()).length });
      const code = (err as { code?: number | string }).code;
      // ssh-add -l exits 1 for an agent without identities, 2 for an agent it cannot reach.
      if (code === 'ENOENT') return resolve({ none: 'ssh-add is not installed (openssh-client)' });
      if (code === 1) return resolve({ none: `the SSH agent at ${socket} holds no identity` });
      resolve({ none: `cannot reach the SSH agent at ${socket}` });
    });
  });
}
