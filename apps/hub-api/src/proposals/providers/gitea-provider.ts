import { z } from 'zod';
import { ForgeError, type ForgeHttp } from './forge-http.js';
import type { MergeInput, MergeOutcome, ProposalProvider, PullRequestDraft, PullRequestLink, PullRequestState } from './proposal-provider.js';

// Gitea's REST API v1 (its swagger at /api/swagger: repoCreatePullRequest, repoEditPullRequest,
// repoMergePullRequest, issueCreateComment), at https://HOST/api/v1. Auth: `Authorization: token <token>`.

/** Gitea documents no limit; bodies are bounded as GitHub's are. */
export const GITEA_MAX_BODY = 65_536;

const pull = z.object({
  number: z.number().int(),
  html_url: z.string(),
  state: z.enum(['open', 'closed']),
  merged: z.boolean().optional(),
  merge_commit_sha: z.string().nullable().optional(),
  head: z.object({ ref: z.string(), sha: z.string() }),
});

export const giteaHeaders = (token: string) => ({ auth: { header: 'Authorization', value: `token ${token}` } });

export class GiteaProvider implements ProposalProvider {
  readonly kind = 'gitea' as const;
  private readonly repo: string;

  constructor(
    private readonly http: ForgeHttp,
    repository: string,
  ) {
    const [owner, name] = repository.split('/');
    this.repo = `/repos/${encodeURIComponent(owner!)}/${encodeURIComponent(name!)}`;
  }

  async open(d: PullRequestDraft): Promise<PullRequestLink> {
    try {
      const pr = await this.http.send('POST', `${this.repo}/pulls`, { base: d.baseBranch, head: d.headBranch, title: d.title, body: d.body }, pull);
      return { number: pr.number, url: pr.html_url };
    } catch (err) {
      // 409 when a pull request for the branch exists already: adopt it.
      if (!(err instanceof ForgeError && err.status === 409)) throw err;
      const open = await this.http.send('GET', `${this.repo}/pulls?state=open`, undefined, z.array(pull));
      const mine = open.find((p) => p.head.ref === d.headBranch);
      if (!mine) throw err;
      return { number: mine.number, url: mine.html_url };
    }
  }

  async update(link: PullRequestLink, d: PullRequestDraft): Promise<void> {
    await this.http.send('PATCH', `${this.repo}/pulls/${link.number}`, { title: d.title, body: d.body }, pull);
  }

  async merge(m: MergeInput): Promise<MergeOutcome> {
    if (!m.link) throw new ForgeError(null, 'the pull request is not open at Gitea yet');
    try {
      await this.http.send(
        'POST',
        `${this.repo}/pulls/${m.link.number}/merge`,
        { Do: m.strategy === 'merge-commit' ? 'merge' : 'fast-forward-only', head_commit_id: m.headCommit, ...(m.strategy === 'merge-commit' ? { merge_message_field: m.message } : {}) },
        null,
      );
    } catch (err) {
      // 409: the head moved since it was approved (head_commit_id no longer matches).
      if (err instanceof ForgeError && err.status === 409) return { kind: 'outdated' };
      throw err;
    }
    // The merge answers with an empty body; the pull request names the commit now on the base.
    const state = await this.read(m.link);
    return { kind: 'merged', commit: state.state === 'merged' ? state.mergedCommit : m.headCommit };
  }

  async close(link: PullRequestLink): Promise<void> {
    await this.http.send('PATCH', `${this.repo}/pulls/${link.number}`, { state: 'closed' }, pull);
  }

  async comment(link: PullRequestLink, body: string): Promise<void> {
    await this.http.send('POST', `${this.repo}/issues/${link.number}/comments`, { body }, null);
  }

  async read(link: PullRequestLink): Promise<PullRequestState> {
    const pr = await this.http.send('GET', `${this.repo}/pulls/${link.number}`, undefined, pull);
    if (pr.merged) return { state: 'merged', mergedCommit: pr.merge_commit_sha ?? pr.head.sha };
    return pr.state === 'closed' ? { state: 'closed' } : { state: 'open' };
  }
}
