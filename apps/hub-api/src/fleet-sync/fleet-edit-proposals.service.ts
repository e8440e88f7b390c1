import { loadCelFor } from '@flotilla/reconcile-core';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { FleetSync } from '@flotilla/prisma/client';
import { createTwoFilesPatch } from 'diff';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { canonicalJson } from '../common/canonical-json.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { HubEvents } from '../common/hub-events.js';
import { refuseHubHeldInProposal } from '../common/hub-held-secrets.js';
import { IdGenerator } from '../common/id-generator.js';
import { labelList } from '../common/label-map.js';
import { JsonLogger } from '../common/logger.js';
import {
  alertDocument,
  gitRepositoryDocument,
  helmReleaseDocument,
  helmRepositoryDocument,
  imagePolicyDocument,
  imageRepositoryDocument,
  imageUpdateAutomationDocument,
  kustomizationDocument,
  ociRepositoryDocument,
  providerDocument,
  receiverDocument,
  type FluxDocument,
} from '../flux-yaml/flux-yaml.export.js';
import { NOT_FOUND } from '../flux-yaml/flux-yaml.service.js';
import { HelmReleasesService } from '../helm/helm-releases.service.js';
import type { HelmReleaseInput, HelmRepositoryInput } from '../helm/dto/helm.inputs.js';
import { HelmRepositoriesService } from '../helm/helm-repositories.service.js';
import { validateHelmReleaseInput } from '../helm/helm-validation.js';
import { readTree } from '../images/automation/automation-run.js';
import type { ImagePolicyInput } from '../images/dto/image-policy.inputs.js';
import type { ImageRepositoryInput } from '../images/dto/image-repository.inputs.js';
import type { ImageUpdateAutomationInput } from '../images/dto/image-update-automation.inputs.js';
import { ImageUpdateAutomationsService } from '../images/image-update-automations.service.js';
import { ImagePoliciesService } from '../images/image-policies.service.js';
import { ImageRepositoriesService } from '../images/image-repositories.service.js';
import { commitAll, pushCommit, readFileAt, withClone, type GitRemote } from '../images/automation/git-workspace.js';
import type { KustomizationInput } from '../kustomizations/dto/kustomization.inputs.js';
import type { OciRepositoryInput } from '../oci-sources/dto/oci-repository.inputs.js';
import { OciRepositoriesService } from '../oci-sources/oci-repositories.service.js';
import { ociObjectSpec } from '../oci-sources/oci-repository.mapper.js';
import { validateOciRepositoryInput } from '../oci-sources/oci-repository.validation.js';
import { KustomizationsService } from '../kustomizations/kustomizations.service.js';
import type { AlertInput } from '../notifications/dto/alert.input.js';
import type { NotificationProviderInput } from '../notifications/dto/notification-provider.input.js';
import type { ReceiverInput } from '../notifications/dto/receiver.input.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { ReceiversService } from '../notifications/receivers/receivers.service.js';
import type { UpdateProposalObject } from '../proposals/dto/update-proposal.object.js';
import { FleetEditDiffs, type EditedHelmRelease, type EditedKustomization } from '../proposals/fleet-edit-diffs.js';
import { GitRemotes } from '../proposals/git-remotes.js';
import { fleetEditAuthor, type StoredFleetEdit } from '../proposals/proposal-origin.js';
import { ProposalsService } from '../proposals/proposals.service.js';
import type { GitRepositoryInput } from '../sources/dto/git-repository.inputs.js';
import { GitRepositoriesService } from '../sources/git-repositories.service.js';
import { toGitRefObject } from '../sources/git-repository.mapper.js';
import { validateGitRepositoryInput } from '../sources/git-repository.validation.js';
import { declaredDocument, documentChanges, editFleetFile, type FieldChange, type FileTarget } from './fleet-file-edit.js';
import { isFleetFile, normalisePath } from './fleet-files.parse.js';
import { FleetSyncRepository } from './fleet-sync.repository.js';
import type { DesiredObject } from './fleet-sync.plan.js';
import { FleetSyncService } from './fleet-sync.service.js';
import { problemsMessage } from './fleet-sync.status.js';

/** The kinds whose hand edits and deletes are proposed in git (those with an edit form at the hub). */
export const PROPOSABLE_KINDS = [
  'Kustomization',
  'GitRepository',
  'HelmRelease',
  'OCIRepository',
  'HelmRepository',
  'ImageRepository',
  'ImagePolicy',
  'ImageUpdateAutomation',
  'Provider',
  'Alert',
  'Receiver',
] as const;

export type ProposableKind = (typeof PROPOSABLE_KINDS)[number];

interface Subject {
  id: string;
  namespace: string;
  name: string;
}

type FileDiff = { path: string; diff: string; before: string; after: string };

/** `kustomization`: for an edited Kustomization, what the FleetSync would make of it at the head. */
type Built = { ok: true; base: string; head: string; files: FileDiff[]; kustomization?: EditedKustomization; helmRelease?: EditedHelmRelease } | { ok: false; base: string; message: string };

/** What the FleetSync would write for the HelmRelease at the head (its placement from a Placement included); null when the head has none. */
const editedHelmRelease = (made: DesiredObject | undefined): EditedHelmRelease => {
  if (!made || !('doc' in made) || made.doc.kind !== 'HelmRelease') return null;
  const v = validateHelmReleaseInput(made.doc.input);
  return { spec: v.spec, overlays: v.overlays, placement: v.placement };
};

const sameObject = (current: Subject, v: { namespace: string; name: string }, kind: string): void => {
  if (v.namespace !== current.namespace) throw badInput('namespace', `namespace: a ${kind}’s namespace cannot change (it is ${current.namespace})`);
  if (v.name !== current.name) throw badInput('name', `name: a ${kind}’s name cannot change (it is ${current.name})`);
};

/**
 * Hand edits of objects a FleetSync made, proposed in git instead of applied: the object's document in its file
 * gets the fields the edit changed (or the document goes, for a delete), the whole path is checked as the
 * FleetSync would read it, and the commit goes to a new head branch as an UpdateProposal. Its review and
 * merge are the proposals' own; once merged, the FleetSync applies the new revision as any other.
 */
@Injectable()
export class FleetEditProposals implements OnModuleInit {
  constructor(
    private readonly repo: FleetSyncRepository,
    private readonly sync: FleetSyncService,
    private readonly remotes: GitRemotes,
    private readonly proposals: ProposalsService,
    private readonly kustomizations: KustomizationsService,
    private readonly gitRepositories: GitRepositoriesService,
    private readonly helmReleases: HelmReleasesService,
    private readonly ociRepositories: OciRepositoriesService,
    private readonly helmRepositories: HelmRepositoriesService,
    private readonly imageRepositories: ImageRepositoriesService,
    private readonly imagePolicies: ImagePoliciesService,
    private readonly imageAutomations: ImageUpdateAutomationsService,
    private readonly notifications: NotificationsService,
    private readonly receivers: ReceiversService,
    private readonly audit: AuditService,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly events: HubEvents,
    private readonly log: JsonLogger,
    private readonly diffs: FleetEditDiffs,
  ) {}

  onModuleInit(): void {
    this.events.on('proposal.fleetEditRebaseRequested', ({ proposalId }) => {
      this.rebuild(proposalId).catch((err: unknown) => this.log.error('rebuilding a proposed fleet edit failed', { proposalId, error: err instanceof Error ? err.message : String(err) }));
    });
  }

  async proposeKustomization(actor: Actor, origin: RequestOrigin, id: string, input: KustomizationInput): Promise<UpdateProposalObject> {
    const current = await this.kustomizations.get(actor, id);
    if (!current) throw new DomainError('KUSTOMIZATION_NOT_FOUND', 'no such Kustomization');
    await loadCelFor(input.spec);
    const v = this.kustomizations.validate(input);
    sameObject(current, v, 'Kustomization');
    const after = kustomizationDocument({ ...current, spec: v.spec, placement: v.placement, labels: v.labels ? labelList(v.labels) : current.labels });
    return this.propose(actor, origin, 'Kustomization', current, kustomizationDocument(current), after);
  }

  /** Credentials are the hub's, never git's: set them on the hub's GitRepository, not in a proposal. */
  async proposeGitRepository(actor: Actor, origin: RequestOrigin, id: string, input: GitRepositoryInput): Promise<UpdateProposalObject> {
    const current = await this.gitRepositories.get(actor, id);
    if (!current) throw new DomainError('SOURCE_NOT_FOUND', 'no such GitRepository');
    refuseHubHeldInProposal(input, ['credentials', 'clearCredentials']);
    const v = validateGitRepositoryInput(input);
    sameObject(current, v, 'GitRepository');
    const after = gitRepositoryDocument({
      ...current,
      url: v.spec.url,
      ref: toGitRefObject(v.spec.ref ?? null),
      interval: v.spec.interval,
      timeout: v.spec.timeout,
      ignore: v.spec.ignore ?? null,
      suspend: v.spec.suspend,
      labels: v.labels ? labelList(v.labels) : current.labels,
    });
    return this.propose(actor, origin, 'GitRepository', current, gitRepositoryDocument(current), after);
  }

  async proposeHelmRelease(actor: Actor, origin: RequestOrigin, id: string, input: HelmReleaseInput): Promise<UpdateProposalObject> {
    const current = await this.helmReleases.get(actor, id);
    if (!current) throw new DomainError('FLUX_OBJECT_NOT_FOUND', 'no such HelmRelease');
    const v = validateHelmReleaseInput(input);
    sameObject(current, v, 'HelmRelease');
    const after = helmReleaseDocument({ ...current, spec: v.spec, placement: v.placement, overlays: v.overlays, labels: v.labels ? labelList(v.labels) : current.labels });
    return this.propose(actor, origin, 'HelmRelease', current, helmReleaseDocument(current), after);
  }

  /** As a GitRepository's: credentials, TLS material and cosign keys are the hub's, never in a proposal. */
  async proposeOciRepository(actor: Actor, origin: RequestOrigin, id: string, input: OciRepositoryInput): Promise<UpdateProposalObject> {
    const current = await this.ociRepositories.get(id);
    if (!current) throw new DomainError('SOURCE_NOT_FOUND', 'no such OCIRepository');
    refuseHubHeldInProposal(input, ['credentials', 'clearCredentials', 'tls', 'clearTls']);
    if (input.verifyPublicKeys && canonicalJson(input.verifyPublicKeys) !== canonicalJson(current.verifyPublicKeys)) {
      throw badInput('verifyPublicKeys', 'verifyPublicKeys: the hub holds the cosign keys and they never go to git; set them at the hub (a proposed change carries none)');
    }
    // Validated with the stored keys: a proposal that turns spec.verify on needs keys given at the hub first.
    const v = validateOciRepositoryInput({ ...input, verifyPublicKeys: current.verifyPublicKeys });
    sameObject(current, v, 'OCIRepository');
    const { suspend, ...spec } = v.spec;
    const after = ociRepositoryDocument({ ...current, spec: ociObjectSpec(spec, Boolean(suspend)), labels: v.labels ? labelList(v.labels) : current.labels });
    return this.propose(actor, origin, 'OCIRepository', current, ociRepositoryDocument(current), after);
  }

  /** As a GitRepository's: credentials and TLS material are the hub's, never in a proposal. */
  async proposeHelmRepository(actor: Actor, origin: RequestOrigin, id: string, input: HelmRepositoryInput): Promise<UpdateProposalObject> {
    refuseHubHeldInProposal(input, ['credentials', 'clearCredentials', 'tls', 'clearTls']);
    const { current, after } = await this.helmRepositories.asUpdated(id, input);
    return this.propose(actor, origin, 'HelmRepository', current, helmRepositoryDocument(current), helmRepositoryDocument(after));
  }

  /** As a GitRepository's: the registry credentials are the hub's, never in a proposal. */
  async proposeImageRepository(actor: Actor, origin: RequestOrigin, id: string, input: ImageRepositoryInput): Promise<UpdateProposalObject> {
    refuseHubHeldInProposal(input, ['credentials', 'clearCredentials']);
    const { current, after, timeoutDefaulted } = await this.imageRepositories.asUpdated(id, input);
    // A timeout nobody set follows the interval (Flux's default): it is not written into the file.
    const doc = (o: typeof current, defaulted: boolean): FluxDocument => {
      const d = imageRepositoryDocument(o);
      if (!defaulted) return d;
      const { timeout: _timeout, ...spec } = d.spec as Record<string, unknown>;
      return { ...d, spec };
    };
    return this.propose(actor, origin, 'ImageRepository', current, doc(current, timeoutDefaulted.current), doc(after, timeoutDefaulted.after));
  }

  async proposeImagePolicy(actor: Actor, origin: RequestOrigin, id: string, input: ImagePolicyInput): Promise<UpdateProposalObject> {
    const { current, after } = await this.imagePolicies.asUpdated(id, input);
    return this.propose(actor, origin, 'ImagePolicy', current, imagePolicyDocument(current), imagePolicyDocument(after));
  }

  /** The forge token is the hub's, never in a proposal. */
  async proposeImageUpdateAutomation(actor: Actor, origin: RequestOrigin, id: string, input: ImageUpdateAutomationInput): Promise<UpdateProposalObject> {
    refuseHubHeldInProposal(input, ['providerToken']);
    const { current, after } = await this.imageAutomations.asUpdated(id, input);
    return this.propose(actor, origin, 'ImageUpdateAutomation', current, imageUpdateAutomationDocument(current), imageUpdateAutomationDocument(after));
  }

  /** The secret and CA certificates are the hub's (they stand for Flux's Secrets), never in a proposal. */
  async proposeProvider(actor: Actor, origin: RequestOrigin, id: string, input: NotificationProviderInput): Promise<UpdateProposalObject> {
    refuseHubHeldInProposal(input, ['secret', 'clearSecret', 'certificate', 'clearCertificate']);
    const { current, after } = await this.notifications.providerAsUpdated(id, input);
    sameObject(current, after, 'Provider');
    return this.propose(actor, origin, 'Provider', current, providerDocument(current), providerDocument(after));
  }

  async proposeAlert(actor: Actor, origin: RequestOrigin, id: string, input: AlertInput): Promise<UpdateProposalObject> {
    const { current, after, providerNamespace } = await this.notifications.alertAsUpdated(id, input);
    sameObject(current, after, 'Alert');
    return this.propose(actor, origin, 'Alert', current, alertDocument(current, providerNamespace.current), alertDocument(after, providerNamespace.after));
  }

  /**
   * The token is the hub's (its input has none). A gcr Receiver's audience and email are in Flux's Secret, which
   * git does not carry and a sync keeps from the hub: a proposal cannot change them.
   */
  async proposeReceiver(actor: Actor, origin: RequestOrigin, id: string, input: ReceiverInput): Promise<UpdateProposalObject> {
    const { current, after } = await this.receivers.asUpdated(id, input);
    sameObject(current, after, 'Receiver');
    if (after.type === 'gcr' && (after.gcrAudience !== current.gcrAudience || after.gcrEmail !== current.gcrEmail)) {
      throw badInput('gcrAudience', 'gcrAudience: a gcr Receiver’s audience and service account email are in Flux’s Secret, which git does not carry; the hub keeps the ones it stores (a proposed change carries none)');
    }
    return this.propose(actor, origin, 'Receiver', current, receiverDocument(current), receiverDocument(after));
  }

  async proposeDelete(actor: Actor, origin: RequestOrigin, kind: ProposableKind, id: string): Promise<UpdateProposalObject> {
    const [subject, before] = await this.current(actor, kind, id);
    // Once merged, the FleetSync prunes it as a hand delete would, and that refuses a Provider an Alert sends to;
    // the path's check cannot tell (the Alert may be one made at the hub), so it is asked here.
    if (kind === 'Provider') await this.notifications.refuseProviderInUse(id);
    return this.propose(actor, origin, kind, subject, before, null);
  }

  private async current(actor: Actor, kind: ProposableKind, id: string): Promise<[Subject, FluxDocument]> {
    const found = await this.find(actor, kind, id);
    if (!found) throw new DomainError(NOT_FOUND[kind], `no such ${kind}`);
    return found;
  }

  private async find(actor: Actor, kind: ProposableKind, id: string): Promise<[Subject, FluxDocument] | null> {
    const pair = <T extends Subject>(o: T | null, doc: (o: T) => FluxDocument): [Subject, FluxDocument] | null => (o ? [o, doc(o)] : null);
    switch (kind) {
      case 'Kustomization':
        return pair(await this.kustomizations.get(actor, id), kustomizationDocument);
      case 'GitRepository':
        return pair(await this.gitRepositories.get(actor, id), gitRepositoryDocument);
      case 'HelmRelease':
        return pair(await this.helmReleases.get(actor, id), helmReleaseDocument);
      case 'OCIRepository':
        return pair(await this.ociRepositories.get(id), ociRepositoryDocument);
      case 'HelmRepository':
        return pair(await this.helmRepositories.get(id), helmRepositoryDocument);
      case 'ImageRepository':
        return pair(await this.imageRepositories.get(id), imageRepositoryDocument);
      case 'ImagePolicy':
        return pair(await this.imagePolicies.get(id), imagePolicyDocument);
      case 'ImageUpdateAutomation':
        return pair(await this.imageAutomations.get(id), imageUpdateAutomationDocument);
      case 'Provider':
        return pair(await this.notifications.getProvider(id), providerDocument);
      case 'Alert': {
        const a = await this.notifications.getAlert(id);
        // As the export: Flux's providerRef names a Provider of the Alert's namespace, another one is annotated.
        const providerNamespace = a ? ((await this.notifications.getProvider(a.providerId))?.namespace ?? a.namespace) : '';
        return pair(a, (o) => alertDocument(o, providerNamespace));
      }
      case 'Receiver':
        return pair(await this.receivers.get(id), receiverDocument);
    }
  }

  private async propose(actor: Actor, origin: RequestOrigin, kind: ProposableKind, subject: Subject, before: FluxDocument, after: FluxDocument | null): Promise<UpdateProposalObject> {
    const mark = await this.repo.managedBy(kind, subject.id);
    if (!mark) throw new DomainError('NOT_MANAGED_BY_GIT', `this ${kind} is not managed by git; edit it at the hub`);
    if (after && documentChanges(before, after).length === 0) throw badInput('spec', `nothing changed: the ${kind} is already as given`);
    const edit: StoredFleetEdit = { kind, namespace: subject.namespace, name: subject.name, objectId: subject.id, file: mark.file, action: after ? 'edit' : 'delete', before, after, userId: actor.userId, username: actor.username };
    const { remote, baseBranch } = await this.remoteOf(mark.fleetSync);
    const headBranch = `flotilla/edit-${kind.toLowerCase()}-${subject.name}-${this.ids.id().slice(0, 8)}`;
    const message = `${after ? 'Edit' : 'Delete'} ${kind} ${subject.namespace}/${subject.name}\n\nProposed by ${actor.username} in Flotilla.\n`;
    const built = await this.build(mark.fleetSync, remote, baseBranch, edit, headBranch, message, null);
    if (!built.ok) throw badInput(after ? 'spec' : 'id', built.message);
    await this.audit.record(actor, origin, 'fleetSync.propose', { type: 'fleetSync', id: mark.fleetSync.id }, { object: `${kind}/${subject.namespace}/${subject.name}`, action: edit.action, file: mark.file, headBranch });
    const clusterDiffs = await this.clusterDiffs(edit, built);
    return this.proposals.recordFleetEdit(mark.fleetSync.id, edit, { baseBranch, headBranch, base: built.base, head: built.head, message, files: built.files, clusterDiffs });
  }

  private async remoteOf(s: FleetSync): Promise<{ remote: GitRemote; baseBranch: string }> {
    const source = await this.remotes.findSource(s.sourceNamespace, s.sourceName);
    if (!source) throw new DomainError('SOURCE_NOT_FOUND', `GitRepository ${s.sourceNamespace}/${s.sourceName} of FleetSync ${s.namespace}/${s.name} is gone`);
    try {
      return { remote: this.remotes.remoteFor(source), baseBranch: this.remotes.branchOf(source) };
    } catch (err) {
      throw badInput('id', `the hub cannot write to GitRepository ${s.sourceNamespace}/${s.sourceName}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * Clones the base branch, changes the object's document, checks the FleetSync's whole path at the new
   * head, and pushes the commit to `headBranch`. With `since` (a rebuild), a base that changed the object's
   * document after that commit is a conflict: nothing is pushed.
   */
  private build(s: FleetSync, remote: GitRemote, baseBranch: string, edit: StoredFleetEdit, headBranch: string, message: string, since: string | null): Promise<Built> {
    const target: FileTarget = { kind: edit.kind, namespace: edit.namespace, name: edit.name, defaultNamespace: s.namespace };
    const changes: FieldChange[] | 'delete' = edit.after ? documentChanges(edit.before, edit.after) : 'delete';
    return withClone(remote, baseBranch, async (ws): Promise<Built> => {
      const fail = (m: string): Built => ({ ok: false, base: ws.base, message: m });
      const abs = path.join(ws.dir, edit.file);
      const text = await readFile(abs, 'utf8').catch(() => undefined);
      if (text === undefined) return fail(`${edit.file} is not on ${baseBranch} any more`);
      if (since !== null && since !== ws.base && declaredDocument(await readFileAt(ws, since, edit.file), target) !== declaredDocument(text, target)) {
        return fail(`${baseBranch} changed ${edit.kind} ${edit.namespace}/${edit.name} in ${edit.file} since the edit was proposed`);
      }
      const r = editFleetFile(text, target, changes);
      if (!r.ok) return fail(`${edit.file}: ${r.message}`);
      // A placement that a Placement gives is not in the object's document: changing it changes nothing here.
      if (r.text === text) return fail(`the change leaves ${edit.file} as it is (a placement given by a Placement is changed in the Placement’s file)`);
      if (r.text === null) await rm(abs);
      else await writeFile(abs, r.text);
      // The path as the FleetSync would read it at the new head: the edit is refused if it would not apply.
      const root = normalisePath(s.path);
      const tree = await readTree(ws.dir);
      const files = new Map([...tree].filter(([p]) => isFleetFile(root, p)));
      const { problems, desired } = await this.sync.plan(s, files);
      if (problems.length > 0) return fail(`the FleetSync would refuse the new revision: ${problemsMessage(problems)}`);
      const made = desired.find((d) => d.kind === edit.kind && d.namespace === edit.namespace && d.name === edit.name);
      const head = await commitAll(ws, [edit.file], fleetEditAuthor(edit.username), message, this.clock.now());
      await pushCommit(remote, ws, head, headBranch, since !== null);
      const after = r.text ?? '';
      const kustomization = edit.kind === 'Kustomization' ? (made?.kind === 'Kustomization' ? { spec: made.write.spec, placement: made.write.placement } : null) : undefined;
      const helmRelease = edit.kind === 'HelmRelease' ? editedHelmRelease(made) : undefined;
      return { ok: true, base: ws.base, head, files: [{ path: edit.file, diff: createTwoFilesPatch(`a/${edit.file}`, `b/${edit.file}`, text, after, undefined, undefined, { context: 3 }), before: text, after }], ...(kustomization !== undefined ? { kustomization } : {}), ...(helmRelease !== undefined ? { helmRelease } : {}) };
    });
  }

  /**
   * The per-cluster diffs of the edit (see FleetEditDiffs): a Kustomization's rendered objects on each cluster
   * before and after, or those of the Kustomizations reading an edited GitRepository; other kinds show the
   * file diff only.
   */
  private clusterDiffs(edit: StoredFleetEdit, { kustomization, helmRelease }: { kustomization?: EditedKustomization; helmRelease?: EditedHelmRelease }) {
    if (kustomization !== undefined) return this.diffs.kustomization(edit.objectId, kustomization);
    if (helmRelease !== undefined) return this.diffs.helmRelease(edit.objectId, helmRelease);
    const spec = (d: Record<string, unknown> | null) => (typeof d?.spec === 'object' && d.spec !== null ? (d.spec as Record<string, unknown>) : {});
    if (edit.kind === 'GitRepository' && edit.after) return this.diffs.gitRepository(edit, spec(edit.before), spec(edit.after));
    if (edit.kind === 'OCIRepository' && edit.after) return this.diffs.ociRepository(edit, spec(edit.before), spec(edit.after));
    return Promise.resolve([]);
  }

  /**
   * After a merge found the base moved: the same edit on the new base, or, when the base changed that document
   * or the edit no longer passes the FleetSync's checks there, the proposal marked conflicted (people propose
   * the edit again from the object as it is now).
   */
  async rebuild(proposalId: string): Promise<void> {
    const p = await this.proposals.fleetEditOf(proposalId);
    if (!p) return;
    const s = await this.repo.findById(p.fleetSyncId);
    if (!s) return;
    const { remote, baseBranch } = await this.remoteOf(s);
    const built = await this.build(s, remote, baseBranch, p.edit, p.headBranch, p.message, p.baseCommit);
    if (built.ok) {
      await this.proposals.recordFleetRebuild(proposalId, { kind: 'rebuilt', base: built.base, head: built.head, files: built.files, clusterDiffs: await this.clusterDiffs(p.edit, built) });
      return;
    }
    this.log.warn('a proposed fleet edit does not apply on the new base', { proposalId, reason: built.message });
    await this.proposals.recordFleetRebuild(proposalId, { kind: 'conflicted', base: built.base, file: p.edit.file });
  }
}
