/** Where proposals (an automation's, a FleetSync's edits) are reviewed: the hub alone, or a pull request at a forge as well. */
export const PROVIDER_KINDS = ['native', 'github', 'gitlab', 'gitea'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
export const isProviderKind = (v: string): v is ProviderKind => (PROVIDER_KINDS as readonly string[]).includes(v);

/** A forge as people name it, for messages. */
export const FORGE_NAMES: Readonly<Record<Exclude<ProviderKind, 'native'>, string>> = { github: 'GitHub', gitlab: 'GitLab', gitea: 'Gitea' };

/** What a pull request says: the branches, the head it shows, its title and description. */
export interface PullRequestDraft {
  baseBranch: string;
  headBranch: string;
  headCommit: string;
  title: string;
  body: string;
}

/** A pull request at a forge: its number (GitLab's iid) and web page. */
export interface PullRequestLink {
  number: number;
  url: string;
}

export type PullRequestState = { state: 'open' } | { state: 'merged'; mergedCommit: string } | { state: 'closed' };

export interface MergeInput {
  link: PullRequestLink | null;
  baseBranch: string;
  headBranch: string;
  baseCommit: string;
  headCommit: string;
  strategy: 'fast-forward' | 'merge-commit';
  /** The merge commit's message, when the strategy makes one. */
  message: string;
  author: { name: string; email: string };
  now: Date;
}

/** `outdated`: the base or the head moved since the proposal was built; nothing was merged. */
export type MergeOutcome = { kind: 'merged'; commit: string } | { kind: 'outdated' };

/**
 * One seam for every place a proposal is reviewed. The hub keeps the proposal either way; a forge provider
 * mirrors it as a pull request, merges there, and reports a merge or a close made outside the hub. The
 * branch itself is always pushed by the automation, so a rewritten branch reaches the forge by git.
 */
export interface ProposalProvider {
  readonly kind: ProviderKind;
  /** Opens the pull request; null when the provider keeps none (native). */
  open(draft: PullRequestDraft): Promise<PullRequestLink | null>;
  /** New title and description after the branch was rewritten. */
  update(link: PullRequestLink, draft: PullRequestDraft): Promise<void>;
  merge(input: MergeInput): Promise<MergeOutcome>;
  close(link: PullRequestLink): Promise<void>;
  comment(link: PullRequestLink, body: string): Promise<void>;
  read(link: PullRequestLink): Promise<PullRequestState>;
}
