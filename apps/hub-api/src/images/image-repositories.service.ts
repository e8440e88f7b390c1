import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { HubEvents } from '../common/hub-events.js';
import { IdGenerator } from '../common/id-generator.js';
import type { SecretBox } from '../common/secret-box.js';
import { SECRET_BOX, SOURCE_URL_POLICY } from '../sources/sources.providers.js';
import { policyRefusal, type SourceUrlPolicy } from '../sources/git/source-url-policy.js';
import type { ImageRepositoryInput, ImageRepositorySecretsInput } from './dto/image-repository.inputs.js';
import type { ImageRepositoryObject } from './dto/image-repository.object.js';
import { imageCredentialsKind, sealImageCredentials } from './image-credentials.sealed.js';
import { requireHubHeldChange } from '../common/hub-held-secrets.js';
import { ImageRepositoriesRepository, type ImageRepositoryRow, type ImageRepositoryWrite } from './image-repositories.repository.js';
import { toImageRepositoryObject } from './image-repository.mapper.js';
import { validateImageRepositoryInput, type ValidImageRepositoryInput } from './image-repository.validation.js';
import { ImageScanScheduler } from './image-scan-scheduler.js';
import { ManagedByGit } from '../fleet-sync/managed-by-git.js';

const notFound = (): DomainError => new DomainError('IMAGE_OBJECT_NOT_FOUND', 'no such ImageRepository');

/** The input that writes the row back as stored (the credentials are kept when not given). */
const storedInput = (row: ImageRepositoryRow): ImageRepositoryInput => ({
  namespace: row.namespace,
  name: row.name,
  image: row.image,
  interval: row.interval,
  timeout: row.timeout,
  exclusionList: row.exclusionList,
  insecure: row.insecure,
  suspend: row.suspend,
});

const writeOf = (v: ValidImageRepositoryInput): ImageRepositoryWrite => ({
  image: v.spec.image,
  interval: v.spec.interval,
  timeout: v.spec.timeout ?? null,
  exclusionList: v.spec.exclusionList,
  insecure: v.spec.insecure ?? false,
  suspend: v.spec.suspend ?? false,
});

const specChanged = (row: ImageRepositoryRow, w: ImageRepositoryWrite): boolean =>
  row.image !== w.image ||
  row.interval !== w.interval ||
  row.timeout !== w.timeout ||
  row.insecure !== w.insecure ||
  JSON.stringify(row.exclusionList) !== JSON.stringify(w.exclusionList);

/** Audit details: the spec and which kind of credentials, never their values. */
function auditDetails(v: ValidImageRepositoryInput, extra: Record<string, Prisma.InputJsonValue> = {}): Prisma.InputJsonObject {
  return {
    namespace: v.namespace,
    name: v.name,
    image: v.spec.image,
    interval: v.spec.interval,
    insecure: v.spec.insecure ?? false,
    suspend: v.spec.suspend ?? false,
    ...(v.credentials ? { credentialsKind: imageCredentialsKind(v.credentials) } : {}),
    ...extra,
  };
}

@Injectable()
export class ImageRepositoriesService {
  constructor(
    private readonly repo: ImageRepositoriesRepository,
    private readonly scheduler: ImageScanScheduler,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    @Inject(SOURCE_URL_POLICY) private readonly policy: SourceUrlPolicy,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: HubEvents,
    private readonly managed: ManagedByGit,
  ) {}

  async list(): Promise<ImageRepositoryObject[]> {
    return (await this.repo.list()).map(toImageRepositoryObject);
  }

  async get(id: string): Promise<ImageRepositoryObject | null> {
    const row = await this.repo.findById(id);
    return row ? toImageRepositoryObject(row) : null;
  }

  /** The tags the last successful scan stored (empty before the first), in the registry's order. */
  async tags(id: string): Promise<string[]> {
    return (await this.repo.tags(id)) ?? [];
  }

  /** An address the policy refuses is refused at once; names are resolved when scanned. */
  private checkPolicy(v: ValidImageRepositoryInput): void {
    const url = new URL(`${v.spec.insecure ? 'http' : 'https'}://${v.imageName.registry}`);
    if (this.policy.checkHost(url) === 'refused') {
      throw new DomainError('BAD_USER_INPUT', `image: ${policyRefusal}; an admin can allow internal hosts with FLOTILLA_SOURCE_ALLOW_HOSTS`, 'image');
    }
  }

  async create(actor: Actor, origin: RequestOrigin, input: ImageRepositoryInput): Promise<ImageRepositoryObject> {
    if (input.clearCredentials) throw new DomainError('BAD_USER_INPUT', 'clearCredentials applies to updates only', 'clearCredentials');
    const v = validateImageRepositoryInput(input);
    this.checkPolicy(v);
    const id = this.ids.id();
    const row = await this.repo.create({
      id,
      namespace: v.namespace,
      name: v.name,
      ...writeOf(v),
      credentialsSealed: v.credentials ? sealImageCredentials(this.box, v.credentials, `imageRepository:${id}`) : null,
      credentialsKind: v.credentials ? imageCredentialsKind(v.credentials) : null,
    });
    if (!row) throw new DomainError('NAME_TAKEN', `an ImageRepository ${v.namespace}/${v.name} exists already`);
    await this.audit.record(actor, origin, 'imageRepository.create', { type: 'imageRepository', id }, auditDetails(v));
    this.events.emit('imageRepository.changed', { imageRepositoryId: id, namespace: row.namespace, name: row.name });
    this.scheduler.poke();
    return toImageRepositoryObject(row);
  }

  async update(actor: Actor, origin: RequestOrigin, id: string, input: ImageRepositoryInput): Promise<ImageRepositoryObject> {
    await this.managed.refuseHandEdit('ImageRepository', id, 'edit', actor);
    return this.write(actor, origin, id, input, {});
  }

  /**
   * Sets or clears the registry credentials the hub holds instead of Flux's secretRef, keeping the spec as
   * stored. Allowed on an ImageRepository a FleetSync manages: its YAML names no Secret the hub could read, and
   * a sync keeps what is set here.
   */
  async setCredentials(actor: Actor, origin: RequestOrigin, id: string, given: ImageRepositorySecretsInput): Promise<ImageRepositoryObject> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    requireHubHeldChange(given, 'credentials');
    const input: ImageRepositoryInput = {
      ...storedInput(row),
      ...(given.credentials ? { credentials: given.credentials } : {}),
      ...(given.clearCredentials ? { clearCredentials: true } : {}),
    };
    return this.write(actor, origin, id, input, { credentialsOnly: true });
  }

  /**
   * The ImageRepository as an update with `input` would store it, nothing written (a change proposed in git is
   * exported from it): the update's checks, credentials aside (the caller refuses them). `timeoutDefaulted` says
   * where no timeout was given, so that the object's timeout is Flux's default (the interval), not a set value.
   */
  async asUpdated(id: string, input: ImageRepositoryInput): Promise<{ current: ImageRepositoryObject; after: ImageRepositoryObject; timeoutDefaulted: { current: boolean; after: boolean } }> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    const v = validateImageRepositoryInput(input);
    if (v.namespace !== row.namespace) throw new DomainError('BAD_USER_INPUT', 'namespace cannot change; create a new ImageRepository', 'namespace');
    if (v.name !== row.name) throw new DomainError('BAD_USER_INPUT', 'name cannot change; create a new ImageRepository', 'name');
    const w = writeOf(v);
    if (w.image !== row.image || w.insecure !== row.insecure) this.checkPolicy(v);
    return { current: toImageRepositoryObject(row), after: toImageRepositoryObject({ ...row, ...w }), timeoutDefaulted: { current: row.timeout === null, after: w.timeout === null } };
  }

  /**
   * `flux suspend|resume image repository`: spec.suspend alone, the rest as stored. Allowed on an ImageRepository
   * a FleetSync manages, as `flux suspend` is on an object applied from git.
   */
  async setSuspended(actor: Actor, origin: RequestOrigin, id: string, suspend: boolean): Promise<void> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    await this.write(actor, origin, id, { ...storedInput(row), suspend }, { suspendOnly: true });
  }

  private async write(actor: Actor, origin: RequestOrigin, id: string, input: ImageRepositoryInput, audit: Record<string, Prisma.InputJsonValue>): Promise<ImageRepositoryObject> {
    const v = validateImageRepositoryInput(input);
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (v.namespace !== row.namespace) throw new DomainError('BAD_USER_INPUT', 'namespace cannot change; create a new ImageRepository', 'namespace');
    if (v.name !== row.name) throw new DomainError('BAD_USER_INPUT', 'name cannot change; create a new ImageRepository', 'name');
    const w = writeOf(v);
    if (w.image !== row.image || w.insecure !== row.insecure) this.checkPolicy(v);
    const bump = specChanged(row, w);
    const credentials = v.credentials
      ? { sealed: sealImageCredentials(this.box, v.credentials, `imageRepository:${id}`), kind: imageCredentialsKind(v.credentials) }
      : input.clearCredentials
        ? { sealed: null, kind: null }
        : undefined;
    // New credentials or a resume are not a new generation but deserve a scan now.
    const updated = await this.repo.update(id, w, { bumpGeneration: bump, dueNow: Boolean(credentials) || (row.suspend && !w.suspend), ...(credentials ? { credentials } : {}) });
    await this.audit.record(actor, origin, 'imageRepository.update', { type: 'imageRepository', id }, auditDetails(v, { ...audit, ...(input.clearCredentials ? { credentialsCleared: true } : {}), generationBumped: bump }));
    this.events.emit('imageRepository.changed', { imageRepositoryId: id, namespace: row.namespace, name: row.name });
    this.scheduler.poke();
    return toImageRepositoryObject(updated);
  }

  async delete(actor: Actor, origin: RequestOrigin, id: string): Promise<boolean> {
    await this.managed.refuseHandEdit('ImageRepository', id, 'delete', actor);
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    await this.repo.delete(id);
    await this.audit.record(actor, origin, 'imageRepository.delete', { type: 'imageRepository', id }, { namespace: row.namespace, name: row.name });
    this.events.emit('imageRepository.changed', { imageRepositoryId: id, namespace: row.namespace, name: row.name });
    return true;
  }

  /** `flux reconcile image repository`: scan now, besides the interval. Returns the request time. */
  async requestScan(actor: Actor, origin: RequestOrigin, id: string): Promise<Date> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (row.suspend) throw new DomainError('BAD_USER_INPUT', `ImageRepository ${row.namespace}/${row.name} is suspended; resume it first`, 'id');
    const at = this.clock.now();
    await this.repo.requestScan(id, at);
    await this.audit.record(actor, origin, 'imageRepository.scan', { type: 'imageRepository', id }, { namespace: row.namespace, name: row.name });
    this.scheduler.poke();
    return at;
  }
}
