import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { canonicalJson } from '../common/canonical-json.js';
import { Clock } from '../common/clock.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { HubEvents } from '../common/hub-events.js';
import { IdGenerator } from '../common/id-generator.js';
import type { SecretBox } from '../common/secret-box.js';
import { imageCredentialsKind, sealImageCredentials } from '../images/image-credentials.sealed.js';
import { registryTlsColumns, registryTlsUpdate } from '../sources/registry-tls/registry-tls.sealed.js';
import { SECRET_BOX } from '../sources/sources.providers.js';
import type { OciRepositorySecretsInput, OciRepositoryInput } from './dto/oci-repository.inputs.js';
import { requireHubHeldChange } from '../common/hub-held-secrets.js';
import type { OciRepositoryObject } from './dto/oci-repository.object.js';
import { OciRepositoriesRepository } from './oci-repositories.repository.js';
import { ociCredentialsContext, ociTlsContext, publicKeysOf } from './oci-repository-row.js';
import { validateOciRepositoryInput, type ValidOciRepository } from './oci-repository.validation.js';
import { toOciRepositoryObject } from './oci-repository.mapper.js';
import { OciSourceScheduler } from './oci-source-scheduler.js';
import { ManagedByGit } from '../fleet-sync/managed-by-git.js';
import { awaitReconcileHandled } from '../sources/await-handled.js';

const notFound = (): DomainError => new DomainError('SOURCE_NOT_FOUND', 'no such OCIRepository');

/** The stored spec: Flux's, with `suspend` kept in its own column (a resume is not a new generation). */
function storedSpec(v: ValidOciRepository): Prisma.InputJsonValue {
  const { suspend: _suspend, ...spec } = v.spec;
  return spec as unknown as Prisma.InputJsonValue;
}

/** Hub OCIRepositories: CRUD with sealed credentials (audit rows name the kind, never the values). */
@Injectable()
export class OciRepositoriesService {
  constructor(
    private readonly repo: OciRepositoriesRepository,
    private readonly scheduler: OciSourceScheduler,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: HubEvents,
    private readonly managed: ManagedByGit,
  ) {}

  async list(): Promise<OciRepositoryObject[]> {
    return (await this.repo.list()).map(toOciRepositoryObject);
  }

  async get(id: string): Promise<OciRepositoryObject | null> {
    const row = await this.repo.findById(id);
    return row ? toOciRepositoryObject(row) : null;
  }

  async create(actor: Actor, origin: RequestOrigin, input: OciRepositoryInput): Promise<OciRepositoryObject> {
    const v = validateOciRepositoryInput(input);
    if (input.clearCredentials) throw badInput('clearCredentials', 'clearCredentials applies to updates only');
    if (input.clearTls) throw badInput('clearTls', 'clearTls applies to updates only');
    if (await this.repo.gitRepositoryNamed(v.namespace, v.name)) throw new DomainError('NAME_TAKEN', `a GitRepository ${v.namespace}/${v.name} exists already; both would be the ExternalArtifact ${v.name} in clusters`);
    const id = this.ids.id();
    const row = await this.repo.create({
      id,
      namespace: v.namespace,
      name: v.name,
      spec: storedSpec(v),
      suspend: Boolean(v.spec.suspend),
      verifyPublicKeys: v.verifyPublicKeys as unknown as Prisma.InputJsonValue,
      ...(v.labels ? { labels: v.labels } : {}),
      credentialsSealed: v.credentials ? sealImageCredentials(this.box, v.credentials, ociCredentialsContext(id)) : null,
      credentialsKind: v.credentials ? imageCredentialsKind(v.credentials) : null,
      ...registryTlsColumns(this.box, ociTlsContext(id), v.tls),
      now: this.clock.now(),
    });
    if (!row) throw new DomainError('NAME_TAKEN', `an OCIRepository ${v.namespace}/${v.name} exists already`);
    await this.audit.record(actor, origin, 'ocirepository.create', { type: 'ocirepository', id }, { namespace: v.namespace, name: v.name, spec: storedSpec(v), credentialsKind: row.credentialsKind, tlsKind: row.tlsKind });
    this.scheduler.poke();
    this.events.emit('ociRepository.changed', { ociRepositoryId: id });
    return toOciRepositoryObject(row);
  }

  async update(actor: Actor, origin: RequestOrigin, id: string, input: OciRepositoryInput): Promise<OciRepositoryObject> {
    await this.managed.refuseHandEdit('OCIRepository', id, 'edit', actor);
    return this.write(actor, origin, id, input, {});
  }

  /**
   * Sets or clears what the hub holds instead of Flux's Secrets (registry credentials, certSecretRef's CA and
   * client certificate, the cosign keys of verify), keeping the spec as stored. Allowed on an OCIRepository a
   * FleetSync manages: its YAML names no Secret the hub could read, and a sync keeps what is set here.
   */
  async setCredentials(actor: Actor, origin: RequestOrigin, id: string, given: OciRepositorySecretsInput): Promise<OciRepositoryObject> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    requireHubHeldChange(given, 'credentials');
    const { credentials, clearCredentials, tls, clearTls, verifyPublicKeys } = given;
    const input: OciRepositoryInput = {
      namespace: row.namespace,
      name: row.name,
      spec: { ...(row.spec as Record<string, unknown>), suspend: row.suspend },
      verifyPublicKeys: verifyPublicKeys ?? publicKeysOf(row.verifyPublicKeys),
      ...(credentials ? { credentials } : {}),
      ...(clearCredentials ? { clearCredentials } : {}),
      ...(tls ? { tls } : {}),
      ...(clearTls ? { clearTls } : {}),
    };
    return this.write(actor, origin, id, input, { credentialsOnly: true });
  }

  /**
   * `flux suspend|resume source oci`: spec.suspend alone, the rest as stored. Allowed on an OCIRepository a
   * FleetSync manages, as `flux suspend` is on an object applied from git.
   */
  async setSuspended(actor: Actor, origin: RequestOrigin, id: string, suspend: boolean): Promise<void> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    const input: OciRepositoryInput = {
      namespace: row.namespace,
      name: row.name,
      spec: { ...(row.spec as Record<string, unknown>), suspend },
      verifyPublicKeys: publicKeysOf(row.verifyPublicKeys),
    };
    await this.write(actor, origin, id, input, { suspendOnly: true });
  }

  private async write(actor: Actor, origin: RequestOrigin, id: string, input: OciRepositoryInput, audit: Record<string, Prisma.InputJsonValue>): Promise<OciRepositoryObject> {
    const v = validateOciRepositoryInput(input);
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (v.namespace !== row.namespace || v.name !== row.name) throw badInput('name', 'namespace and name cannot change; create a new OCIRepository');
    const spec = storedSpec(v);
    // New keys change what is accepted, so they are a new generation like the spec (the signature is checked again).
    const bump = canonicalJson(row.spec) !== canonicalJson(spec) || canonicalJson(row.verifyPublicKeys) !== canonicalJson(v.verifyPublicKeys);
    const credentials = v.credentials
      ? { sealed: sealImageCredentials(this.box, v.credentials, ociCredentialsContext(id)), kind: imageCredentialsKind(v.credentials) }
      : input.clearCredentials
        ? { sealed: null, kind: null }
        : undefined;
    const tls = registryTlsUpdate(this.box, ociTlsContext(id), row.tlsSealed, v.tls, input.clearTls);
    if ((tls ? tls.sealed : row.tlsSealed) && v.spec.insecure) throw badInput('spec.insecure', 'spec.insecure: plain HTTP cannot use the stored CA or client certificate; give clearTls too');
    const suspend = Boolean(v.spec.suspend);
    const updated = await this.repo.update(
      id,
      { spec, suspend, verifyPublicKeys: v.verifyPublicKeys as unknown as Prisma.InputJsonValue, ...(v.labels ? { labels: v.labels } : {}) },
      { bumpGeneration: bump, dueNow: credentials !== undefined || tls !== undefined || (row.suspend && !suspend), ...(credentials ? { credentials } : {}), ...(tls ? { tls } : {}) },
    );
    await this.audit.record(actor, origin, 'ocirepository.update', { type: 'ocirepository', id }, {
      namespace: row.namespace,
      name: row.name,
      spec,
      credentialsKind: updated.credentialsKind,
      tlsKind: updated.tlsKind,
      verifyKeys: v.verifyPublicKeys.map((k) => k.name),
      generationBumped: bump,
      ...audit,
    });
    this.scheduler.poke();
    this.events.emit('ociRepository.changed', { ociRepositoryId: id });
    return toOciRepositoryObject(updated);
  }

  /** CONFLICT while a hub Kustomization takes its source from it or a hub HelmRelease its chart (chartRef). */
  async delete(actor: Actor, origin: RequestOrigin, id: string): Promise<boolean> {
    await this.managed.refuseHandEdit('OCIRepository', id, 'delete', actor);
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    const [users, releases] = await Promise.all([this.repo.kustomizationsUsing(row.namespace, row.name), this.repo.helmReleasesUsing(row.namespace, row.name)]);
    const named = (kind: string, objects: readonly { namespace: string; name: string }[]) => (objects.length ? [`${kind} ${objects.map((u) => `${u.namespace}/${u.name}`).join(', ')}`] : []);
    const using = [...named('Kustomization', users), ...named('HelmRelease', releases)];
    if (using.length > 0) throw new DomainError('SOURCE_IN_USE', `OCIRepository ${row.namespace}/${row.name} is used by ${using.join(' and ')}`);
    await this.repo.delete(id);
    await this.audit.record(actor, origin, 'ocirepository.delete', { type: 'ocirepository', id }, { namespace: row.namespace, name: row.name });
    this.events.emit('ociRepository.changed', { ociRepositoryId: id });
    this.events.emit('source.artifactChanged', { sourceId: id });
    return true;
  }

  /** `flux reconcile source oci`: pulled at once by whichever replica claims it. */
  async requestReconcile(actor: Actor, origin: RequestOrigin, id: string): Promise<boolean> {
    await this.requestReconcileAt(actor, origin, id);
    return true;
  }

  /** As `requestReconcile`, answering when it was asked, for `awaitHandled`. */
  async requestReconcileAt(actor: Actor, origin: RequestOrigin, id: string): Promise<{ requestedAt: Date }> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    const requestedAt = this.clock.now();
    await this.repo.requestReconcile(id, requestedAt);
    await this.audit.record(actor, origin, 'ocirepository.reconcile', { type: 'ocirepository', id }, { namespace: row.namespace, name: row.name });
    this.scheduler.poke();
    return { requestedAt };
  }

  findByName(namespace: string, name: string) {
    return this.repo.findByName(namespace, name);
  }

  /**
   * Waits until the pull asked for at `requestedAt` (or a later one) finished, bounded by the spec's timeout
   * plus a margin; false when it did not in that time or the OCIRepository is gone.
   */
  async awaitHandled(id: string, requestedAt: Date, timeout: string): Promise<boolean> {
    return awaitReconcileHandled(async () => {
      const row = await this.repo.findById(id);
      const status = (row?.status ?? {}) as { lastHandledReconcileAt?: unknown };
      return row && { lastHandledReconcileAt: typeof status.lastHandledReconcileAt === 'string' ? status.lastHandledReconcileAt : undefined, claimed: row.claimedUntil !== null };
    }, requestedAt, timeout);
  }
}
