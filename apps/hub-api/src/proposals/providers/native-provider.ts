import { fetchBranch, isNonFastForward, mergeCommit, pushCommit, withClone, type GitRemote } from '../../images/automation/git-workspace.js';
import type { MergeInput, MergeOutcome, ProposalProvider, PullRequestState } from './proposal-provider.js';

/**
 * The hub as the only place of review: nothing to open or mirror; a merge brings the approved head onto the
 * base branch itself — a fast-forward, or a merge commit with the base and the head as parents — by a plain
 * push, never forced.
 */
export class NativeProvider implements ProposalProvider {
  readonly kind = 'native' as const;

  constructor(private readonly remote: GitRemote) {}

  open(): Promise<null> {
    return Promise.resolve(null);
  }

  update(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  comment(): Promise<void> {
    return Promise.resolve();
  }

  /** The hub's own record is the truth: the proposal is as open as the hub says. */
  read(): Promise<PullRequestState> {
    return Promise.resolve({ state: 'open' });
  }

  merge(m: MergeInput): Promise<MergeOutcome> {
    const remote = this.remote;
    return withClone(remote, m.baseBranch, async (ws): Promise<MergeOutcome> => {
      if (ws.base !== m.baseCommit) return { kind: 'outdated' };
      const head = await fetchBranch(remote, ws, m.headBranch);
      if (head !== m.headCommit) return { kind: 'outdated' };
      const commit = m.strategy === 'merge-commit' ? await mergeCommit(ws, m.headCommit, m.author, m.message, m.now) : m.headCommit;
      try {
        await pushCommit(remote, ws, commit, m.baseBranch);
      } catch (err) {
        if (isNonFastForward(err)) return { kind: 'outdated' };
        throw err;
      }
      return { kind: 'merged', commit };
    });
  }
}
