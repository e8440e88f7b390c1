import fs from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { HttpClient } from 'isomorphic-git';
import { credentialHttpClient } from './credential-http-client.js';
import type { HostGuard } from './host-guard.js';
import { readFetchedCommit, withSignal } from './fetched-commit.js';
import { isomorphicGit } from './isomorphic-git-module.js';
import { GitTransportError, type FetchedCommit, type FetchTarget, type GitTransport, type RemoteOptions, type ServerRef } from './git-transport.js';

// isomorphic-git over HTTP(S) into a temporary bare repository, shallow (depth 1, one ref) as Flux's
// source-controller clones. isomorphic-git's fetch takes no AbortSignal, so the HTTP client hands the
// operation's signal to every request (node:http destroys the socket) and the operation itself races the
// signal. Credentials and the optional host guard live in that client (credential-http-client.ts), not in
// isomorphic-git's own auth options, which would follow a redirect with them.

export interface IsomorphicGitTransportOptions {
  /** Which hosts may be fetched from; every hop is checked. Without one, the network decides. */
  guard?: HostGuard;
  /** Where temporary clones go (default the OS temp dir); created when missing. */
  workDir?: string;
}

function httpFor(remote: RemoteOptions, guard: HostGuard | undefined): HttpClient {
  return credentialHttpClient({
    url: remote.url,
    signal: remote.signal,
    ...(guard ? { guard } : {}),
    ...(remote.credentials ? { credentials: remote.credentials } : {}),
    ...(remote.caCert ? { ca: remote.caCert } : {}),
  });
}

/** Turns isomorphic-git and socket errors into GitTransportError; messages never carry credentials. */
export function classifyGitError(err: unknown, url: string, signal?: AbortSignal): GitTransportError {
  if (err instanceof GitTransportError) return err;
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof GitTransportError ? reason : new GitTransportError('timeout', 'operation timed out');
  }
  const e = err as { code?: string; name?: string; message?: string; data?: { statusCode?: number; statusMessage?: string } };
  if (e.code === 'HttpError') {
    const status = e.data?.statusCode ?? 0;
    const text = `HTTP ${status}${e.data?.statusMessage ? ` ${e.data.statusMessage}` : ''}`;
    if (status === 401 || status === 403) return new GitTransportError('auth', `authentication failed (${text})`);
    if (status === 404) return new GitTransportError('not-found', `repository not found (${text})`);
    return new GitTransportError('protocol', `unexpected response from the git server (${text})`);
  }
  if (e.name === 'AbortError' || e.code === 'ABORT_ERR') return new GitTransportError('timeout', 'operation aborted');
  const netCodes = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN'];
  if (e.code && netCodes.includes(e.code)) {
    const host = safeHost(url);
    return new GitTransportError('network', `unable to reach ${host}: ${e.code}`);
  }
  if (e.code === 'NotFoundError') {
    // isomorphic-git resolves the remote HEAD on every fetch; a HEAD naming a deleted branch fails here.
    if (/Could not find HEAD/.test(e.message ?? '')) return new GitTransportError('ref-not-found', "the remote HEAD points to a branch that does not exist; set the repository's default branch");
    return new GitTransportError('ref-not-found', scrub(e.message ?? 'not found'));
  }
  if (e.code === 'SmartHttpError') return new GitTransportError('protocol', 'the server did not answer as a git smart-HTTP server');
  return new GitTransportError('protocol', `git error: ${e.code ?? e.name ?? 'unknown'}${e.message ? `: ${scrub(e.message)}` : ''}`);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the git server';
  }
}

// Belt and braces: should a library message ever quote a header, drop its value.
function scrub(text: string): string {
  return text.replace(/(authorization:?\s*(?:basic|bearer)?\s*)\S+/gi, '$1<redacted>').slice(0, 500);
}

export class IsomorphicGitTransport implements GitTransport {
  private readonly guard: HostGuard | undefined;
  private readonly workDir: string;

  constructor(opts: IsomorphicGitTransportOptions = {}) {
    this.guard = opts.guard;
    this.workDir = opts.workDir ?? tmpdir();
  }

  async listRefs(remote: RemoteOptions): Promise<ServerRef[]> {
    const git = await isomorphicGit();
    try {
      const refs = await withSignal(remote.signal, () =>
        git.listServerRefs({ http: httpFor(remote, this.guard), url: remote.url, peelTags: true, protocolVersion: 2, prefix: 'refs/' }),
      );
      return refs.map((r) => (r.peeled ? { ref: r.ref, oid: r.oid, peeled: r.peeled } : { ref: r.ref, oid: r.oid }));
    } catch (err) {
      throw classifyGitError(err, remote.url, remote.signal);
    }
  }

  async fetchCommit(remote: RemoteOptions, target: FetchTarget): Promise<FetchedCommit> {
    const git = await isomorphicGit();
    await mkdir(this.workDir, { recursive: true, mode: 0o700 });
    const gitdir = await mkdtemp(path.join(this.workDir, 'flotilla-git-'));
    const dispose = () => rm(gitdir, { recursive: true, force: true });
    const cache = {};
    const http = httpFor(remote, this.guard);
    const base = { fs, http, gitdir, remote: 'origin', cache, tags: false };
    try {
      const commit = await withSignal(remote.signal, async () => {
        await git.init({ fs, gitdir, bare: true, defaultBranch: 'main' });
        // isomorphic-git records fetched refs through the remote's refspec; map every ref so tags and
        // `refs/pull/…` names land somewhere too.
        await git.setConfig({ fs, gitdir, path: 'remote.origin.url', value: remote.url });
        await git.setConfig({ fs, gitdir, path: 'remote.origin.fetch', value: '+refs/*:refs/remotes/origin/*' });
        if (target.kind === 'ref') {
          const r = await git.fetch({ ...base, ref: target.ref, singleBranch: true, depth: 1 });
          if (!r.fetchHead) throw new GitTransportError('ref-not-found', `couldn't find remote ref "${target.ref}"`);
          return (await git.readCommit({ fs, gitdir, oid: r.fetchHead, cache })).oid;
        }
        if (target.branchRef) {
          // The commit must be on the branch: take its head shallowly, deepen only when the commit is older.
          const r = await git.fetch({ ...base, ref: target.branchRef, singleBranch: true, depth: 1 });
          if (!r.fetchHead) throw new GitTransportError('ref-not-found', `couldn't find remote ref "${target.branchRef}"`);
          if (r.fetchHead !== target.commit) {
            await git.fetch({ ...base, ref: target.branchRef, singleBranch: true, depth: 2_147_483_647 });
            const onBranch = await git.isDescendent({ fs, gitdir, oid: r.fetchHead, ancestor: target.commit, depth: -1, cache }).catch(() => false);
            if (!onBranch) throw new GitTransportError('ref-not-found', `commit '${target.commit}' not found on branch '${target.branchRef.replace(/^refs\/heads\//, '')}'`);
          }
          return target.commit;
        }
        try {
          await git.fetch({ ...base, ref: target.commit, singleBranch: true, depth: 1 });
        } catch (err) {
          if (err instanceof GitTransportError || classifyGitError(err, remote.url, remote.signal).kind !== 'protocol') throw err;
          // The server refuses wants by id (no allowReachableSHA1InWant): fetch every branch, as Flux does.
          await git.fetch({ ...base, singleBranch: false });
        }
        try {
          return (await git.readCommit({ fs, gitdir, oid: target.commit, cache })).oid;
        } catch {
          throw new GitTransportError('ref-not-found', `commit '${target.commit}' not found`);
        }
      });
      return await readFetchedCommit({ gitdir, commit, signal: remote.signal, cache, dispose });
    } catch (err) {
      await dispose();
      throw classifyGitError(err, remote.url, remote.signal);
    }
  }
}
