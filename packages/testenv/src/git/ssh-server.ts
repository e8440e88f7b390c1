import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { TestenvError } from '../process/errors.js';
import { ManagedProcess } from '../process/managed-process.js';
import { freePort } from '../process/ports.js';
import { makeTempDir, removeDir } from '../process/temp-dir.js';
import { waitFor } from '../process/wait.js';
import type { TestGitServer } from './server.js';

const run = promisify(execFile);
const sshdPath = process.env.FLOTILLA_SSHD ?? '/usr/sbin/sshd';

export interface SshKeyPair {
  /** OpenSSH private key (PEM-like text), what Flux's `identity` Secret key holds. */
  identity: string;
  /** `identity.pub`. */
  identityPub: string;
}

export interface TestGitSshServer {
  host: '127.0.0.1';
  port: number;
  /** The account the server runs as; the only one it lets in. */
  user: string;
  /** `ssh://<user>@127.0.0.1:<port>/<name>.git` for a repository of the git server it serves. */
  urlOf(repo: string): string;
  /** A key the server authorizes. */
  clientKey: SshKeyPair;
  /** A passphrase-protected key the server authorizes, and its passphrase. */
  encryptedKey: SshKeyPair & { password: string };
  /** A key the server lets fetch but not push, as a read-only deploy key. */
  readOnlyKey: SshKeyPair;
  /** The known_hosts line for the server's host key (`[127.0.0.1]:<port> ssh-ed25519 …`). */
  knownHosts: string;
  /** A fresh key pair the server does not authorize. */
  newKey(comment?: string): Promise<SshKeyPair>;
  /** Authorizes a public key (`<type> <base64>`) from now on, as a deploy key added on a forge: rw may push. */
  authorize(identityPub: string, mode?: 'rw' | 'ro'): Promise<void>;
  /** `git-upload-pack` sessions the server ran, for tests that count fetches (pushes are not counted). */
  sessions(): Promise<number>;
  logPath: string;
  stop(): Promise<void>;
}

async function keygen(dir: string, name: string, passphrase = ''): Promise<SshKeyPair> {
  const file = path.join(dir, name);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', `flotilla-test-${name}`, '-f', file]);
  return { identity: await readFile(file, 'utf8'), identityPub: await readFile(`${file}.pub`, 'utf8') };
}

// Serves `git-upload-pack '<path>'` for the git server's repositories and, for a key given `rw`,
// `git-receive-pack '<path>'` too: whatever the client asks, the forced command checks the path and runs the
// service in the repository directory. A read-only key is refused receive-pack as a read-only deploy key is.
function forcedCommand(reposDir: string, log: string): string {
  return `#!/bin/sh
set -eu
mode="\${1:-ro}"
case "\${SSH_ORIGINAL_COMMAND:-}" in
  "git-upload-pack '"*"'") service=upload-pack; echo session >> '${log}' ;;
  "git-receive-pack '"*"'")
    if [ "$mode" != rw ]; then echo "ERROR: The key you are authenticating with has been marked as read only." >&2; exit 1; fi
    service=receive-pack ;;
  *) echo "only git-upload-pack and git-receive-pack are served here" >&2; exit 1 ;;
esac
p=\${SSH_ORIGINAL_COMMAND#git-$service \\'}
p=\${p%\\'}
p=\${p#/}
case "$p" in
  *..*|"") echo "fatal: '$p' does not appear to be a git repository" >&2; exit 128 ;;
esac
if [ ! -d '${reposDir}'/"$p" ]; then echo "fatal: '$p' does not appear to be a git repository" >&2; exit 128; fi
exec git $service '${reposDir}'/"$p"
`;
}

/**
 * OpenSSH's sshd on 127.0.0.1 and a free port, running as the current user with its own host key, serving the
 * repositories of `git` (fetches, and pushes with a read-write key). Keys are ed25519, made per server.
 */
export async function startGitSshServer(git: Pick<TestGitServer, 'reposDir'>): Promise<TestGitSshServer> {
  if (!existsSync(sshdPath)) throw new TestenvError(`${sshdPath} not found; install openssh-server (Debian: apt-get install openssh-server) or set FLOTILLA_SSHD`);
  const user = os.userInfo().username;
  const dir = await makeTempDir('sshd');
  const logPath = path.join(dir, 'sshd.log');
  const sessionLog = path.join(dir, 'sessions.log');
  await writeFile(sessionLog, '');
  const [hostKey, clientKey, encryptedKey, readOnlyKey] = await Promise.all([keygen(dir, 'host'), keygen(dir, 'client'), keygen(dir, 'client-encrypted', 'test-passphrase'), keygen(dir, 'client-read-only')]);
  const command = path.join(dir, 'git-serve');
  await writeFile(command, forcedCommand(git.reposDir, sessionLog), { mode: 0o755 });
  const restrict = (mode: 'rw' | 'ro') => `command="${command} ${mode}",no-port-forwarding,no-agent-forwarding,no-X11-forwarding,no-pty`;
  const authorizedKeys = path.join(dir, 'authorized_keys');
  const authorized = [`${restrict('rw')} ${clientKey.identityPub.trim()}`, `${restrict('rw')} ${encryptedKey.identityPub.trim()}`, `${restrict('ro')} ${readOnlyKey.identityPub.trim()}`];
  await writeFile(authorizedKeys, `${authorized.join('\n')}\n`, { mode: 0o600 });
  const port = await freePort();
  const config = path.join(dir, 'sshd_config');
  await writeFile(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${path.join(dir, 'host')}`,
      `PidFile ${path.join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorizedKeys}`,
      `AllowUsers ${user}`,
      // The temp dir's modes are not sshd's business here; root may log in because a CI runner is often root.
      'StrictModes no',
      'PermitRootLogin prohibit-password',
      'PubkeyAuthentication yes',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'AllowTcpForwarding no',
      'X11Forwarding no',
      'PermitTTY no',
      'AcceptEnv GIT_PROTOCOL',
      'LogLevel VERBOSE',
    ].join('\n') + '\n',
  );
  await chmod(path.join(dir, 'host'), 0o600);
  // Run as root, sshd wants its privilege-separation directory.
  if (process.getuid?.() === 0) await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  const proc = ManagedProcess.start({ name: 'sshd', command: sshdPath, args: ['-D', '-e', '-f', config], logPath });
  await waitFor(
    () =>
      new Promise<true | undefined>((resolve) => {
        const socket = net.connect(port, '127.0.0.1');
        socket.once('data', () => (socket.destroy(), resolve(true)));
        socket.once('error', () => resolve(undefined));
      }),
    { timeoutMs: 10_000, what: 'sshd to accept connections', watch: [proc] },
  );
  const hostPub = hostKey.identityPub.trim().split(/\s+/);
  return {
    host: '127.0.0.1',
    port,
    user,
    urlOf: (repo) => `ssh://${user}@127.0.0.1:${port}/${repo.replace(/\.git$/, '')}.git`,
    clientKey,
    encryptedKey: { ...encryptedKey, password: 'test-passphrase' },
    readOnlyKey,
    knownHosts: `[127.0.0.1]:${port} ${hostPub[0]} ${hostPub[1]}\n`,
    newKey: (comment = 'stranger') => keygen(dir, `${comment}-${Math.random().toString(36).slice(2)}`),
    // sshd reads the file at each login, so a key added here is accepted at the next connection.
    authorize: (identityPub, mode = 'rw') => appendFile(authorizedKeys, `${restrict(mode)} ${identityPub.trim().split(/\s+/).slice(0, 2).join(' ')}\n`),
    sessions: async () => (await readFile(sessionLog, 'utf8')).split('\n').filter(Boolean).length,
    logPath,
    async stop() {
      await proc.stop();
      await removeDir(dir);
    },
  };
}
