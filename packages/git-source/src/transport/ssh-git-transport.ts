import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readFetchedCommit } from './fetched-commit.js';
import type { HostGuard } from './host-guard.js';
import { HostRefusedError } from './host-guard.js';
import { GitTransportError, type FetchedCommit, type FetchTarget, type GitTransport, type RemoteOptions, type ServerRef } from './git-transport.js';

// git over ssh with the system `git` and `ssh` binaries (isomorphic-git has no ssh transport). Each operation
// gets a private temporary directory (0700) holding the key (0600), the known_hosts of the secret and, for an
// encrypted key, an askpass script that prints the passphrase from a 0600 file, so no secret is ever on a
// command line or in the environment. ssh runs with no user configuration (`-F /dev/null`), no agent, only
// that key (a push through a person's ssh-agent offers only the agent's keys instead), strict host key
// checking against only those host keys, and no prompts. The fetch is shallow (depth 1, one ref) into a
// temporary bare repository, read afterwards by the same tree walk as http(s), so one commit gives one
// artifact whichever protocol fetched it.
//
// With a host guard, the host is checked and resolved before ssh runs and ssh connects to the resolved
// address (`HostName`), while known_hosts is still matched against the name in the URL (`HostKeyAlias`).

export interface SshGitTransportOptions {
  guard?: HostGuard;
  /** Where temporary clones and key material go (default the OS temp dir); created when missing. */
  workDir?: string;
  /** The git binary (default `git` from PATH); ssh is found through PATH too. */
  gitBinary?: string;
}

const SSH_DEFAULT_USER = 'git';
const MAX_OUTPUT = 64 * 1024 * 1024;

function sh(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

export interface Session {
  dir: string;
  env: NodeJS.ProcessEnv;
  /** The URL git is given: Flux's default user `git` when the URL names none. */
  url: string;
}

/** The URL with Flux's default ssh user when none is given (fluxcd/pkg git: DefaultPublicKeyAuthUser). */
export function sshUrlWithUser(url: string): string {
  const u = new URL(url);
  if (!u.username) u.username = SSH_DEFAULT_USER;
  return u.toString();
}

export class SshGitTransport implements GitTransport {
  private readonly guard: HostGuard | undefined;
  private readonly workDir: string;
  private readonly gitBinary: string;

  constructor(opts: SshGitTransportOptions = {}) {
    this.guard = opts.guard;
    this.workDir = opts.workDir ?? tmpdir();
    this.gitBinary = opts.gitBinary ?? 'git';
  }

  async listRefs(remote: RemoteOptions): Promise<ServerRef[]> {
    return this.withSession(remote, async (s) => parseLsRemote(await this.git(['ls-remote', s.url], s, remote)));
  }

  async fetchCommit(remote: RemoteOptions, target: FetchTarget): Promise<FetchedCommit> {
    await mkdir(this.workDir, { recursive: true, mode: 0o700 });
    const gitdir = await mkdtemp(path.join(this.workDir, 'flotilla-git-'));
    const dispose = () => rm(gitdir, { recursive: true, force: true });
    try {
      const commit = await this.withSession(remote, async (s) => {
        const inRepo = (args: string[]) => this.git(['--git-dir', gitdir, ...args], s, remote);
        await this.git(['init', '-q', '--bare', gitdir], s, remote);
        const fetch = (ref: string, depth?: number) => inRepo(['fetch', '-q', '--no-tags', '--no-write-fetch-head', ...(depth ? [`--depth=${depth}`] : []), s.url, `+${ref}:refs/flotilla/fetched`]);
        const head = async () => (await inRepo(['rev-parse', 'refs/flotilla/fetched^{commit}'])).trim();
        if (target.kind === 'ref') {
          await fetch(target.ref, 1);
          return head();
        }
        if (target.branchRef) {
          // The commit must be on the branch: take its head shallowly, deepen only when the commit is older.
          await fetch(target.branchRef, 1);
          const tip = await head();
          if (tip !== target.commit) {
            await inRepo(['fetch', '-q', '--no-tags', '--no-write-fetch-head', '--unshallow', s.url, `+${target.branchRef}:refs/flotilla/fetched`]);
            const onBranch = await inRepo(['merge-base', '--is-ancestor', target.commit, tip]).then(
              () => true,
              () => false,
            );
            if (!onBranch) throw new GitTransportError('ref-not-found', `commit '${target.commit}' not found on branch '${target.branchRef.replace(/^refs\/heads\//, '')}'`);
          }
          return target.commit;
        }
        try {
          await inRepo(['fetch', '-q', '--no-tags', '--no-write-fetch-head', '--depth=1', s.url, target.commit]);
        } catch (err) {
          if (!(err instanceof GitTransportError) || err.kind !== 'protocol') throw err;
          // The server refuses wants by id: fetch every branch, as Flux does.
          await inRepo(['fetch', '-q', '--no-tags', '--no-write-fetch-head', s.url, '+refs/heads/*:refs/remotes/origin/*']);
        }
        try {
          return (await inRepo(['rev-parse', '--verify', '--quiet', `${target.commit}^{commit}`])).trim();
        } catch {
          throw new GitTransportError('ref-not-found', `commit '${target.commit}' not found`);
        }
      });
      return await readFetchedCommit({ gitdir, commit, signal: remote.signal, dispose });
    } catch (err) {
      await dispose();
      throw err instanceof GitTransportError ? err : classifySshGitError(String((err as Error).message ?? err), remote.signal);
    }
  }

  /** Writes the key material into a private directory for one operation and removes it afterwards. */
  protected async withSession<T>(remote: RemoteOptions, work: (s: Session) => Promise<T>): Promise<T> {
    if (!remote.ssh) throw new GitTransportError('auth', "no SSH identity and known_hosts given");
    const target = new URL(remote.url);
    const route = await this.route(target);
    await mkdir(this.workDir, { recursive: true, mode: 0o700 });
    const dir = await mkdtemp(path.join(this.workDir, 'flotilla-ssh-'));
    try {
      const knownHosts = path.join(dir, 'known_hosts');
      await writeFile(knownHosts, remote.ssh.knownHosts, { mode: 0o600 });
      const agent = this.agentSocket();
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        HOME: dir,
        LANG: 'C',
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_CONFIG_GLOBAL: '/dev/null',
        GIT_TERMINAL_PROMPT: '0',
        GIT_PROTOCOL: 'version=2',
      };
      const options = [
        '-F /dev/null',
        ...(agent ? agentOptions(agent) : await keyOptions(dir, remote.ssh.identity)),
        '-o PreferredAuthentications=publickey',
        '-o PasswordAuthentication=no',
        '-o KbdInteractiveAuthentication=no',
        `-o UserKnownHostsFile=${sh(knownHosts)}`,
        '-o GlobalKnownHostsFile=/dev/null',
        '-o StrictHostKeyChecking=yes',
        '-o UpdateHostKeys=no',
        '-o CheckHostIP=no',
        '-o ControlMaster=no',
        '-o ControlPath=none',
        '-o ConnectTimeout=30',
        '-o LogLevel=ERROR',
      ];
      if (route) options.push(`-o HostName=${sh(route.address)}`, `-o HostKeyAlias=${sh(route.alias)}`);
      if (remote.ssh.password && !agent) {
        // The passphrase reaches ssh only through askpass, reading a file only this process can read.
        const secret = path.join(dir, 'passphrase');
        const askpass = path.join(dir, 'askpass');
        await writeFile(secret, remote.ssh.password, { mode: 0o600 });
        await writeFile(askpass, `#!/bin/sh\ncat ${sh(secret)}\n`, { mode: 0o700 });
        env.SSH_ASKPASS = askpass;
        env.SSH_ASKPASS_REQUIRE = 'force';
        env.DISPLAY = 'none';
      } else {
        options.push('-o BatchMode=yes');
      }
      env.GIT_SSH_COMMAND = `ssh ${options.join(' ')}`;
      env.GIT_SSH_VARIANT = 'ssh';
      return await work({ dir, env, url: sshUrlWithUser(remote.url) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * The ssh-agent socket to authenticate through instead of the key of `remote.ssh`, whose host keys stay the
   * only ones trusted. Fetching never uses an agent; `flotilla bootstrap` pushes through the person's.
   */
  protected agentSocket(): string | undefined {
    return undefined;
  }

  /** With a guard: the address ssh connects to and the name known_hosts is matched against. */
  private async route(url: URL): Promise<{ address: string; alias: string } | undefined> {
    if (!this.guard) return undefined;
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const alias = url.port && url.port !== '22' ? `[${host}]:${url.port}` : host;
    const verdict = this.guard.checkHost(url);
    if (verdict === 'refused') throw new GitTransportError('refused', this.guard.refusal);
    if (verdict === 'allowed') return { address: host, alias };
    try {
      const [first] = await this.guard.resolve(host);
      if (!first) throw new HostRefusedError();
      return { address: first.address, alias };
    } catch (err) {
      if (err instanceof HostRefusedError) throw new GitTransportError('refused', this.guard.refusal);
      throw new GitTransportError('network', `unable to resolve ${host}`);
    }
  }

  protected git(args: string[], s: Session, remote: RemoteOptions): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile(this.gitBinary, args, { cwd: s.dir, env: s.env, maxBuffer: MAX_OUTPUT, signal: remote.signal, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new GitTransportError('protocol', 'the git binary is not installed (git and openssh-client are needed for ssh:// URLs)'));
        reject(classifySshGitError(`${stderr}`.replaceAll(s.dir, '<tmp>'), remote.signal));
      });
    });
  }
}

/** Only the given key: written 0600 into the session directory, no agent. */
async function keyOptions(dir: string, key: string): Promise<string[]> {
  const identity = path.join(dir, 'identity');
  // ssh refuses a key that does not end with a newline.
  await writeFile(identity, key.endsWith('\n') ? key : `${key}\n`, { mode: 0o600 });
  return [`-i ${sh(identity)}`, '-o IdentitiesOnly=yes', '-o IdentityAgent=none'];
}

/** Only the agent's identities: no key file, not even ssh's default ~/.ssh/id_* (the agent is what was asked for). */
function agentOptions(socket: string): string[] {
  return ['-o IdentityFile=none', '-o IdentitiesOnly=no', `-o IdentityAgent=${sh(socket)}`];
}

/** `git ls-remote` output as refs (the `^{}` lines become the peeled commit of their annotated tag). */
export function parseLsRemote(out: string): ServerRef[] {
  const lines = out.split('\n').flatMap((line) => {
    const [oid, ref] = line.split('\t');
    return oid && ref ? [{ oid, ref }] : [];
  });
  const peeled = new Map(lines.filter((l) => l.ref.endsWith('^{}')).map((l) => [l.ref.slice(0, -3), l.oid]));
  return lines
    .filter((l) => l.ref.startsWith('refs/') && !l.ref.endsWith('^{}'))
    .map(({ ref, oid }): ServerRef => {
      const p = peeled.get(ref);
      return p ? { ref, oid, peeled: p } : { ref, oid };
    });
}

/** Turns git's and ssh's stderr into a GitTransportError; neither ever prints key material. */
export function classifySshGitError(stderr: string, signal?: AbortSignal): GitTransportError {
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof GitTransportError ? reason : new GitTransportError('timeout', 'operation timed out');
  }
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const text = lines.join('\n');
  // git's own "Could not read from remote repository" follows the server's reason, which says more.
  const serverSaid = lines.find((l) => !/^(fatal|error):|^Please make sure you have the correct access rights|^and the repository exists/.test(l));
  const generic = lines.find((l) => /^(fatal|error):/.test(l));
  const last = (generic && /Could not read from remote repository/.test(generic) && serverSaid ? serverSaid : (generic ?? lines.at(-1) ?? 'unknown error')).slice(0, 500);
  if (/No .* host key is known for|Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|Host key for .* has changed/i.test(text)) {
    const known = /REMOTE HOST IDENTIFICATION HAS CHANGED|has changed/i.test(text);
    return new GitTransportError('host-key', known ? 'ssh: handshake failed: knownhosts: key mismatch (the host key differs from the one in known_hosts)' : 'ssh: handshake failed: knownhosts: key is unknown (the host key is not in known_hosts)');
  }
  if (/Permission denied \(publickey|incorrect passphrase|Load key .*: (incorrect passphrase|invalid format|error in libcrypto)/i.test(text)) {
    return new GitTransportError('auth', 'ssh: unable to authenticate with the given identity (permission denied)');
  }
  if (/Could not resolve hostname|Connection refused|Connection timed out|No route to host|Network is unreachable|Connection closed by|Connection reset/i.test(text)) {
    return new GitTransportError('network', last.replace(/^ssh: /, ''));
  }
  if (/\[rejected\]|\(fetch first\)|non-fast-forward/.test(text)) return new GitTransportError('rejected', 'the server refused the update: the branch moved (not a fast-forward)');
  if (/couldn't find remote ref|not our ref|unadvertised object/i.test(text)) return new GitTransportError(/couldn't find/i.test(text) ? 'ref-not-found' : 'protocol', last.replace(/^fatal: /, ''));
  if (/does not appear to be a git repository|repository .* not found/i.test(text)) return new GitTransportError('not-found', 'repository not found');
  return new GitTransportError('protocol', `git error: ${last}`);
}
