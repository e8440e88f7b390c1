import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import { awaitReconcileHandled } from './await-handled.js';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { AccessService } from '../auth/access.service.js';
import { placedInScope } from '../kustomizations/placement.js';
import { AuditService } from '../audit/audit.service.js';
import { canonicalJson } from '../common/canonical-json.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { HubEvents } from '../common/hub-events.js';
import { ManagedByGit } from '../fleet-sync/managed-by-git.js';
import { IdGenerator } from '../common/id-generator.js';
import type { SecretBox } from '../common/secret-box.js';
import type { GitCredentialsInput, GitRepositoryInput } from './dto/git-repository.inputs.js';
import type { GitRepositoryObject } from './dto/git-repository.object.js';
import { GitRepositoriesRepository, type GitRepositoryRow, type GitRepositoryWrite } from './git-repositories.repository.js';
import { storedStatus, toGitRepositoryObject } from './git-repository.mapper.js';
import { credentialsKindOf, credentialsSchemeProblem, specOfRow, validateGitRepositoryInput, type ValidGitRepositoryInput } from './git-repository.validation.js';
import { sealGitSecret } from './git/git-credentials.sealed.js';
import { SourceScheduler } from './source-scheduler.js';
import { SourceUsageRepository } from './source-usage.repository.js';
import { SECRET_BOX, SOURCE_URL_POLICY } from './sources.providers.js';
import { policyRefusal, type SourceUrlPolicy } from './git/source-url-policy.js';

const notFound = (): DomainError => new DomainError('SOURCE_NOT_FOUND', 'no such GitRepository');

export function writeOf(v: ValidGitRepositoryInput): GitRepositoryWrite {
  const { url, ref, interval, timeout, ignore, suspend } = v.spec;
  return { url, ref: ref ? (ref as Prisma.InputJsonValue) : null, interval, timeout, ignore: ignore ?? null, suspend, ...(v.labels ? { labels: v.labels } : {}) };
}

export const specChanged = (row: GitRepositoryRow, w: GitRepositoryWrite): boolean =>
  row.url !== w.url ||
  canonicalJson(row.ref ?? null) !== canonicalJson(w.ref ?? null) ||
  row.interval !== w.interval ||
  row.timeout !== w.timeout ||
  row.ignore !== w.ignore;

/** Audit details: what changed, never credential values (only whether and which kind). */
function auditDetails(v: ValidGitRepositoryInput, extra: Record<string, Prisma.InputJsonValue> = {}): Prisma.InputJsonObject {
  return {
    namespace: v.namespace,
    name: v.name,
    url: v.spec.url,
    ...(v.spec.ref ? { ref: v.spec.ref as Prisma.InputJsonValue } : {}),
    interval: v.spec.interval,
    timeout: v.spec.timeout,
    suspend: v.spec.suspend,
    ...(v.labels ? { labels: v.labels } : {}),
    ...(v.credentials ? { credentialsKind: credentialsKindOf(v.credentials) } : {}),
    ...extra,
  };
}

@Injectable()
export class GitRepositoriesService {
  constructor(
    private readonly repo: GitRepositoriesRepository,
    private readonly usage: SourceUsageRepository,
    private readonly scheduler: SourceScheduler,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly access: AccessService,
    private readonly events: HubEvents,
    @Inject(SOURCE_URL_POLICY) private readonly policy: SourceUrlPolicy,
    private readonly managed: ManagedByGit,
  ) {}

  /**
   * A URL whose host is an address the policy refuses is refused at once. Names are left to the fetch, which
   * resolves them: resolving here would answer "does this internal name exist" to the caller.
   */
  checkPolicy(url: string): void {
    const u = new URL(url);
    if (this.policy.checkHost(u) === 'refused') {
      throw new DomainError('BAD_USER_INPUT', `url: ${policyRefusal}; an admin can allow internal hosts with FLOTILLA_SOURCE_ALLOW_HOSTS`, 'url');
    }
  }

  /** Those the actor may see: all with a fleet-wide role, else those a Kustomization of their scope uses. */
  async list(actor: Actor): Promise<GitRepositoryObject[]> {
    const [rows, visible] = await Promise.all([this.repo.list(), this.visibleSources(actor)]);
    return rows.filter((r) => !visible || visible.has(sourceKey(r.namespace, r.name))).map(toGitRepositoryObject);
  }

  /** Null outside the actor's scope too. */
  async get(actor: Actor, id: string): Promise<GitRepositoryObject | null> {
    const row = await this.repo.findById(id);
    if (!row) return null;
    const visible = await this.visibleSources(actor);
    return !visible || visible.has(sourceKey(row.namespace, row.name)) ? toGitRepositoryObject(row) : null;
  }

  /** `namespace/name` of the sources used by Kustomizations in the actor's scope; null: every source. */
  private async visibleSources(actor: Actor): Promise<Set<string> | null> {
    const scope = await this.access.scope(actor, 'VIEWER');
    if (scope.all) return null;
    const { kustomizations, clusters } = await this.usage.placements();
    return new Set(kustomizations.filter((k) => placedInScope(scope, k, clusters)).map((k) => sourceKey(k.sourceNamespace, k.sourceName)));
  }

  async findByName(namespace: string, name: string): Promise<GitRepositoryRow | null> {
    return this.repo.findByName(namespace, name);
  }

  async create(actor: Actor, origin: RequestOrigin, input: GitRepositoryInput): Promise<GitRepositoryObject> {
    if (input.clearCredentials) throw new DomainError('BAD_USER_INPUT', 'clearCredentials applies to updates only', 'clearCredentials');
    const v = validateGitRepositoryInput(input);
    this.checkPolicy(v.spec.url);
    const id = this.ids.id();
    const row = await this.repo.create({
      id,
      namespace: v.namespace,
      name: v.name,
      ...writeOf(v),
      credentialsSealed: v.credentials ? sealGitSecret(this.box, v.credentials, `source:${id}`) : null,
      credentialsKind: v.credentials ? credentialsKindOf(v.credentials) : null,
      now: this.clock.now(),
    });
    if (!row) throw new DomainError('NAME_TAKEN', `a GitRepository ${v.namespace}/${v.name} exists already`);
    await this.audit.record(actor, origin, 'gitRepository.create', { type: 'gitRepository', id }, auditDetails(v));
    this.events.emit('source.changed', { sourceId: id });
    this.scheduler.poke();
    return toGitRepositoryObject(row);
  }

  async update(actor: Actor, origin: RequestOrigin, id: string, input: GitRepositoryInput): Promise<GitRepositoryObject> {
    await this.managed.refuseHandEdit('GitRepository', id, 'edit', actor);
    return this.write(actor, origin, id, input, {});
  }

  /**
   * Replaces or clears the credentials only, keeping the spec as stored. Allowed on a GitRepository a
   * FleetSync manages too: Flux YAML carries no credentials (a secretRef names a Secret the hub never sees),
   * so the hub is the one place to give them, and a sync never touches them.
   */
  async setCredentials(actor: Actor, origin: RequestOrigin, id: string, credentials: GitCredentialsInput | null | undefined, clear: boolean): Promise<GitRepositoryObject> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (!credentials && !clear) throw new DomainError('BAD_USER_INPUT', 'give credentials or clear', 'credentials');
    const spec = specOfRow(row);
    const input: GitRepositoryInput = {
      namespace: row.namespace,
      name: row.name,
      url: spec.url,
      ...(spec.ref ? { ref: spec.ref } : {}),
      interval: spec.interval,
      timeout: spec.timeout,
      ...(spec.ignore !== undefined ? { ignore: spec.ignore } : {}),
      suspend: spec.suspend,
      ...(credentials ? { credentials } : {}),
      ...(clear ? { clearCredentials: true } : {}),
    };
    return this.write(actor, origin, id, input, { credentialsOnly: true });
  }

  private async write(actor: Actor, origin: RequestOrigin, id: string, input: GitRepositoryInput, audit: Record<string, Prisma.InputJsonValue>): Promise<GitRepositoryObject> {
    const v = validateGitRepositoryInput(input);
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (v.namespace !== row.namespace) throw new DomainError('BAD_USER_INPUT', 'namespace cannot change; create a new GitRepository', 'namespace');
    if (v.name !== row.name) throw new DomainError('BAD_USER_INPUT', 'name cannot change; create a new GitRepository', 'name');
    const w = writeOf(v);
    if (w.url !== row.url) this.checkPolicy(w.url);
    // A new URL of the other protocol cannot use the stored credentials.
    const kept = !v.credentials && !input.clearCredentials ? row.credentialsKind : null;
    const mismatch = kept ? credentialsSchemeProblem(w.url, kept) : undefined;
    if (mismatch) throw new DomainError('BAD_USER_INPUT', `credentials: the stored credentials do not fit the new URL: ${mismatch}`, 'credentials');
    const bump = specChanged(row, w);
    const clearing = Boolean(input.clearCredentials) && row.credentialsSealed !== null;
    const credentials = v.credentials
      ? { sealed: sealGitSecret(this.box, v.credentials, `source:${id}`), kind: credentialsKindOf(v.credentials) }
      : clearing
        ? { sealed: null, kind: null }
        : undefined;
    // New credentials are not a spec change (Flux: editing the Secret does not bump the generation) but
    // deserve a fetch now, as does a resume.
    const resumed = row.suspend && !w.suspend;
    const updated = await this.repo.update(id, w, {
      bumpGeneration: bump,
      dueNow: Boolean(credentials) || resumed,
      ...(credentials && !bump ? { requestedAt: this.clock.now() } : {}),
      ...(credentials ? { credentials } : {}),
    });
    await this.audit.record(
      actor,
      origin,
      'gitRepository.update',
      { type: 'gitRepository', id },
      auditDetails(v, { ...audit, ...(input.clearCredentials ? { credentialsCleared: true } : {}), generationBumped: bump }),
    );
    this.events.emit('source.changed', { sourceId: id });
    this.scheduler.poke();
    return toGitRepositoryObject(updated);
  }

  async delete(actor: Actor, origin: RequestOrigin, id: string): Promise<boolean> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    await this.managed.refuseHandEdit('GitRepository', id, 'delete', actor);
    const users = await this.usage.kustomizationsUsing(row.namespace, row.name);
    if (users.length) {
      const names = users.slice(0, 5).map((k) => `${k.namespace}/${k.name}`);
      throw new DomainError('SOURCE_IN_USE', `GitRepository ${row.namespace}/${row.name} is used by Kustomization ${names.join(', ')}${users.length > 5 ? ` and ${users.length - 5} more` : ''}; delete or repoint them first`);
    }
    await this.repo.delete(id);
    await this.audit.record(actor, origin, 'gitRepository.delete', { type: 'gitRepository', id }, { namespace: row.namespace, name: row.name });
    this.events.emit('source.artifactChanged', { sourceId: id });
    this.events.emit('source.changed', { sourceId: id });
    this.scheduler.requestGc();
    return true;
  }

  async setSuspended(actor: Actor, origin: RequestOrigin, id: string, suspend: boolean): Promise<boolean> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    await this.repo.setSuspend(id, suspend);
    await this.audit.record(actor, origin, suspend ? 'gitRepository.suspend' : 'gitRepository.resume', { type: 'gitRepository', id }, { namespace: row.namespace, name: row.name });
    this.events.emit('source.changed', { sourceId: id });
    if (!suspend) this.scheduler.poke();
    return true;
  }

  /** `flux reconcile source git`: fetch now. Returns the request time (Flux's reconcile.fluxcd.io/requestedAt). */
  async requestReconcile(actor: Actor, origin: RequestOrigin, id: string, audit = true): Promise<{ row: GitRepositoryRow; requestedAt: Date }> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (row.suspend) throw new DomainError('BAD_USER_INPUT', `GitRepository ${row.namespace}/${row.name} is suspended; resume it first`, 'id');
    const requestedAt = this.clock.now();
    await this.repo.requestReconcile(id, requestedAt);
    if (audit) await this.audit.record(actor, origin, 'gitRepository.reconcile', { type: 'gitRepository', id }, { namespace: row.namespace, name: row.name });
    this.scheduler.poke();
    return { row, requestedAt };
  }

  /**
   * Waits until a reconcile that started after `requestedAt` has finished (any replica may run it), bounded by
   * the source's timeout plus a margin. Resolves false on timeout.
   */
  async awaitHandled(id: string, requestedAt: Date, timeout: string): Promise<boolean> {
    return awaitReconcileHandled(async () => {
      const row = await this.repo.findById(id);
      return row && { lastHandledReconcileAt: storedStatus(row).lastHandledReconcileAt, claimed: row.claimedUntil !== null };
    }, requestedAt, timeout);
  }
}

const sourceKey = (namespace: string, name: string): string => `${namespace}/${name}`;
