import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { HubEvents } from '../common/hub-events.js';
import { IdGenerator } from '../common/id-generator.js';
import type { SecretBox } from '../common/secret-box.js';
import { imageCredentialsKind, sealImageCredentials } from '../images/image-credentials.sealed.js';
import { registryTlsColumns, registryTlsUpdate } from '../sources/registry-tls/registry-tls.sealed.js';
import { SECRET_BOX } from '../sources/sources.providers.js';
import type { HelmRepositoryInput, HelmRepositorySecretsInput } from './dto/helm.inputs.js';
import { requireHubHeldChange } from '../common/hub-held-secrets.js';
import type { HelmRepositoryObject } from './dto/helm.objects.js';
import { helmCredentialsContext, helmTlsContext } from './helm-credentials.js';
import { HelmReleasesRepository } from './helm-releases.repository.js';
import { HelmRepositoriesRepository, type HelmRepositoryRow } from './helm-repositories.repository.js';
import { HelmSourceScheduler } from './helm-source-scheduler.js';
import { validateHelmRepositoryInput } from './helm-validation.js';
import { toHelmRepositoryObject } from './helm.mapper.js';
import { ManagedByGit } from '../fleet-sync/managed-by-git.js';

const notFound = (): DomainError => new DomainError('SOURCE_NOT_FOUND', 'no such HelmRepository');

/** An update that does not name the type (the UI's form) keeps the stored type and its `insecure`. */
function validateUpdate(input: HelmRepositoryInput, stored: { type: string; insecure: boolean }) {
  const type = input.type ?? stored.type;
  return validateHelmRepositoryInput({ ...input, type, insecure: input.insecure ?? (type === stored.type ? stored.insecure : false) });
}

/** The input that writes the row back as stored (credentials and certificates are kept when not given). */
const storedInput = (row: HelmRepositoryRow): HelmRepositoryInput => ({
  namespace: row.namespace,
  name: row.name,
  type: row.type,
  url: row.url,
  insecure: row.insecure,
  interval: row.interval,
  timeout: row.timeout,
  passCredentials: row.passCredentials,
  suspend: row.suspend,
});

/** Hub HelmRepositories: CRUD with sealed credentials (audit rows name the kind, never the values). */
@Injectable()
export class HelmRepositoriesService {
  constructor(
    private readonly repo: HelmRepositoriesRepository,
    private readonly releases: HelmReleasesRepository,
    private readonly scheduler: HelmSourceScheduler,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: HubEvents,
    private readonly managed: ManagedByGit,
  ) {}

  async list(): Promise<HelmRepositoryObject[]> {
    return (await this.repo.list()).map(toHelmRepositoryObject);
  }

  async get(id: string): Promise<HelmRepositoryObject | null> {
    const row = await this.repo.findById(id);
    return row ? toHelmRepositoryObject(row) : null;
  }

  async create(actor: Actor, origin: RequestOrigin, input: HelmRepositoryInput): Promise<HelmRepositoryObject> {
    const v = validateHelmRepositoryInput(input);
    if (input.clearCredentials) throw badInput('clearCredentials', 'clearCredentials applies to updates only');
    if (input.clearTls) throw badInput('clearTls', 'clearTls applies to updates only');
    const id = this.ids.id();
    const row = await this.repo.create({
      id,
      namespace: v.namespace,
      name: v.name,
      type: v.type,
      url: v.url,
      insecure: v.insecure,
      interval: v.interval,
      timeout: v.timeout,
      passCredentials: v.passCredentials,
      suspend: v.suspend,
      ...(v.labels ? { labels: v.labels } : {}),
      credentialsSealed: v.credentials ? sealImageCredentials(this.box, v.credentials, helmCredentialsContext(id)) : null,
      credentialsKind: v.credentials ? imageCredentialsKind(v.credentials) : null,
      ...registryTlsColumns(this.box, helmTlsContext(id), v.tls),
      now: this.clock.now(),
    });
    if (!row) throw new DomainError('NAME_TAKEN', `a HelmRepository ${v.namespace}/${v.name} exists already`);
    await this.audit.record(actor, origin, 'helmrepository.create', { type: 'helmrepository', id }, { namespace: v.namespace, name: v.name, type: v.type, url: v.url, credentialsKind: row.credentialsKind, tlsKind: row.tlsKind });
    this.scheduler.poke();
    this.events.emit('helmRepository.changed', { helmRepositoryId: id });
    return toHelmRepositoryObject(row);
  }

  async update(actor: Actor, origin: RequestOrigin, id: string, input: HelmRepositoryInput): Promise<HelmRepositoryObject> {
    await this.managed.refuseHandEdit('HelmRepository', id, 'edit', actor);
    return this.write(actor, origin, id, input, {});
  }

  /**
   * Sets or clears what the hub holds instead of Flux's Secrets (secretRef's credentials, certSecretRef's CA
   * and client certificate), keeping the spec as stored. Allowed on a HelmRepository a FleetSync manages: its
   * YAML names no Secret the hub could read, and a sync keeps what is set here.
   */
  async setCredentials(actor: Actor, origin: RequestOrigin, id: string, given: HelmRepositorySecretsInput): Promise<HelmRepositoryObject> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    requireHubHeldChange(given, 'credentials');
    const { credentials, clearCredentials, tls, clearTls } = given;
    const input: HelmRepositoryInput = {
      ...storedInput(row),
      ...(credentials ? { credentials } : {}),
      ...(clearCredentials ? { clearCredentials } : {}),
      ...(tls ? { tls } : {}),
      ...(clearTls ? { clearTls } : {}),
    };
    return this.write(actor, origin, id, input, { credentialsOnly: true });
  }

  /**
   * `flux suspend|resume source helm`: spec.suspend alone, the rest as stored. Allowed on a HelmRepository a
   * FleetSync manages, as `flux suspend` is on an object applied from git.
   */
  async setSuspended(actor: Actor, origin: RequestOrigin, id: string, suspend: boolean): Promise<void> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    await this.write(actor, origin, id, { ...storedInput(row), suspend }, { suspendOnly: true });
  }

  private async write(actor: Actor, origin: RequestOrigin, id: string, input: HelmRepositoryInput, audit: Record<string, Prisma.InputJsonValue>): Promise<HelmRepositoryObject> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    const v = validateUpdate(input, row);
    if (v.namespace !== row.namespace || v.name !== row.name) throw badInput('name', 'namespace and name cannot change; create a new HelmRepository');
    const bump = row.type !== v.type || row.url !== v.url || row.insecure !== v.insecure || row.interval !== v.interval || row.timeout !== v.timeout || row.passCredentials !== v.passCredentials;
    const credentials = v.credentials
      ? { sealed: sealImageCredentials(this.box, v.credentials, helmCredentialsContext(id)), kind: imageCredentialsKind(v.credentials) }
      : input.clearCredentials
        ? { sealed: null, kind: null }
        : undefined;
    // A docker config is for a registry: a move to type default must replace or clear it.
    if (v.type === 'default' && (credentials ? credentials.kind : row.credentialsKind) === 'dockerconfigjson')
      throw badInput('credentials', 'credentials: the stored docker config is for type oci; give a username and password or clearCredentials');
    const tls = registryTlsUpdate(this.box, helmTlsContext(id), row.tlsSealed, v.tls, input.clearTls);
    if (tls === undefined && row.tlsSealed && (v.insecure || (v.type === 'default' && new URL(v.url).protocol !== 'https:')))
      throw badInput('tls', 'tls: the stored CA or client certificate needs HTTPS; give clearTls to remove it');
    const updated = await this.repo.update(
      id,
      { type: v.type, url: v.url, insecure: v.insecure, interval: v.interval, timeout: v.timeout, passCredentials: v.passCredentials, suspend: v.suspend, ...(v.labels ? { labels: v.labels } : {}) },
      { bumpGeneration: bump, dueNow: credentials !== undefined || tls !== undefined || (row.suspend && !v.suspend), ...(credentials ? { credentials } : {}), ...(tls ? { tls } : {}) },
    );
    await this.audit.record(actor, origin, 'helmrepository.update', { type: 'helmrepository', id }, {
      namespace: row.namespace,
      name: row.name,
      url: v.url,
      credentialsKind: updated.credentialsKind,
      tlsKind: updated.tlsKind,
      generationBumped: bump,
      ...audit,
    });
    this.scheduler.poke();
    this.events.emit('helmRepository.changed', { helmRepositoryId: id });
    return toHelmRepositoryObject(updated);
  }

  /**
   * The HelmRepository as an update with `input` would store it, nothing written (a change proposed in git is
   * exported from it): the update's checks, credentials and TLS aside (the caller refuses them).
   */
  async asUpdated(id: string, input: HelmRepositoryInput): Promise<{ current: HelmRepositoryObject; after: HelmRepositoryObject }> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    const v = validateUpdate(input, row);
    if (v.namespace !== row.namespace || v.name !== row.name) throw badInput('name', 'namespace and name cannot change; create a new HelmRepository');
    const { type, url, insecure, interval, timeout, passCredentials, suspend } = v;
    return { current: toHelmRepositoryObject(row), after: toHelmRepositoryObject({ ...row, type, url, insecure, interval, timeout, passCredentials, suspend, ...(v.labels ? { labels: v.labels } : {}) }) };
  }

  /** CONFLICT while a hub HelmRelease takes its chart from it. */
  async delete(actor: Actor, origin: RequestOrigin, id: string): Promise<boolean> {
    await this.managed.refuseHandEdit('HelmRepository', id, 'delete', actor);
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    const users = await this.releases.usingRepository('HelmRepository', row.namespace, row.name);
    if (users.length > 0) throw new DomainError('SOURCE_IN_USE', `HelmRepository ${row.namespace}/${row.name} is used by HelmRelease ${users.map((u) => `${u.namespace}/${u.name}`).join(', ')}`);
    await this.repo.delete(id);
    await this.audit.record(actor, origin, 'helmrepository.delete', { type: 'helmrepository', id }, { namespace: row.namespace, name: row.name });
    this.events.emit('helmRepository.changed', { helmRepositoryId: id });
    return true;
  }

  /** `flux reconcile source helm`: fetched at once by whichever replica claims it. */
  async requestReconcile(actor: Actor, origin: RequestOrigin, id: string): Promise<boolean> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    await this.repo.requestReconcile(id, this.clock.now());
    await this.audit.record(actor, origin, 'helmrepository.reconcile', { type: 'helmrepository', id }, { namespace: row.namespace, name: row.name });
    this.scheduler.poke();
    return true;
  }
}
