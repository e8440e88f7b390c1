import type { HostGuard } from './host-guard.js';
import type { FetchedCommit, FetchTarget, GitTransport, RemoteOptions, ServerRef } from './git-transport.js';
import { IsomorphicGitTransport } from './isomorphic-git-transport.js';
import { SshGitTransport } from './ssh-git-transport.js';

// One transport per URL scheme behind the one port: ssh:// goes to the git binary, http(s) to isomorphic-git.

export interface GitTransportOptions {
  /** Which hosts may be fetched from (both protocols); without one, the network decides. */
  guard?: HostGuard;
  /** Where temporary clones (and, for ssh, key material) go; default the OS temp dir. */
  workDir?: string;
}

export class SchemeGitTransport implements GitTransport {
  constructor(
    private readonly http: GitTransport,
    private readonly ssh: GitTransport,
  ) {}

  private pick(remote: RemoteOptions): GitTransport {
    return remote.url.startsWith('ssh://') ? this.ssh : this.http;
  }

  listRefs(remote: RemoteOptions): Promise<ServerRef[]> {
    return this.pick(remote).listRefs(remote);
  }

  fetchCommit(remote: RemoteOptions, target: FetchTarget): Promise<FetchedCommit> {
    return this.pick(remote).fetchCommit(remote, target);
  }
}

export function createGitTransport(opts: GitTransportOptions = {}): GitTransport {
  return new SchemeGitTransport(new IsomorphicGitTransport(opts), new SshGitTransport(opts));
}
