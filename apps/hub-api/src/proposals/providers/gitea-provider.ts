import { z } from 'zod';
import { ForgeError } from './forge-http.js';
import { githubPull, GithubProvider } from './github-provider.js';
import type { MergeInput, MergeOutcome, PullRequestDraft, PullRequestLink } from './proposal-provider.js';

// Gitea's REST API v1 (its swagger at /api/swagger: repoCreatePullRequest, repoEditPullRequest,
// repoMergePullRequest, issueCreateComment), at https://HOST/api/v1. Auth: `Authorization: token <token>`.

/** Gitea documents no limit; bodies are bounded as GitHub's are. */
export const GITEA_MAX_BODY = 65_536;

export const giteaHeaders = (token: string) => ({ auth: { header: 'Authorization', value: `token ${token}` } });

/**
 * Gitea follows GitHub's paths and answers for pull requests (edit, close, comment, read); opening and
 * merging differ: a duplicate is 409, and the merge takes `Do` and `head_commit_id`, answering no body.
 */
export class GiteaProvider extends GithubProvider {
  override readonly kind = 'gitea' as const;

  override async open(d: PullRequestDraft): Promise<PullRequestLink> {
    try {
      const pr = await this.http.send('POST', `${this.repo}/pulls`, { base: d.baseBranch, head: d.headBranch, title: d.title, body: d.body }, githubPull);
      return { number: pr.number, url: pr.html_url };
    } catch (err) {
      // 409 when a pull request for the branch exists already: adopt it.
      if (!(err instanceof ForgeError && err.status === 409)) throw err;
      const open = await this.http.send('GET', `${this.repo}/pulls?state=open`, undefined, z.array(githubPull));
      const mine = open.find((p) => p.head.ref === d.headBranch);
      if (!mine) throw err;
      return { number: mine.number, url: mine.html_url };
    }
  }

  override async merge(m: MergeInput): Promise<MergeOutcome> {
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
}
