import { Inject, Injectable } from '@nestjs/common';
import type { FleetSync, Prisma } from '@flotilla/prisma/client';
import { readArchive, type ArtifactStore } from '@flotilla/git-source';
import { parsePositiveFluxDuration, loadCelFor } from '@flotilla/reconcile-core';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { HubEvents } from '../common/hub-events.js';
import { IdGenerator } from '../common/id-generator.js';
import { JsonLogger } from '../common/logger.js';
import { KustomizationsService } from '../kustomizations/kustomizations.service.js';
import { GitRepositoriesService, writeOf } from '../sources/git-repositories.service.js';
import { redactUrlCredentials, validateGitRepositoryInput, validNamespace, validObjectName } from '../sources/git-repository.validation.js';
import { SourceScheduler } from '../sources/source-scheduler.js';
import { ARTIFACT_STORE, SECRET_BOX } from '../sources/sources.providers.js';
import type { SecretBox } from '../common/secret-box.js';
import { ProposalForge } from '../proposals/proposal-forge.js';
import { forgeTokenContext } from '../proposals/providers/proposal-providers.js';
import { nextProviderToken, validateProviderSettings } from '../proposals/providers/provider-settings.validation.js';
import type { FleetSyncInput } from './dto/fleet-sync.inputs.js';
import type { FleetSyncObject, ManagedByGitObject } from './dto/fleet-sync.object.js';
import { isFleetFile, normalisePath, parseFleetFiles, type FleetProblem } from './fleet-files.parse.js';
import { TransactionScope } from '../db/transaction-scope.js';
import { FluxYamlService, type Existing } from '../flux-yaml/flux-yaml.service.js';
import { HelmReleasesService } from '../helm/helm-releases.service.js';
import { validateHelmReleaseInput } from '../helm/helm-validation.js';
import { FleetApplyRefused, FleetSyncRepository, type AuditRow, type FleetSyncCreate, type ServiceWrites } from './fleet-sync.repository.js';
import { planFleet, refusalAt, type DesiredObject, type FleetChange, type FleetValidators, type ManagedKind } from './fleet-sync.plan.js';
import { nextStatus, problemsMessage, statusOf, type FleetSyncStatus } from './fleet-sync.status.js';

const SYSTEM_ORIGIN: RequestOrigin = { ip: null, userAgent: null };

/**
 * Who writes a FleetSync's objects through the services: the hub itself, for that FleetSync. It acts across
 * the fleet (the objects of git are not one user's) and its audit entries name the FleetSync, not a user.
 */
const actorOf = (row: FleetSync): Actor => ({
  userId: `fleetsync:${row.id}`,
  username: `fleetsync:${row.namespace}/${row.name}`,
  role: 'ADMIN',
  grants: [],
  via: 'session',
  fleetSync: { id: row.id, namespace: row.namespace, name: row.name },
});

const notFound = (): DomainError => new DomainError('FLEET_SYNC_NOT_FOUND', 'no such FleetSync');

/**
 * A FleetSync's fields from the API, with their defaults; each problem names its field. The forge token comes
 * apart, to be sealed: it is never stored, logged or audited as given.
 */
function validFleetSync(input: FleetSyncInput): { fields: Omit<FleetSyncCreate, 'id' | 'providerTokenSealed'>; token: string | undefined } {
  const namespace = validNamespace(input.namespace, 'namespace');
  const name = validObjectName(input.name, 'name');
  const sourceNamespace = validNamespace(input.sourceNamespace ?? namespace, 'sourceNamespace');
  const sourceName = validObjectName(input.sourceName, 'sourceName');
  const path = input.path?.trim() || './';
  if (path.split('/').includes('..') || path.startsWith('/')) throw badInput('path', 'path: must stay inside the repository (relative, no "..")');
  const interval = input.interval?.trim() || '10m';
  const parsed = parsePositiveFluxDuration(interval);
  if (!parsed.ok) throw badInput('interval', `interval: ${parsed.errors[0]?.message}`);
  // Its edits are always proposals, so every provider the automation's settings allow is allowed here.
  const provider = validateProviderSettings(input, 'proposal');
  return { fields: { namespace, name, sourceNamespace, sourceName, path, interval, prune: input.prune ?? true, ...provider.settings }, token: provider.token };
}

/** The audit actions of the kinds the FleetSync writes itself (the services of the others write their own). */
const ACTIONS: Record<'GitRepository' | 'Kustomization', Record<'created' | 'configured' | 'deleted', string>> = {
  GitRepository: { created: 'gitRepository.create', configured: 'gitRepository.update', deleted: 'gitRepository.delete' },
  Kustomization: { created: 'kustomization.create', configured: 'kustomization.update', deleted: 'kustomization.delete' },
};

/**
 * The fleet as code. A reconcile reads the YAML files under the path from the source's current artifact,
 * checks every document with the validators of the create mutations, and applies the whole revision in one
 * transaction, or nothing of it (Ready=False, the previous objects kept). Hub events and the source scheduler
 * hear of what changed only after the commit.
 */
@Injectable()
export class FleetSyncService {
  /** Reconciles running in this process, and whether another was asked for meanwhile. */
  private readonly running = new Map<string, { again: boolean; done: Promise<void> }>();

  constructor(
    private readonly repo: FleetSyncRepository,
    private readonly git: GitRepositoriesService,
    private readonly kustomizations: KustomizationsService,
    @Inject(ARTIFACT_STORE) private readonly store: ArtifactStore,
    private readonly scheduler: SourceScheduler,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: HubEvents,
    private readonly log: JsonLogger,
    private readonly fluxYaml: FluxYamlService,
    private readonly helmReleases: HelmReleasesService,
    private readonly transaction: TransactionScope,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly forge: ProposalForge,
  ) {}

  async list(): Promise<FleetSyncObject[]> {
    return Promise.all((await this.repo.list()).map((r) => this.toObject(r)));
  }

  async get(id: string): Promise<FleetSyncObject | null> {
    const row = await this.repo.findById(id);
    return row ? this.toObject(row) : null;
  }

  async create(actor: Actor, origin: RequestOrigin, input: FleetSyncInput): Promise<FleetSyncObject> {
    const { fields, token } = validFleetSync(input);
    const id = this.ids.id();
    const providerTokenSealed = nextProviderToken(fields.provider, token, null, (t) => this.sealToken(id, t));
    const row = await this.repo.create({ id, ...fields, providerTokenSealed }, this.clock.now());
    if (!row) throw new DomainError('NAME_TAKEN', `a FleetSync ${fields.namespace}/${fields.name} exists already`);
    await this.audit.record(actor, origin, 'fleetSync.create', { type: 'fleetSync', id: row.id }, { ...fields });
    this.reconcileSoon(row.id);
    return this.toObject(row);
  }

  /**
   * Points the FleetSync at another source, path or schedule; it reads the new place at once. Its objects stay
   * its own: the next revision read decides them as any revision does (those no longer declared are pruned,
   * with `prune`). The name and namespace identify it and cannot change.
   */
  async update(actor: Actor, origin: RequestOrigin, id: string, input: FleetSyncInput): Promise<FleetSyncObject> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    const { fields, token } = validFleetSync(input);
    if (fields.name !== row.name) throw badInput('name', `name: a FleetSync's name cannot change (it is ${row.name}); create another one`);
    if (fields.namespace !== row.namespace) throw badInput('namespace', `namespace: a FleetSync's namespace cannot change (it is ${row.namespace}); create another one`);
    const { name: _name, namespace: _namespace, ...spec } = fields;
    // No token given keeps the stored one; an empty one removes it.
    const providerTokenSealed = nextProviderToken(spec.provider, token, row.providerTokenSealed, (t) => this.sealToken(id, t));
    const updated = await this.repo.update(id, { ...spec, providerTokenSealed }, this.clock.now());
    if (!updated) throw notFound();
    await this.audit.record(actor, origin, 'fleetSync.update', { type: 'fleetSync', id }, { namespace: row.namespace, name: row.name, ...spec });
    this.reconcileSoon(id);
    return this.toObject(updated);
  }

  private sealToken(fleetSyncId: string, token: string): string {
    return this.box.seal(token, forgeTokenContext({ kind: 'FleetSync', id: fleetSyncId }));
  }

  /** The objects it made stay, as hand-made objects: deleting the sync is not deleting the fleet. */
  async delete(actor: Actor, origin: RequestOrigin, id: string): Promise<boolean> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    await this.repo.delete(id);
    await this.audit.record(actor, origin, 'fleetSync.delete', { type: 'fleetSync', id }, { namespace: row.namespace, name: row.name });
    return true;
  }

  async requestReconcile(actor: Actor, origin: RequestOrigin, id: string): Promise<boolean> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    await this.audit.record(actor, origin, 'fleetSync.reconcile', { type: 'fleetSync', id }, { namespace: row.namespace, name: row.name });
    await this.reconcile(id);
    return true;
  }

  async managedBy(kind: ManagedKind, objectId: string): Promise<ManagedByGitObject | null> {
    const mark = await this.repo.managedBy(kind, objectId);
    if (!mark) return null;
    const s = mark.fleetSync;
    const source = await this.repo.source(s.sourceNamespace, s.sourceName);
    return {
      fleetSyncId: s.id,
      fleetSyncNamespace: s.namespace,
      fleetSyncName: s.name,
      sourceNamespace: s.sourceNamespace,
      sourceName: s.sourceName,
      url: source ? redactUrlCredentials(source.url) : null,
      file: mark.file,
      revision: statusOf(s.status).lastAppliedRevision,
    };
  }

  /** Starts a reconcile in the background (a failure is in the status, an unexpected one in the log). */
  reconcileSoon(id: string): void {
    this.reconcile(id).catch((err: unknown) => this.log.error('fleet sync reconcile failed', { fleetSyncId: id, error: String(err) }));
  }

  /** One reconcile at a time per FleetSync in this process; asked again while running, it runs once more after. */
  async reconcile(id: string): Promise<void> {
    const current = this.running.get(id);
    if (current) {
      current.again = true;
      return current.done;
    }
    const entry = { again: false, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        do {
          entry.again = false;
          await this.reconcileOnce(id);
        } while (entry.again);
      } finally {
        this.running.delete(id);
      }
    })();
    this.running.set(id, entry);
    return entry.done;
  }

  private async reconcileOnce(id: string): Promise<void> {
    const row = await this.repo.findById(id);
    if (!row || row.suspend) return;
    // A pull request merged or closed at the forge moves its proposed edit first (a merge refetches the source,
    // whose new revision is applied by the reconcile that follows); one the forge did not take is tried again.
    if (row.provider !== 'native') await this.forge.followFleetSync(id).catch((err: unknown) => this.log.warn('following the pull requests of a FleetSync failed', { fleetSyncId: id, error: String(err) }));
    const prev = statusOf(row.status);
    const now = this.clock.now();
    const interval = parsePositiveFluxDuration(row.interval);
    const next = new Date(now.getTime() + (interval.ok ? interval.value : 600_000));
    const fail = (reason: 'ArtifactFailed' | 'BuildFailed' | 'ReconciliationFailed' | 'PruneFailed', message: string, revision: string | null, problems: FleetSyncStatus['problems'] = []) =>
      this.repo.setStatus(id, nextStatus(prev, { ok: false, reason, message, revision, problems }, now) as unknown as Prisma.InputJsonValue, next);

    const source = await this.repo.source(row.sourceNamespace, row.sourceName);
    const artifact = source ? artifactOf(source.status) : null;
    if (!source || !artifact) {
      await fail('ArtifactFailed', source ? `GitRepository ${row.sourceNamespace}/${row.sourceName} has no artifact yet` : `GitRepository ${row.sourceNamespace}/${row.sourceName} not found`, null);
      return;
    }
    const root = normalisePath(row.path);
    let files: Map<string, Uint8Array>;
    try {
      files = await readArchive(await this.store.get(artifact.digest), (p) => isFleetFile(root, p));
    } catch (err) {
      await fail('ArtifactFailed', `reading artifact ${artifact.revision}: ${err instanceof Error ? err.message : String(err)}`, artifact.revision);
      return;
    }
    const actor = actorOf(row);
    const { desired, problems, existing } = await this.plan(row, files);
    if (problems.length > 0) {
      await fail('BuildFailed', problemsMessage(problems), artifact.revision, problems);
      return;
    }
    let changes: FleetChange[];
    try {
      // One transaction for the FleetSync's own writes and the services' (their events wait for the commit).
      const ids = new Map([...existing].map(([key, e]) => [key, e.id]));
      const through: ServiceWrites = {
        write: async (doc, existingId) => {
          const objectId = await this.fluxYaml.write(actor, SYSTEM_ORIGIN, doc, existingId === undefined ? undefined : { id: existingId }, ids);
          ids.set(`${doc.kind}/${doc.input.namespace ?? row.namespace}/${doc.name}`, objectId);
          return objectId;
        },
        delete: (kind, objectId) => this.fluxYaml.delete(actor, SYSTEM_ORIGIN, kind, objectId),
      };
      changes = await this.transaction.run(() => this.repo.apply(id, desired, row.prune, () => this.ids.id(), (cs) => this.auditRows(row, artifact.revision, cs), through, now), { timeoutMs: 120_000 });
    } catch (err) {
      if (!(err instanceof FleetApplyRefused)) throw err;
      await fail(err.reason, err.message, artifact.revision);
      return;
    }
    await this.repo.setStatus(id, nextStatus(prev, { ok: true, revision: artifact.revision, changes }, now) as unknown as Prisma.InputJsonValue, next);
    this.announce(changes);
  }

  /**
   * The files under the path → the objects the hub must hold, with every problem (by file and line) found by
   * the validators of the create mutations and the charts' values schemas. A reconcile applies the plan only
   * without problems; a proposed edit of the files is checked with it before anything is committed.
   */
  async plan(row: FleetSync, files: ReadonlyMap<string, Uint8Array>): Promise<{ desired: DesiredObject[]; problems: FleetProblem[]; existing: Map<string, Existing> }> {
    const existing = await this.fluxYaml.existing(actorOf(row));
    const parsed = parseFleetFiles(files);
    // The validators are synchronous; the CEL runtime they need for a Kustomization with an expression is loaded first.
    for (const { doc } of parsed.docs) if (doc.kind === 'Kustomization') await loadCelFor(doc.input.spec);
    const { desired, problems } = planFleet(parsed, this.validators(existing), row.namespace);
    // The chart's values schema, as the import checks it: values the chart refuses are a problem of the file.
    for (const d of desired) {
      if (!('doc' in d) || d.doc.kind !== 'HelmRelease') continue;
      try {
        await this.helmReleases.checkValuesSchema(validateHelmReleaseInput(d.doc.input));
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'BAD_USER_INPUT') throw err;
        problems.push(refusalAt(d.file, d.doc, err));
      }
    }
    problems.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    return { desired, problems, existing };
  }

  private validators(existing: ReadonlyMap<string, Existing>): FleetValidators {
    return {
      git: validateGitRepositoryInput,
      gitUrl: (url) => this.git.checkPolicy(url),
      gitWrite: writeOf,
      kustomization: (input) => this.kustomizations.validate(input),
      document: (doc) => this.fluxYaml.validate(doc, (key) => existing.get(key)),
      exists: (key) => existing.has(key),
    };
  }

  private auditRows(row: FleetSync, revision: string, changes: FleetChange[]): AuditRow[] {
    return changes
      .filter((c): c is FleetChange & { kind: 'GitRepository' | 'Kustomization'; action: 'created' | 'configured' | 'deleted' } => c.action !== 'unchanged' && (c.kind === 'GitRepository' || c.kind === 'Kustomization'))
      .map((c) => ({
        id: this.ids.id(),
        action: ACTIONS[c.kind][c.action],
        targetType: c.kind === 'GitRepository' ? 'gitRepository' : 'kustomization',
        targetId: c.id,
        details: { namespace: c.namespace, name: c.name, fleetSync: `${row.namespace}/${row.name}`, file: c.file, revision },
      }));
  }

  private announce(changes: readonly FleetChange[]): void {
    let sources = false;
    for (const c of changes) {
      // The services of the other kinds announced theirs.
      if (c.action === 'unchanged' || (c.kind !== 'GitRepository' && c.kind !== 'Kustomization')) continue;
      if (c.kind === 'Kustomization') this.events.emit('kustomization.changed', { kustomizationId: c.id, ...(c.action === 'deleted' ? { deleted: true } : {}) });
      else {
        sources = true;
        if (c.action === 'deleted') this.events.emit('source.artifactChanged', { sourceId: c.id });
        this.events.emit('source.changed', { sourceId: c.id });
      }
    }
    if (sources) this.scheduler.poke();
  }

  private async toObject(row: FleetSync): Promise<FleetSyncObject> {
    const status = statusOf(row.status);
    const [source, inventory] = await Promise.all([this.repo.source(row.sourceNamespace, row.sourceName), this.repo.inventory(row.id)]);
    const ready = { type: 'Ready', status: status.ready.status, reason: status.ready.reason, message: status.ready.message, lastTransitionTime: new Date(status.ready.lastTransitionTime) };
    return {
      id: row.id,
      namespace: row.namespace,
      name: row.name,
      sourceNamespace: row.sourceNamespace,
      sourceName: row.sourceName,
      sourceUrl: source ? redactUrlCredentials(source.url) : null,
      path: row.path,
      interval: row.interval,
      prune: row.prune,
      suspend: row.suspend,
      provider: row.provider,
      providerApiUrl: row.providerApiUrl,
      providerRepository: row.providerRepository,
      providerTokenSet: row.providerTokenSealed !== null,
      ready: ready.status,
      reason: ready.reason,
      message: ready.message,
      conditions: [ready],
      lastAppliedRevision: status.lastAppliedRevision,
      lastAttemptedRevision: status.lastAttemptedRevision,
      problems: status.problems,
      events: status.events.map((e) => ({ type: e.type, reason: e.reason, message: e.message, revision: e.revision, occurredAt: new Date(e.at) })),
      inventory,
    };
  }
}

function artifactOf(status: unknown): { revision: string; digest: string } | null {
  const a = typeof status === 'object' && status !== null ? (status as { artifact?: { revision?: unknown; digest?: unknown } }).artifact : undefined;
  return a && typeof a.revision === 'string' && typeof a.digest === 'string' ? { revision: a.revision, digest: a.digest } : null;
}
