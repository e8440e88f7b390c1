import type { FluxEvent, GitProviderType } from '@flotilla/protocol/flux';
import { parseRevision } from '@flotilla/reconcile-core';
import { jsonRequest, type ProviderRequest, type ProviderTarget } from './provider-request.js';

/** A Kustomization's result at one revision over the clusters it targets. */
export type CommitState = 'pending' | 'success' | 'failure';

/** The event metadata key that carries the commit state of a commit-status event. */
export const COMMIT_STATE_KEY = 'commitState';

/** Forge descriptions are short (GitHub: 140 characters). */
const MAX_DESCRIPTION = 140;

/** The commit a revision names (`main@sha1:<sha>`), or null when it names none (an OCI digest, a chart version). */
export function commitOf(revision: string | undefined): string | null {
  if (!revision) return null;
  const parsed = parseRevision(revision);
  if (!parsed.ok) return null;
  const { algorithm, checksum } = parsed.value;
  return (algorithm === 'sha1' || algorithm === 'sha256') && checksum ? checksum : null;
}

/** owner/repo (GitLab: any group depth) from the repository URL in the Provider's address, without `.git`. */
function repositoryPath(url: URL): string | null {
  const path = url.pathname.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  return path.split('/').length >= 2 ? path : null;
}

/**
 * The forge's documented commit-status call for `flotilla/<kustomization>`:
 * - github: `POST /repos/{owner}/{repo}/statuses/{sha}` on api.github.com (GitHub Enterprise: `/api/v3`),
 *   bearer token, states pending/success/failure;
 * - gitea: `POST /api/v1/repos/{owner}/{repo}/statuses/{sha}`, `Authorization: token <token>`;
 * - gitlab: `POST /api/v4/projects/{url-encoded path}/statuses/{sha}`, `PRIVATE-TOKEN`, states
 *   pending/success/failed and the context as `name`;
 * - bitbucket (Cloud): `POST /2.0/repositories/{workspace}/{repo}/commit/{sha}/statuses/build` on
 *   api.bitbucket.org, basic auth from a `username:app-password` token, states INPROGRESS/SUCCESSFUL/FAILED.
 */
export function commitStatusRequest(
  type: GitProviderType,
  target: ProviderTarget,
  address: string,
  event: FluxEvent,
): ProviderRequest | { field: string; message: string } {
  const url = new URL(address);
  const repo = repositoryPath(url);
  if (!repo)
    return { field: 'address', message: 'the address must be the repository URL (https://host/owner/repo)' };
  const sha = commitOf(event.metadata?.revision);
  if (!sha)
    return {
      field: 'event',
      message: `revision ${event.metadata?.revision ?? '(none)'} names no git commit`,
    };
  const state = (event.metadata?.[COMMIT_STATE_KEY] ?? 'pending') as CommitState;
  const context = `flotilla/${event.involvedObject.name}`;
  const description = event.message.slice(0, MAX_DESCRIPTION);
  const token = target.secret.token ?? '';
  switch (type) {
    case 'github': {
      const api = url.hostname === 'github.com' ? 'https://api.github.com' : `${url.origin}/api/v3`;
      return jsonRequest(
        `${api}/repos/${repo}/statuses/${sha}`,
        { state, context, description },
        { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json' },
      );
    }
    case 'gitea':
      return jsonRequest(
        `${url.origin}/api/v1/repos/${repo}/statuses/${sha}`,
        { state, context, description },
        { authorization: `token ${token}` },
      );
    case 'gitlab':
      return jsonRequest(
        `${url.origin}/api/v4/projects/${encodeURIComponent(repo)}/statuses/${sha}`,
        { state: state === 'failure' ? 'failed' : state, name: context, description },
        { 'private-token': token },
      );
    case 'bitbucket': {
      const api = url.hostname === 'bitbucket.org' ? 'https://api.bitbucket.org' : url.origin;
      const bbState = { pending: 'INPROGRESS', success: 'SUCCESSFUL', failure: 'FAILED' }[state];
      return jsonRequest(
        `${api}/2.0/repositories/${repo}/commit/${sha}/statuses/build`,
        { state: bbState, key: context.slice(0, 40), name: context, description, url: address },
        { authorization: `Basic ${Buffer.from(token).toString('base64')}` },
      );
    }
  }
}
