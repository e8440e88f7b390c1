import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { HubEvents } from '../common/hub-events.js';
import { JsonLogger } from '../common/logger.js';
import type { ClusterDiff } from './cluster-diffs.js';
import { GitRemotes } from './git-remotes.js';
import { originOf, type ProposalOrigin } from './proposal-origin.js';
import { forgeClusterComment, forgeDescription, forgeTitle, type ForgeProposal } from './providers/forge-body.js';
import { ForgeError } from './providers/forge-http.js';
import { FORGE_NAMES, isProviderKind } from './providers/proposal-provider.js';
import { ProposalProviders, type ResolvedProvider } from './providers/proposal-providers.js';
import { IN_FLIGHT, ProposalsRepository, type ProposalRow } from './proposals.repository.js';

type ImageChange = ForgeProposal['imageChanges'][number];

const forgeView = (row: ProposalRow, o: ProposalOrigin): ForgeProposal => ({
  id: row.id,
  origin: o.forge,
  message: row.message,
  imageChanges: Array.isArray(row.imageChanges) ? (row.imageChanges as unknown as ImageChange[]) : [],
  clusterDiffs: Array.isArray(row.clusterDiffs) ? (row.clusterDiffs as unknown as ClusterDiff[]) : [],
});

const forgeName = (provider: string): string => (isProviderKind(provider) && provider !== 'native' ? FORGE_NAMES[provider] : provider);

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * The proposal's pull request at its origin's forge (the automation's, or the FleetSync's for a proposed edit):
 * opened and updated after each change of its head, read before each run of the automation or reconcile of the
 * FleetSync (a merge or a close at the forge moves the proposal), closed when the hub rejects or supersedes it.
 * A forge that fails leaves the proposal as it is, with the failure in `forgeError`, until a later try succeeds.
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

  /** The origin's provider, or null: none (native), or it cannot be set up (the reason recorded). */
  private async resolve(row: ProposalRow, o: ProposalOrigin): Promise<ResolvedProvider | null> {
    if (o.provider.provider === 'native') return null;
    const source = await this.remotes.findSource(o.sourceNamespace, o.sourceName);
    if (!source) return null;
    try {
      return this.providers.forSettings(o.provider, source);
    } catch (err) {
      await this.fail(row, o, err);
      return null;
    }
  }

  private async fail(row: ProposalRow, o: ProposalOrigin, err: unknown): Promise<void> {
    const retryAfter = err instanceof ForgeError ? err.retryAfterMs : undefined;
    const message = messageOf(err);
    this.log.warn('pull request provider failed', { proposalId: row.id, provider: o.provider.provider, error: message });
    await this.repo.update(row.id, { forgeError: message, forgeRetryAt: retryAfter === undefined ? null : new Date(this.clock.now().getTime() + retryAfter) });
    this.events.emit('proposal.changed', { proposalId: row.id });
  }

  private waiting(row: ProposalRow): boolean {
    return row.forgeRetryAt !== null && row.forgeRetryAt.getTime() > this.clock.now().getTime();
  }

  /** Before an automation's run: its proposal in flight follows its pull request (see followOne). */
  async follow(automationId: string): Promise<void> {
    const current = await this.repo.findInFlightOfAutomation(automationId);
    if (current) await this.followOne(current);
  }

  /** After an automation's run: its proposal in flight has its pull request (see publishOne). */
  async publish(automationId: string): Promise<void> {
    const current = await this.repo.findInFlightOfAutomation(automationId);
    if (current) await this.publishOne(current);
  }

  /**
   * At each reconcile of a FleetSync with a forge: each of its proposed edits in flight follows its pull request,
   * and one whose pull request is not open yet (the forge failed when it was proposed) or shows an older head is
   * opened or updated.
   */
  async followFleetSync(fleetSyncId: string): Promise<void> {
    for (const row of await this.repo.inFlightOfFleetSync(fleetSyncId)) {
      if (!(await this.followOne(row))) await this.publishOne(row);
    }
  }

  /** A proposal just recorded or rebuilt: its pull request opened, or updated to its new head, now. */
  async publishProposal(id: string): Promise<void> {
    const row = await this.repo.findById(id);
    if (row && (IN_FLIGHT as readonly string[]).includes(row.state)) await this.publishOne(row);
  }

  /**
   * A pull request merged at the forge makes the proposal merged (rollout tracking, and a FleetSync, follow the
   * commit the forge put on the base); one closed there makes it rejected by the forge. True when it moved.
   */
  private async followOne(current: ProposalRow): Promise<boolean> {
    if (current.forgeNumber === null || !current.forgeUrl || this.waiting(current)) return false;
    const o = originOf(current);
    const resolved = await this.resolve(current, o);
    if (!resolved) return false;
    const forge = forgeName(o.provider.provider);
    try {
      const pr = await resolved.provider.read({ number: current.forgeNumber, url: current.forgeUrl });
      const now = this.clock.now();
      if (pr.state === 'merged') {
        if (await this.repo.transition(current.id, IN_FLIGHT, { state: 'merged', mergedCommit: pr.mergedCommit, closedBy: forge, closedAt: now, forgeError: null, forgeRetryAt: null })) {
          this.events.emit('proposal.changed', { proposalId: current.id });
          const source = await this.remotes.findSource(o.sourceNamespace, o.sourceName);
          if (source) await this.remotes.refetch(source);
        }
        return true;
      }
      if (pr.state === 'closed') {
        if (await this.repo.transition(current.id, IN_FLIGHT, { state: 'rejected', rejectedReason: `closed at ${forge} without merging`, closedBy: forge, closedAt: now, forgeError: null, forgeRetryAt: null }))
          this.events.emit('proposal.changed', { proposalId: current.id });
        return true;
      }
      if (current.forgeError) await this.repo.update(current.id, { forgeError: null, forgeRetryAt: null });
    } catch (err) {
      await this.fail(current, o, err);
    }
    return false;
  }

  /**
   * The proposal has its pull request, showing its current head, title, description and, in a comment, the
   * per-cluster diff (posted again whenever the head changes).
   */
  private async publishOne(current: ProposalRow): Promise<void> {
    // Up to date at the forge; an error left by reading it is cleared by the next read that succeeds.
    if (this.waiting(current) || (current.forgeHead === current.headCommit && current.forgeNumber !== null)) return;
    const o = originOf(current);
    const resolved = await this.resolve(current, o);
    if (!resolved) return;
    const view = forgeView(current, o);
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
      await this.fail(current, o, err);
    }
  }

  /** When the hub rejects or supersedes a proposal: a comment saying why, then the pull request closed. */
  async close(proposalId: string, why: string): Promise<void> {
    const row = await this.repo.findById(proposalId);
    if (!row || row.forgeNumber === null || !row.forgeUrl) return;
    const o = originOf(row);
    const resolved = await this.resolve(row, o);
    if (!resolved) return;
    const link = { number: row.forgeNumber, url: row.forgeUrl };
    try {
      await resolved.provider.comment(link, why);
      await resolved.provider.close(link);
    } catch (err) {
      await this.fail(row, o, err);
    }
  }
}
