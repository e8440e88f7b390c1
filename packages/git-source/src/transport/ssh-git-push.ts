import type { RemoteOptions, ServerRef } from './git-transport.js';
import { parseLsRemote, SshGitTransport, type SshGitTransportOptions } from './ssh-git-transport.js';

// Writing to a repository over ssh, for `flotilla bootstrap`: the same session as fetching (private key file,
// strict host key checking against only the given known_hosts, no user configuration), so pushing adds no
// second way of running ssh. With `agentSocket` the person's ssh-agent authenticates instead of the key, as
// `flux bootstrap git` pushes without --private-key-file; the host keys checked are the same. Commits are made
// locally by the caller in the clone's work tree.

export interface SshGitPushTransportOptions extends SshGitTransportOptions {
  /** SSH_AUTH_SOCK of the agent to push through; the identity of `remote.ssh` is then not used. */
  agentSocket?: string;
}

export class SshGitPushTransport extends SshGitTransport {
  private readonly agent: string | undefined;

  constructor(opts: SshGitPushTransportOptions = {}) {
    super(opts);
    this.agent = opts.agentSocket;
  }

  protected override agentSocket(): string | undefined {
    return this.agent;
  }

  /**
   * The refs as `git-receive-pack` advertises them, which a server gives only to a client allowed to push: the
   * check `git push --dry-run` makes, without needing anything to push.
   */
  async listPushRefs(remote: RemoteOptions): Promise<ServerRef[]> {
    return this.withSession(remote, async (s) => parseLsRemote(await this.git(['ls-remote', '--upload-pack=git-receive-pack', s.url], s, remote)));
  }

  /** Clones only the tip of `branch` into `dir` (which must not exist or be empty), with a work tree. */
  async cloneBranch(remote: RemoteOptions, branch: string, dir: string): Promise<void> {
    await this.withSession(remote, (s) => this.git(['clone', '-q', '--depth=1', '--single-branch', '--no-tags', '--branch', branch, s.url, dir], s, remote));
  }

  /**
   * Pushes the clone's HEAD to `branch` without force: when the branch moved since the clone, the server
   * refuses and this throws a GitTransportError of kind `rejected`.
   */
  async pushHead(remote: RemoteOptions, dir: string, branch: string): Promise<void> {
    await this.withSession(remote, (s) => this.git(['-C', dir, 'push', '-q', '--no-verify', s.url, `HEAD:refs/heads/${branch}`], s, remote));
  }
}
