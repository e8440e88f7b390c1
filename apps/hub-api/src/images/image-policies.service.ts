import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import { durationMs, parseGoDuration } from '@flotilla/reconcile-core';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { canonicalJson } from '../common/canonical-json.js';
import { labelMap } from '../common/label-map.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { HubEvents } from '../common/hub-events.js';
import { IdGenerator } from '../common/id-generator.js';
import { JsonLogger } from '../common/logger.js';
import type { ImagePolicyInput, ImagePolicyPreviewInput } from './dto/image-policy.inputs.js';
import type { ImagePolicyObject, ImagePolicyPreviewObject } from './dto/image-policy.object.js';
import { ImagePoliciesRepository, type ImagePolicyRow } from './image-policies.repository.js';
import { evaluateImagePolicy, type PolicyRepository } from './image-policy.evaluate.js';
import { policySpecOf, policyWriteOf, storedPolicyStatus, toImagePolicyObject } from './image-policy.mapper.js';
import { validateImagePolicyInput, validateImagePolicySpec } from './image-policy.validation.js';
import { validNamespace } from '../sources/git-repository.validation.js';
import { ImageRegistryAccess } from './image-registry-access.js';
import { ImageRepositoriesRepository, type ImageRepositoryRow } from './image-repositories.repository.js';
import { storedScanStatus } from './image-repository.mapper.js';
import { ManagedByGit } from '../fleet-sync/managed-by-git.js';

const notFound = (): DomainError => new DomainError('IMAGE_OBJECT_NOT_FOUND', 'no such ImagePolicy');

/**
 * ImagePolicies: CRUD, and their evaluation whenever their own spec or their repository's tags change
 * (the policy's status is a function of both, so nothing else needs to trigger it).
 */
@Injectable()
export class ImagePoliciesService implements OnModuleInit, OnModuleDestroy {
  private readonly unsubscribe: (() => void)[] = [];
  /** One evaluation at a time per policy, so statuses are written in order. */
  private readonly queue = new Map<string, Promise<unknown>>();

  constructor(
    private readonly repo: ImagePoliciesRepository,
    private readonly repositories: ImageRepositoriesRepository,
    private readonly registry: ImageRegistryAccess,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: HubEvents,
    private readonly log: JsonLogger,
    private readonly managed: ManagedByGit,
  ) {}

  onModuleInit(): void {
    const reevaluate = (p: { namespace: string; name: string }): void => {
      void this.evaluateForRepository(p.namespace, p.name).catch((err: unknown) => this.log.error('image policy evaluation failed', { error: String(err) }));
    };
    this.unsubscribe.push(this.events.on('imageRepository.scanned', reevaluate), this.events.on('imageRepository.changed', reevaluate));
  }

  onModuleDestroy(): void {
    for (const off of this.unsubscribe) off();
  }

  async list(): Promise<ImagePolicyObject[]> {
    return (await this.repo.list()).map(toImagePolicyObject);
  }

  async get(id: string): Promise<ImagePolicyObject | null> {
    const row = await this.repo.findById(id);
    return row ? toImagePolicyObject(row) : null;
  }

  /** The policies that have chosen a tag, as `ns:name` → latestRef (what setter markers name). */
  async latestRefs(): Promise<Map<string, { row: ImagePolicyRow; ref: NonNullable<ReturnType<typeof storedPolicyStatus>['latestRef']> }>> {
    const out = new Map<string, { row: ImagePolicyRow; ref: NonNullable<ReturnType<typeof storedPolicyStatus>['latestRef']> }>();
    for (const row of await this.repo.list()) {
      const ref = storedPolicyStatus(row).latestRef;
      if (ref) out.set(`${row.namespace}:${row.name}`, { row, ref });
    }
    return out;
  }

  async create(actor: Actor, origin: RequestOrigin, input: ImagePolicyInput): Promise<ImagePolicyObject> {
    const v = validateImagePolicyInput(input);
    const id = this.ids.id();
    const row = await this.repo.create({ id, namespace: v.namespace, name: v.name, labels: v.labels, ...policyWriteOf(v.spec) });
    if (!row) throw new DomainError('NAME_TAKEN', `an ImagePolicy ${v.namespace}/${v.name} exists already`);
    await this.audit.record(actor, origin, 'imagePolicy.create', { type: 'imagePolicy', id }, { namespace: v.namespace, name: v.name, spec: v.spec as Prisma.InputJsonObject });
    return toImagePolicyObject(await this.evaluate(id));
  }

  async update(actor: Actor, origin: RequestOrigin, id: string, input: ImagePolicyInput): Promise<ImagePolicyObject> {
    await this.managed.refuseHandEdit('ImagePolicy', id, 'edit', actor);
    const v = validateImagePolicyInput(input);
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (v.namespace !== row.namespace || v.name !== row.name) throw new DomainError('BAD_USER_INPUT', 'namespace and name cannot change; create a new ImagePolicy', v.namespace !== row.namespace ? 'namespace' : 'name');
    const bump = canonicalJson(policySpecOf(row)) !== canonicalJson(v.spec);
    await this.repo.update(id, { labels: v.labels, ...policyWriteOf(v.spec) }, bump);
    await this.audit.record(actor, origin, 'imagePolicy.update', { type: 'imagePolicy', id }, { namespace: v.namespace, name: v.name, labels: v.labels, spec: v.spec as Prisma.InputJsonObject, generationBumped: bump });
    const evaluated = toImagePolicyObject(await this.evaluate(id));
    // Labels decide which automations read this policy; they run again even when the latest ref stayed.
    if (canonicalJson(labelMap(row.labels)) !== canonicalJson(v.labels)) this.events.emit('imagePolicy.changed', { imagePolicyId: id });
    return evaluated;
  }

  /** The ImagePolicy as an update with `input` would store it, nothing written (a change proposed in git is exported from it). */
  async asUpdated(id: string, input: ImagePolicyInput): Promise<{ current: ImagePolicyObject; after: ImagePolicyObject }> {
    const v = validateImagePolicyInput(input);
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (v.namespace !== row.namespace || v.name !== row.name) throw new DomainError('BAD_USER_INPUT', 'namespace and name cannot change; create a new ImagePolicy', v.namespace !== row.namespace ? 'namespace' : 'name');
    // The written JSON values read back as they are written.
    const asRow = { ...row, labels: v.labels, ...policyWriteOf(v.spec) } as ImagePolicyRow;
    return { current: toImagePolicyObject(row), after: toImagePolicyObject(asRow) };
  }

  async delete(actor: Actor, origin: RequestOrigin, id: string): Promise<boolean> {
    await this.managed.refuseHandEdit('ImagePolicy', id, 'delete', actor);
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    await this.repo.delete(id);
    await this.audit.record(actor, origin, 'imagePolicy.delete', { type: 'imagePolicy', id }, { namespace: row.namespace, name: row.name });
    this.events.emit('imagePolicy.changed', { imagePolicyId: id });
    return true;
  }

  async evaluateForRepository(namespace: string, name: string): Promise<void> {
    const policies = await this.repo.listForRepository(namespace, name);
    await Promise.all(policies.map((p) => this.evaluate(p.id)));
  }

  /** Evaluates one policy now (after any evaluation of it already running) and stores its status. */
  evaluate(id: string): Promise<ImagePolicyRow> {
    const previous = this.queue.get(id) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.evaluateNow(id));
    this.queue.set(id, next);
    void next.finally(() => {
      if (this.queue.get(id) === next) this.queue.delete(id);
    }).catch(() => undefined);
    return next;
  }

  /** Which tag a policy would pick now, without storing it or asking the registry for a digest. */
  async preview(input: ImagePolicyPreviewInput): Promise<ImagePolicyPreviewObject> {
    const namespace = validNamespace(input.namespace, 'namespace');
    const spec = validateImagePolicySpec({ imageRepositoryRef: input.imageRepositoryRef, policy: input.policy, filterTags: input.filterTags ?? null }, namespace);
    const refNamespace = spec.imageRepositoryRef.namespace ?? namespace;
    const { repository } = await this.policyRepository(refNamespace, spec.imageRepositoryRef.name);
    const outcome = await evaluateImagePolicy({
      spec,
      repositoryRef: `${refNamespace}/${spec.imageRepositoryRef.name}`,
      repository,
      previous: {},
      generation: 0,
      now: this.clock.now(),
      resolveDigest: () => Promise.reject(new Error('a preview does not resolve digests')),
    });
    return {
      tag: outcome.reason === 'Succeeded' ? (outcome.status.latestRef?.tag ?? null) : null,
      message: outcome.status.conditions?.find((c) => c.type === 'Ready')?.message ?? '',
      tagCount: repository.found && repository.tags ? repository.tags.length : null,
    };
  }

  private async policyRepository(namespace: string, name: string): Promise<{ repoRow: ImageRepositoryRow | null; repository: PolicyRepository; timeoutMs: number }> {
    const repoRow = await this.repositories.findByName(namespace, name);
    let repository: PolicyRepository = { found: false };
    if (repoRow) {
      const scan = storedScanStatus(repoRow);
      const ready = scan.conditions?.find((c) => c.type === 'Ready');
      repository = { found: true, image: repoRow.image, ready: ready?.status === 'True', readyMessage: ready?.message ?? 'not scanned yet', tags: await this.repositories.tags(repoRow.id) };
    }
    const d = parseGoDuration(repoRow?.timeout ?? repoRow?.interval ?? '1m');
    return { repoRow, repository, timeoutMs: d.ok ? durationMs(d.value) : 60_000 };
  }

  private async evaluateNow(id: string): Promise<ImagePolicyRow> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    if (row.suspend) return row;
    const { repoRow, repository, timeoutMs } = await this.policyRepository(row.repositoryNamespace, row.repositoryName);
    const outcome = await evaluateImagePolicy({
      spec: policySpecOf(row),
      repositoryRef: `${row.repositoryNamespace}/${row.repositoryName}`,
      repository,
      previous: storedPolicyStatus(row),
      generation: row.generation,
      now: this.clock.now(),
      resolveDigest: (tag) => this.registry.digest(repoRow!, tag, timeoutMs),
    });
    const stored = await this.repo.setStatus(id, row.generation, outcome.status as Prisma.InputJsonObject);
    if (!stored) return (await this.repo.findById(id)) ?? row;
    if (canonicalJson(row.status) !== canonicalJson(stored.status)) this.events.emit('imagePolicy.changed', { imagePolicyId: id });
    return stored;
  }
}
