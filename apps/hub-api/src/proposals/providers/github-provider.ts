import { z } from 'zod';
import { ForgeError, type ForgeHttp } from './forge-http.js';
import type { MergeInput, MergeOutcome, ProposalProvider, PullRequestDraft, PullRequestLink, PullRequestState } from './proposal-provider.js';

// GitHub's REST API (docs.github.com/rest/pulls/pulls, /rest/issues/comments), also GitHub Enterprise
// Server at https://HOST/api/v3. Auth: `Authorization: Bearer <token>`.

/** GitHub caps an issue or pull-request body and a comment at 65,536 characters. */
export const GITHUB_MAX_BODY = 65_536;

/** A pull request as GitHub answers it; Gitea answers with the same fields. */
export const githubPull = z.object({
  number: z.number().int(),
  html_url: z.string(),
  state: z.enum(['open', 'closed']),
  merged: z.boolean().optional(),
  merged_at: z.string().nullable().optional(),
  merge_commit_sha: z.string().nullable().optional(),
  head: z.object({ ref: z.string(), sha: z.string() }),
});
const mergeResult = z.object({ sha: z.string(), merged: z.boolean(), message: z.string().optional() });

export const githubHeaders = (token: string) => ({
  auth: { header: 'Authorization', value: `Bearer ${token}` },
  headers: { Accept: 'application/vnd.github+json', 'X-GitHub-Api-Version': '2022-11-28' },
});

export class GithubProvider implements ProposalProvider {
  readonly kind: 'github' | 'gitea' = 'github';
  /** `/repos/{owner}/{repo}`, the root of every pull-request call. */
  protected readonly repo: string;

  constructor(
    protected readonly http: ForgeHttp,
    repository: string,
  ) {
    const [owner, name] = repository.split('/');
    this.repo = `/repos/${encodeURIComponent(owner!)}/${encodeURIComponent(name!)}`;
  }

  async open(d: PullRequestDraft): Promise<PullRequestLink> {
    try {
      const pr = await this.http.send('POST', `${this.repo}/pulls`, { title: d.title, head: d.headBranch, base: d.baseBranch, body: d.body, maintainer_can_modify: false }, githubPull);
      return { number: pr.number, url: pr.html_url };
    } catch (err) {
      // 422 when a pull request for the branch exists already (an earlier open whose answer was lost): adopt it.
      if (!(err instanceof ForgeError && err.status === 422)) throw err;
      const owner = this.repo.split('/')[2]!;
      const open = await this.http.send('GET', `${this.repo}/pulls?state=open&head=${owner}:${encodeURIComponent(d.headBranch)}&base=${encodeURIComponent(d.baseBranch)}`, undefined, z.array(githubPull));
      if (!open[0]) throw err;
      return { number: open[0].number, url: open[0].html_url };
    }
  }

  async update(link: PullRequestLink, d: PullRequestDraft): Promise<void> {
    await this.http.send('PATCH', `${this.repo}/pulls/${link.number}`, { title: d.title, body: d.body }, githubPull);
  }

  async merge(m: MergeInput): Promise<MergeOutcome> {
    if (!m.link) throw new ForgeError(null, 'the pull request is not open at GitHub yet');
    try {
      // GitHub has no fast-forward merge: `rebase` puts the proposal's commit on the base without a merge commit.
      const r = await this.http.send('PUT', `${this.repo}/pulls/${m.link.number}/merge`, { sha: m.headCommit, merge_method: m.strategy === 'merge-commit' ? 'merge' : 'rebase', commit_title: m.message.split('\n')[0] }, mergeResult);
      if (!r.merged) throw new ForgeError(200, `GitHub did not merge: ${r.message ?? 'no reason given'}`);
      return { kind: 'merged', commit: r.sha };
    } catch (err) {
      // 409: the head is no longer the commit that was approved.
      if (err instanceof ForgeError && err.status === 409) return { kind: 'outdated' };
      throw err;
    }
  }

  async close(link: PullRequestLink): Promise<void> {
    await this.http.send('PATCH', `${this.repo}/pulls/${link.number}`, { state: 'closed' }, githubPull);
  }

  async comment(link: PullRequestLink, body: string): Promise<void> {
    await this.http.send('POST', `${this.repo}/issues/${link.number}/comments`, { body }, null);
  }

  async read(link: PullRequestLink): Promise<PullRequestState> {
    const pr = await this.http.send('GET', `${this.repo}/pulls/${link.number}`, undefined, githubPull);
    if (pr.merged || pr.merged_at) return { state: 'merged', mergedCommit: pr.merge_commit_sha ?? pr.head.sha };
    return pr.state === 'closed' ? { state: 'closed' } : { state: 'open' };
  }
}
