import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { HubEvents } from '../common/hub-events.js';
import { JsonLogger } from '../common/logger.js';
import type { ClusterDiff } from './cluster-diffs.js';
import { GitRemotes } from './git-remotes.js';
import { forgeClusterComment, forgeDescription, forgeTitle, type ForgeProposal } from './providers/forge-body.js';
import { ForgeError } from './providers/forge-http.js';
import { ProposalProviders, type ResolvedProvider } from './providers/proposal-providers.js';
import { IN_FLIGHT, ProposalsRepository, type ProposalWithAutomation } from './proposals.repository.js';

type ImageChange = ForgeProposal['imageChanges'][number];

const FORGE_LABEL: Record<string, string> = { github: 'GitHub', gitlab: 'GitLab', gitea: 'Gitea' };

const forgeView = (row: ProposalWithAutomation): ForgeProposal => ({
  id: row.id,
  automation: `${row.automation.namespace}/${row.automation.name}`,
  message: row.message,
  imageChanges: Array.isArray(row.imageChanges) ? (row.imageChanges as unknown as ImageChange[]) : [],
  clusterDiffs: Array.isArray(row.clusterDiffs) ? (row.clusterDiffs as unknown as ClusterDiff[]) : [],
});

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The proposal's pull request at the automation's forge: opened and updated after each run, read before
 * each run (a merge or a close at the forge moves the proposal), closed when the hub rejects or supersedes
 * it. A forge that fails leaves the proposal as it is, with the failure in `forgeError`, until a later
 * run succeeds.
 */
@Injectable()
export class ProposalForge {
  constructor(
    private readonly repo: ProposalsRepository,
    private readonly remotes: GitRemotes,
    private readonly providers: ProposalProviders,
    private readonly clock: Clock,
    private readonly events: HubEvents,
    private readonly log: JsonLogger,
  ) {}

  /** The automation's provider, or null (with the reason recorded) when it cannot be set up. */
  private async resolve(row: ProposalWithAutomation): Promise<ResolvedProvider | null> {
    if (row.automation.provider === 'native') return null;
    const source = await this.remotes.findSource(row.automation.sourceNamespace, row.automation.sourceName);
    if (!source) return null;
    try {
      return this.providers.forAutomation(row.automation, source);
    } catch (err) {
      await this.fail(row, err);
      return null;
    }
  }

  private async fail(row: ProposalWithAutomation, err: unknown): Promise<void> {
    const retryAfter = err instanceof ForgeError ? err.retryAfterMs : undefined;
    const message = messageOf(err);
    this.log.warn('pull request provider failed', { proposalId: row.id, provider: row.automation.provider, error: message });
    await this.repo.update(row.id, { forgeError: message, forgeRetryAt: retryAfter === undefined ? null : new Date(this.clock.now().getTime() + retryAfter) });
    this.events.emit('proposal.changed', { proposalId: row.id });
  }

  private waiting(row: ProposalWithAutomation): boolean {
    return row.forgeRetryAt !== null && row.forgeRetryAt.getTime() > this.clock.now().getTime();
  }

  /**
   * Before a run: a pull request merged at the forge makes the proposal merged (rollout tracking follows the
   * commit the forge put on the base); one closed there makes it rejected by the forge.
   */
  async follow(automationId: string): Promise<void> {
    const current = await this.repo.findInFlightWithAutomation(automationId);
    if (!current || current.forgeNumber === null || !current.forgeUrl || this.waiting(current)) return;
    const resolved = await this.resolve(current);
    if (!resolved) return;
    const forge = FORGE_LABEL[current.automation.provider] ?? current.automation.provider;
    try {
      const pr = await resolved.provider.read({ number: current.forgeNumber, url: current.forgeUrl });
      const now = this.clock.now();
      if (pr.state === 'merged') {
        if (await this.repo.transition(current.id, IN_FLIGHT, { state: 'merged', mergedCommit: pr.mergedCommit, closedBy: forge, closedAt: now, forgeError: null, forgeRetryAt: null })) {
          this.events.emit('proposal.changed', { proposalId: current.id });
          const source = await this.remotes.findSource(current.automation.sourceNamespace, current.automation.sourceName);
          if (source) await this.remotes.refetch(source);
        }
      } else if (pr.state === 'closed') {
        if (await this.repo.transition(current.id, IN_FLIGHT, { state: 'rejected', rejectedReason: `closed at ${forge} without merging`, closedBy: forge, closedAt: now, forgeError: null, forgeRetryAt: null }))
          this.events.emit('proposal.changed', { proposalId: current.id });
      } else if (current.forgeError) {
        await this.repo.update(current.id, { forgeError: null, forgeRetryAt: null });
      }
    } catch (err) {
      await this.fail(current, err);
    }
  }

  /**
   * After a run: the proposal in flight has its pull request, showing its current head, title, description
   * and, in a comment, the per-cluster diff (posted again whenever the head changes).
   */
  async publish(automationId: string): Promise<void> {
    const current = await this.repo.findInFlightWithAutomation(automationId);
    // Up to date at the forge; an error left by reading it is cleared by the next read that succeeds.
    if (!current || this.waiting(current) || (current.forgeHead === current.headCommit && current.forgeNumber !== null)) return;
    const resolved = await this.resolve(current);
    if (!resolved) return;
    const view = forgeView(current);
    const draft = { baseBranch: current.baseBranch, headBranch: current.headBranch, headCommit: current.headCommit, title: forgeTitle(view), body: forgeDescription(view, resolved.maxBody) };
    try {
      let link = current.forgeNumber !== null && current.forgeUrl ? { number: current.forgeNumber, url: current.forgeUrl } : null;
      if (!link) {
        link = await resolved.provider.open(draft);
        if (!link) return;
        await this.repo.update(current.id, { forgeNumber: link.number, forgeUrl: link.url });
      } else if (current.forgeHead !== current.headCommit) {
        await resolved.provider.update(link, draft);
      }
      if (current.forgeHead !== current.headCommit) await resolved.provider.comment(link, forgeClusterComment(view, resolved.maxBody));
      await this.repo.update(current.id, { forgeHead: current.headCommit, forgeError: null, forgeRetryAt: null });
      this.events.emit('proposal.changed', { proposalId: current.id });
    } catch (err) {
      await this.fail(current, err);
    }
  }

  /** When the hub rejects or supersedes a proposal: a comment saying why, then the pull request closed. */
  async close(proposalId: string, why: string): Promise<void> {
    const found = await this.repo.findById(proposalId);
    // A FleetSync edit is reviewed on the hub alone: there is no pull request to close.
    if (!found?.automation || found.forgeNumber === null || !found.forgeUrl) return;
    const row: ProposalWithAutomation = { ...found, automation: found.automation };
    const resolved = await this.resolve(row);
    if (!resolved) return;
    const link = { number: found.forgeNumber, url: found.forgeUrl };
    try {
      await resolved.provider.comment(link, why);
      await resolved.provider.close(link);
    } catch (err) {
      await this.fail(row, err);
    }
  }

}
