import type { HttpCredentials, SshCredentials } from '../spec/git-repository.spec.js';

// The git side effects the reconciler needs, behind a port: http(s) and ssh have their own implementation
// (`createGitTransport` picks by the URL's scheme), and tests can inject faults the real server cannot produce.

export interface RemoteOptions {
  url: string;
  /** http(s) only. */
  credentials?: HttpCredentials;
  /** Extra trusted CA certificates (PEM) for https, Flux's `ca.crt`. */
  caCert?: string;
  /** ssh only: the key, the host keys to trust and the key's passphrase. */
  ssh?: SshCredentials;
  /** Aborts every request of the operation (spec.timeout). */
  signal: AbortSignal;
}

export interface ServerRef {
  ref: string;
  oid: string;
  /** For an annotated tag: the commit it points to. */
  peeled?: string;
}

export type FetchTarget =
  /** A branch, tag or other full ref name. */
  | { kind: 'ref'; ref: string }
  /** A commit id; with `branchRef` the commit must be reachable from that branch (Flux's commit+branch). */
  | { kind: 'commit'; commit: string; branchRef?: string };

export type TreeEntryMode = 'file' | 'executable' | 'symlink' | 'submodule';

export interface TreeEntry {
  /** Repo-relative path with `/` separators. */
  path: string;
  mode: TreeEntryMode;
  oid: string;
}

export interface FetchedCommit {
  commit: string;
  /** Commit message (for Flux's NewArtifact event text). */
  message: string;
  /** Every non-tree entry of the commit's tree, recursively. */
  entries: TreeEntry[];
  readBlob(oid: string): Promise<Uint8Array>;
  /** Removes the temporary clone. */
  dispose(): Promise<void>;
}

export interface GitTransport {
  listRefs(remote: RemoteOptions): Promise<ServerRef[]>;
  fetchCommit(remote: RemoteOptions, target: FetchTarget): Promise<FetchedCommit>;
}

/**
 * `refused`: the host guard does not allow the host (or a redirect target); nothing was sent to it.
 * `host-key`: the ssh server's host key is not in known_hosts or does not match it; nothing was sent to it.
 * `rejected`: a push was refused because the branch moved (not a fast-forward); nothing was forced.
 */
export type GitErrorKind = 'auth' | 'not-found' | 'ref-not-found' | 'timeout' | 'network' | 'protocol' | 'refused' | 'host-key' | 'rejected';

/** A transport failure, already classified and with a message fit for users (no credentials). */
export class GitTransportError extends Error {
  constructor(
    readonly kind: GitErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'GitTransportError';
  }
}
