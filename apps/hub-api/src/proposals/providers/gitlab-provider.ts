import { z } from 'zod';
import { ForgeError, type ForgeHttp } from './forge-http.js';
import type { MergeInput, MergeOutcome, ProposalProvider, PullRequestDraft, PullRequestLink, PullRequestState } from './proposal-provider.js';

// GitLab's REST API v4 (docs.gitlab.com/api/merge_requests, /api/notes), at https://HOST/api/v4.
// Auth: `PRIVATE-TOKEN: <token>`. A project is named by its numeric id or its URL-encoded path.

/** GitLab caps a note at 1,000,000 characters; a description is bounded the same here. */
export const GITLAB_MAX_BODY = 1_000_000;

const mergeRequest = z.object({
  iid: z.number().int(),
  web_url: z.string(),
  state: z.enum(['opened', 'closed', 'locked', 'merged']),
  sha: z.string().nullable().optional(),
  merge_commit_sha: z.string().nullable().optional(),
  squash_commit_sha: z.string().nullable().optional(),
});

export const gitlabHeaders = (token: string) => ({ auth: { header: 'PRIVATE-TOKEN', value: token } });

export class GitlabProvider implements ProposalProvider {
  readonly kind = 'gitlab' as const;
  private readonly project: string;

  constructor(
    private readonly http: ForgeHttp,
    repository: string,
  ) {
    this.project = `/projects/${encodeURIComponent(repository)}`;
  }

  async open(d: PullRequestDraft): Promise<PullRequestLink> {
    try {
      const mr = await this.http.send('POST', `${this.project}/merge_requests`, { source_branch: d.headBranch, target_branch: d.baseBranch, title: d.title, description: d.body }, mergeRequest);
      return { number: mr.iid, url: mr.web_url };
    } catch (err) {
      // 409 when an open merge request for the branch exists already: adopt it.
      if (!(err instanceof ForgeError && err.status === 409)) throw err;
      const open = await this.http.send('GET', `${this.project}/merge_requests?state=opened&source_branch=${encodeURIComponent(d.headBranch)}&target_branch=${encodeURIComponent(d.baseBranch)}`, undefined, z.array(mergeRequest));
      if (!open[0]) throw err;
      return { number: open[0].iid, url: open[0].web_url };
    }
  }

  async update(link: PullRequestLink, d: PullRequestDraft): Promise<void> {
    await this.http.send('PUT', `${this.project}/merge_requests/${link.number}`, { title: d.title, description: d.body }, mergeRequest);
  }

  async merge(m: MergeInput): Promise<MergeOutcome> {
    if (!m.link) throw new ForgeError(null, 'the merge request is not open at GitLab yet');
    try {
      // The project's merge method (merge commit, semi-linear or fast-forward) is GitLab's own setting.
      const mr = await this.http.send('PUT', `${this.project}/merge_requests/${m.link.number}/merge`, { sha: m.headCommit, ...(m.strategy === 'merge-commit' ? { merge_commit_message: m.message } : {}) }, mergeRequest);
      return { kind: 'merged', commit: mr.merge_commit_sha ?? mr.squash_commit_sha ?? mr.sha ?? m.headCommit };
    } catch (err) {
      // 409: `sha` no longer matches the source branch's head.
      if (err instanceof ForgeError && err.status === 409) return { kind: 'outdated' };
      throw err;
    }
  }

  async close(link: PullRequestLink): Promise<void> {
    await this.http.send('PUT', `${this.project}/merge_requests/${link.number}`, { state_event: 'close' }, mergeRequest);
  }

  async comment(link: PullRequestLink, body: string): Promise<void> {
    await this.http.send('POST', `${this.project}/merge_requests/${link.number}/notes`, { body }, null);
  }

  async read(link: PullRequestLink): Promise<PullRequestState> {
    const mr = await this.http.send('GET', `${this.project}/merge_requests/${link.number}`, undefined, mergeRequest);
    if (mr.state === 'merged') return { state: 'merged', mergedCommit: mr.merge_commit_sha ?? mr.squash_commit_sha ?? mr.sha ?? '' };
    return mr.state === 'opened' ? { state: 'open' } : { state: 'closed' };
  }
}
