import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { HubEvents } from '../common/hub-events.js';
import { IdGenerator } from '../common/id-generator.js';
import type { UpdateProposalObject } from './dto/update-proposal.object.js';
import { labelMap } from '../common/label-map.js';
import { KustomizationsRepository } from '../kustomizations/kustomizations.repository.js';
import { computeClusterDiffs, type ClusterDiff } from './cluster-diffs.js';
import { SubstituteFromReads } from './substitute-from.js';
import { computeHelmClusterDiffs } from './helm-cluster-diffs.js';
import { HelmReleasesRepository } from '../helm/helm-releases.repository.js';
import { HelmTemplate } from '../helm/helm-template.js';
import { KustomizationReportsRepository } from '../kustomizations/kustomization-reports.repository.js';
import { rolloutOf, type ClusterRollout } from './proposal-rollout.js';
import { GitRemotes } from './git-remotes.js';
import { ProposalForge } from './proposal-forge.js';
import { ForgeError } from './providers/forge-http.js';
import type { MergeOutcome } from './providers/proposal-provider.js';
import { ProposalProviders, type ResolvedProvider } from './providers/proposal-providers.js';
import { normaliseUpdatePath, type AutomationRunResult, type ManualEdit } from '../images/automation/automation-run.js';
import { approvalsOf, manualEditsOf, toProposalObject, type StoredApproval, type StoredManualEdit } from './proposal.mapper.js';
import { IN_FLIGHT, ProposalsRepository, type ProposalRow, type ProposalWithAutomation } from './proposals.repository.js';
import { fleetEditOf, originOf, type StoredFleetEdit } from './proposal-origin.js';

const notFound = (): DomainError => new DomainError('PROPOSAL_NOT_FOUND', 'no such UpdateProposal');

type Committed = Extract<AutomationRunResult, { kind: 'committed' }>;

/** The most a hand edit may hold: manifests, not binaries. */
const MAX_EDIT_BYTES = 256 * 1024;

/**
 * sha256 of the file diffs and the per-cluster diffs (objects and field paths, not the whole rendered
 * objects, which change with any unrelated edit of the base): what approvals were given for.
 */
export const digestOf = (files: readonly { path: string; diff: string }[], clusters: readonly ClusterDiff[]): string =>
  createHash('sha256')
    .update(
      JSON.stringify([
        files.map((f) => [f.path, f.diff.split('\n').slice(2).join('\n')]),
        // Whether an agent answered is not part of the change: only what the render shows is.
        clusters.map((c) => ({ kustomization: c.kustomization, ...(c.helmRelease ? { helmRelease: c.helmRelease } : {}), cluster: c.cluster, added: c.added, changed: c.changed.map(({ object, fields }) => ({ object, fields })), removed: c.removed, error: c.error })),
      ]),
    )
    .digest('hex');

/**
 * UpdateProposals: the pull requests image automations open. One in flight per automation; a newer run
 * rewrites it, and approvals survive only while the change they approved stays the same. A hand edit of an
 * object a FleetSync made is a proposal too (its origin the FleetSync, see proposal-origin.ts), reviewed and
 * merged by the same steps.
 */
@Injectable()
export class ProposalsService {
  constructor(
    private readonly repo: ProposalsRepository,
    private readonly remotes: GitRemotes,
    private readonly kustomizations: KustomizationsRepository,
    private readonly reports: KustomizationReportsRepository,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: HubEvents,
    private readonly providers: ProposalProviders,
    private readonly forge: ProposalForge,
    private readonly substituteFrom: SubstituteFromReads,
    private readonly helmReleases: HelmReleasesRepository,
    private readonly helm: HelmTemplate,
  ) {}

  async list(states?: readonly string[]): Promise<UpdateProposalObject[]> {
    return (await this.repo.list(states)).map(toProposalObject);
  }

  /** The hand edits of the automation's proposal in flight, for its next rebuild. */
  async manualEditsFor(automationId: string): Promise<ManualEdit[]> {
    const current = await this.repo.findInFlight(automationId);
    return current ? manualEditsOf(current).map(({ path, content, baseCommit }) => ({ path, content, baseCommit })) : [];
  }

  async get(id: string): Promise<UpdateProposalObject | null> {
    const row = await this.repo.findById(id);
    return row ? toProposalObject(row) : null;
  }

  /** After the merge: each targeted cluster's progress towards the merged commit; empty before. */
  async rollout(id: string): Promise<ClusterRollout[]> {
    const row = await this.repo.findById(id);
    if (!row?.mergedCommit) return [];
    const o = originOf(row);
    const [users, clusterRows] = await Promise.all([this.kustomizations.usingSource(o.sourceNamespace, o.sourceName), this.kustomizations.clusters()]);
    const statuses = (await Promise.all(users.map((k) => this.reports.statusesForKustomization(k.id)))).flat();
    const clusters = clusterRows.map((c) => ({ id: c.id, name: c.name, labels: labelMap(c.labels), variables: labelMap(c.variables) }));
    return rolloutOf(row.mergedCommit, users, clusters, statuses);
  }

  /**
   * Records a proposal-mode run. A commit opens the automation's proposal or rewrites the one in flight
   * (approvals reset when the diff changed; a conflicted one reopens). No change while one is in flight
   * means the base already has it: that proposal is superseded. A change that was rejected is not reopened.
   */
  async recordRun(automation: { id: string; sourceNamespace: string; sourceName: string }, baseBranch: string, result: AutomationRunResult): Promise<void> {
    const automationId = automation.id;
    const current = await this.repo.findInFlight(automationId);
    const now = this.clock.now();
    if (result.kind === 'no-change') {
      if (current && (await this.repo.transition(current.id, IN_FLIGHT, { state: 'superseded', closedBy: 'automation', closedAt: now, baseCommit: result.base }))) {
        this.events.emit('proposal.changed', { proposalId: current.id });
        await this.forge.close(current.id, `Superseded: \`${baseBranch}\` already has this change (${result.base.slice(0, 7)}).`);
      }
      return;
    }
    if (result.kind === 'conflicted') {
      // Nothing was pushed: the branch keeps the last good head; people edit the named files again.
      if (current && (await this.repo.transition(current.id, IN_FLIGHT, { state: 'conflicted', conflictFiles: result.files, baseCommit: result.base }))) this.events.emit('proposal.changed', { proposalId: current.id });
      return;
    }
    const [users, clusterRows, releases] = await Promise.all([this.kustomizations.usingSource(automation.sourceNamespace, automation.sourceName), this.kustomizations.clusters(), this.helmReleases.usingRepository('GitRepository', automation.sourceNamespace, automation.sourceName)]);
    const clusters = clusterRows.map((c) => ({ id: c.id, name: c.name, labels: labelMap(c.labels), variables: labelMap(c.variables), kubernetesVersion: c.kubernetesVersion }));
    const source = { namespace: automation.sourceNamespace, name: automation.sourceName };
    const [substituteFrom, helmDiffs] = await Promise.all([
      this.substituteFrom.lookup(users, clusters),
      computeHelmClusterDiffs(releases, clusters, source, { paths: result.files.map((f) => f.path), trees: result.trees }, this.helm),
    ]);
    const clusterDiffs = [...computeClusterDiffs(users, clusters, result.trees, substituteFrom), ...helmDiffs];
    const digest = digestOf(result.files, clusterDiffs);
    const fields = {
      baseCommit: result.base,
      headCommit: result.head,
      headBranch: result.branch,
      message: result.message,
      files: result.files as unknown as Prisma.InputJsonValue,
      imageChanges: result.changes as unknown as Prisma.InputJsonValue,
      clusterDiffs: clusterDiffs as unknown as Prisma.InputJsonValue,
      diffDigest: digest,
      conflictFiles: [],
    };
    if (!current) {
      // A change people rejected is not proposed again; a different one (a newer tag) is.
      if (await this.repo.wasRejected(automationId, digest)) return;
      const created = await this.repo.create({ id: this.ids.id(), automationId, state: 'open', baseBranch, diffSince: now, ...fields });
      this.events.emit('proposal.changed', { proposalId: created.id });
      return;
    }
    const sameChange = current.diffDigest === digest;
    await this.repo.update(current.id, {
      ...fields,
      baseBranch,
      ...(sameChange ? (current.state === 'conflicted' ? { state: approvalsOf(current).length ? 'approved' : 'open' } : {}) : { approvals: [], state: 'open', diffSince: now }),
    });
    this.events.emit('proposal.changed', { proposalId: current.id });
  }

  private async mayApprove(actor: Actor, row: ProposalRow): Promise<boolean> {
    if (actor.role === 'OPERATOR' || actor.role === 'ADMIN') return true;
    const team = originOf(row).approverTeam;
    return team ? this.repo.isTeamMember(actor.userId, team) : false;
  }

  /**
   * Records a proposed hand edit of an object a FleetSync made: its commit is on `headBranch` already, its
   * per-cluster diffs those of the edited object (see FleetEditDiffs). Each edit is a proposal of its own, as
   * each pull request is.
   */
  async recordFleetEdit(fleetSyncId: string, edit: StoredFleetEdit, commit: { baseBranch: string; headBranch: string; base: string; head: string; message: string; files: Committed['files']; clusterDiffs: ClusterDiff[] }): Promise<UpdateProposalObject> {
    const created = await this.repo.create({
      id: this.ids.id(),
      fleetSyncId,
      fleetEdit: edit as unknown as Prisma.InputJsonValue,
      state: 'open',
      baseBranch: commit.baseBranch,
      headBranch: commit.headBranch,
      baseCommit: commit.base,
      headCommit: commit.head,
      message: commit.message,
      files: commit.files as unknown as Prisma.InputJsonValue,
      imageChanges: [],
      clusterDiffs: commit.clusterDiffs as unknown as Prisma.InputJsonValue,
      diffDigest: digestOf(commit.files, commit.clusterDiffs),
      diffSince: this.clock.now(),
    });
    this.events.emit('proposal.changed', { proposalId: created.id });
    // With a forge, its pull request now; one the forge does not take is tried again at the FleetSync's reconcile.
    await this.forge.publishProposal(created.id);
    return (await this.get(created.id))!;
  }

  /** A FleetSync edit in flight, for its rebuild on a base that moved. */
  async fleetEditOf(id: string): Promise<{ fleetSyncId: string; edit: StoredFleetEdit; headBranch: string; baseCommit: string; message: string } | null> {
    const row = await this.repo.findById(id);
    const edit = row ? fleetEditOf(row) : null;
    if (!row?.fleetSyncId || !edit || !(IN_FLIGHT as readonly string[]).includes(row.state)) return null;
    return { fleetSyncId: row.fleetSyncId, edit, headBranch: row.headBranch, baseCommit: row.baseCommit, message: row.message };
  }

  /**
   * A FleetSync edit rebuilt on a base that moved: the same change on the new base keeps its approvals; a base
   * that changed the edited document itself makes it conflicted (nothing is pushed).
   */
  async recordFleetRebuild(id: string, result: { kind: 'conflicted'; base: string; file: string } | { kind: 'rebuilt'; base: string; head: string; files: Committed['files']; clusterDiffs: ClusterDiff[] }): Promise<void> {
    const row = await this.repo.findById(id);
    if (!row) return;
    if (result.kind === 'conflicted') {
      if (await this.repo.transition(id, IN_FLIGHT, { state: 'conflicted', conflictFiles: [result.file], baseCommit: result.base })) this.events.emit('proposal.changed', { proposalId: id });
      return;
    }
    const digest = digestOf(result.files, result.clusterDiffs);
    const same = digest === row.diffDigest;
    const fields = { baseCommit: result.base, headCommit: result.head, files: result.files as unknown as Prisma.InputJsonValue, clusterDiffs: result.clusterDiffs as unknown as Prisma.InputJsonValue, diffDigest: digest, conflictFiles: [] };
    const state = same ? (approvalsOf(row).length >= originOf(row).requiredApprovals ? 'approved' : 'open') : 'open';
    if (await this.repo.transition(id, IN_FLIGHT, { ...fields, state, ...(same ? {} : { approvals: [], diffSince: this.clock.now() }) })) {
      this.events.emit('proposal.changed', { proposalId: id });
      await this.forge.publishProposal(id);
    }
  }

  async approve(actor: Actor, origin: RequestOrigin, id: string, comment: string | null): Promise<UpdateProposalObject> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    const o = originOf(row);
    if (!(await this.mayApprove(actor, row))) throw new DomainError('FORBIDDEN', `approving needs the operator role${o.approverTeam ? ` or membership of team ${o.approverTeam}` : ''}`);
    if (o.proposedBy?.userId === actor.userId) throw new DomainError('PROPOSAL_SELF_APPROVAL', 'you proposed this change; someone else must approve it');
    const ownEdits = manualEditsOf(row).filter((e) => e.userId === actor.userId);
    if (ownEdits.length) throw new DomainError('PROPOSAL_SELF_APPROVAL', `you edited this proposal by hand (${ownEdits.map((e) => e.path).join(', ')}); someone else must approve it`);
    if (row.state !== 'open' && row.state !== 'approved') throw new DomainError('PROPOSAL_STATE', `the proposal is ${row.state}; only an open proposal can be approved`);
    const approvals = approvalsOf(row).filter((a) => a.userId !== actor.userId);
    approvals.push({ userId: actor.userId, username: actor.username, comment: comment?.slice(0, 2000) ?? null, at: this.clock.now().toISOString() } satisfies StoredApproval);
    const state = approvals.length >= o.requiredApprovals ? 'approved' : 'open';
    if (!(await this.repo.transition(id, ['open', 'approved'], { approvals: approvals as unknown as Prisma.InputJsonValue, state }))) throw new DomainError('PROPOSAL_STATE', 'the proposal changed meanwhile; reload it');
    await this.audit.record(actor, origin, 'proposal.approve', { type: 'updateProposal', id }, { ...o.audit, headCommit: row.headCommit, ...(comment ? { comment: comment.slice(0, 2000) } : {}) });
    this.events.emit('proposal.changed', { proposalId: id });
    return (await this.get(id))!;
  }

  /**
   * A hand edit of one file of the proposal (replacing an earlier edit of that file). It is laid over the
   * automation's changes at once and at every rebuild; approvals reset, as the change is a new one. Editing a
   * conflicted file again, on the current base, resolves the conflict.
   */
  async editFile(actor: Actor, origin: RequestOrigin, id: string, filePath: string, content: string): Promise<UpdateProposalObject> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (!(await this.mayApprove(actor, row))) throw new DomainError('FORBIDDEN', 'editing needs the same rights as approving');
    // Its change is the object's document: edit the object again at the hub to propose another one.
    if (!row.automationId) throw new DomainError('PROPOSAL_STATE', 'a FleetSync edit is not edited file by file; edit the object again to propose a new change');
    const clean = normaliseUpdatePath(filePath);
    if (!clean || clean === '.git' || clean.startsWith('.git/')) throw new DomainError('BAD_USER_INPUT', 'path: a file inside the repository, e.g. `apps/app.yaml`', 'path');
    if (Buffer.byteLength(content) > MAX_EDIT_BYTES) throw new DomainError('BAD_USER_INPUT', `content: at most ${MAX_EDIT_BYTES} bytes`, 'content');
    const edit: StoredManualEdit = { path: clean, content, baseCommit: row.baseCommit, userId: actor.userId, username: actor.username, at: this.clock.now().toISOString() };
    const edits = [...manualEditsOf(row).filter((e) => e.path !== clean), edit];
    const state = row.state === 'conflicted' ? 'conflicted' : 'open';
    if (!(await this.repo.transition(id, IN_FLIGHT, { manualEdits: edits as unknown as Prisma.InputJsonValue, approvals: [], state })))
      throw new DomainError('PROPOSAL_STATE', `the proposal is ${row.state}; only one in flight can be edited`);
    await this.audit.record(actor, origin, 'proposal.edit', { type: 'updateProposal', id }, { ...originOf(row).audit, path: clean });
    this.events.emit('proposal.changed', { proposalId: id });
    // The automation rebuilds the branch with the edit laid over its changes.
    this.events.emit('proposal.rebaseRequested', { automationId: row.automationId });
    return (await this.get(id))!;
  }

  async reject(actor: Actor, origin: RequestOrigin, id: string, reason: string): Promise<UpdateProposalObject> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (!(await this.mayApprove(actor, row))) throw new DomainError('FORBIDDEN', 'rejecting needs the same rights as approving');
    if (!reason.trim()) throw new DomainError('BAD_USER_INPUT', 'give a reason', 'reason');
    if (!(await this.repo.transition(id, IN_FLIGHT, { state: 'rejected', rejectedReason: reason.slice(0, 2000), closedBy: actor.username, closedAt: this.clock.now() })))
      throw new DomainError('PROPOSAL_STATE', `the proposal is ${row.state}; only one in flight can be rejected`);
    await this.audit.record(actor, origin, 'proposal.reject', { type: 'updateProposal', id }, { ...originOf(row).audit, headCommit: row.headCommit, reason: reason.slice(0, 2000) });
    this.events.emit('proposal.changed', { proposalId: id });
    await this.forge.close(id, `Rejected in Flotilla by ${actor.username}: ${reason.slice(0, 2000)}`);
    return (await this.get(id))!;
  }

  /**
   * Brings the approved head commit onto the base branch through the automation's provider: natively a
   * fast-forward or a merge commit pushed by the hub, at a forge its merge of the pull request, pinned to the
   * approved head. When the base or the head moved since the proposal was built, nothing is merged: the automation rebuilds the proposal on the
   * new base (approvals survive only if the change is the same) and the caller gets PROPOSAL_OUTDATED.
   */
  async merge(actor: Actor, origin: RequestOrigin, id: string): Promise<UpdateProposalObject> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (!(await this.mayApprove(actor, row))) throw new DomainError('FORBIDDEN', 'merging needs the same rights as approving');
    const o = originOf(row);
    if (row.state !== 'approved') throw new DomainError('PROPOSAL_STATE', `the proposal is ${row.state}; it needs ${o.requiredApprovals} approval(s) first`);
    const commit = await this.mergeNow(row, actor.username);
    await this.audit.record(actor, origin, 'proposal.merge', { type: 'updateProposal', id }, { ...o.audit, baseBranch: row.baseBranch, mergedCommit: commit, strategy: o.mergeStrategy });
    return (await this.get(id))!;
  }

  /**
   * The auto-merge of one proposal whose automation's delay passed (see ProposalAutoMerger): merged only if it
   * is still in the state it was chosen in, with the diff it had then. Recorded as by the system. False when
   * it no longer qualifies; PROPOSAL_OUTDATED when the base moved (it is being rebuilt).
   */
  async autoMerge(id: string, expected: { state: string; diffDigest: string }): Promise<boolean> {
    const row = await this.repo.findById(id);
    if (!row?.automation?.autoMergeAfter || row.state !== expected.state || row.diffDigest !== expected.diffDigest) return false;
    const commit = await this.mergeNow(row, 'system:auto-merge');
    await this.audit.recordSystem('auto-merge', 'proposal.merge', { type: 'updateProposal', id }, { automation: `${row.automation.namespace}/${row.automation.name}`, baseBranch: row.baseBranch, mergedCommit: commit, strategy: row.automation.mergeStrategy, autoMergeAfter: row.automation.autoMergeAfter, approvals: approvalsOf(row).length });
    return true;
  }

  /** Open or approved proposals whose automation merges them on its own after a delay. */
  autoMergeCandidates(): Promise<ProposalWithAutomation[]> {
    return this.repo.autoMergeCandidates();
  }

  /** Pushes the head (or a merge commit) to the base branch and marks the proposal merged by `mergedBy`. */
  private async mergeNow(row: ProposalRow, mergedBy: string): Promise<string> {
    const id = row.id;
    const o = originOf(row);
    const source = await this.remotes.findSource(o.sourceNamespace, o.sourceName);
    if (!source) throw new DomainError('SOURCE_NOT_FOUND', `GitRepository ${o.sourceNamespace}/${o.sourceName} is gone`);
    let resolved: ResolvedProvider;
    try {
      resolved = this.providers.forSettings(o.provider, source);
    } catch (err) {
      throw new DomainError('PROPOSAL_PROVIDER', err instanceof Error ? err.message : String(err));
    }
    const forgeLink = row.forgeNumber !== null && row.forgeUrl ? { number: row.forgeNumber, url: row.forgeUrl } : null;
    if (resolved.provider.kind !== 'native' && !forgeLink) throw new DomainError('PROPOSAL_PROVIDER', `the pull request is not open at the forge yet${row.forgeError ? `: ${row.forgeError}` : ''}; it is retried ${o.forgeRetry}`);
    const approvers = approvalsOf(row).map((a) => a.username).join(', ');
    let outcome: MergeOutcome;
    try {
      outcome = await resolved.provider.merge({
        link: forgeLink,
        baseBranch: row.baseBranch,
        headBranch: row.headBranch,
        baseCommit: row.baseCommit,
        headCommit: row.headCommit,
        strategy: o.mergeStrategy === 'merge-commit' ? 'merge-commit' : 'fast-forward',
        message: `Merge ${row.headBranch} into ${row.baseBranch}\n\n${approvers ? `Approved by ${approvers}; merged` : 'Merged'} by ${mergedBy}.\n`,
        author: o.author,
        now: this.clock.now(),
      });
    } catch (err) {
      if (err instanceof ForgeError) throw new DomainError('PROPOSAL_PROVIDER', err.message);
      throw err;
    }
    if (outcome.kind === 'outdated') {
      if (row.automationId) this.events.emit('proposal.rebaseRequested', { automationId: row.automationId });
      else this.events.emit('proposal.fleetEditRebaseRequested', { proposalId: row.id });
      throw new DomainError('PROPOSAL_OUTDATED', `${row.baseBranch} moved since the proposal was built; it is being rebuilt on the new ${row.baseBranch} (approvals stay only if the change is the same)`);
    }
    await this.repo.transition(id, [row.state], { state: 'merged', mergedCommit: outcome.commit, closedBy: mergedBy, closedAt: this.clock.now() });
    this.events.emit('proposal.changed', { proposalId: id });
    // The hub's GitRepository fetches the merged commit now rather than at its next interval.
    await this.remotes.refetch(source);
    return outcome.commit;
  }
}
