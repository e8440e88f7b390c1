import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import { receiverSpec, type ReceiverType } from '@flotilla/protocol/flux';
import type { Actor, RequestOrigin } from '../../auth/actor.js';
import { AuditService } from '../../audit/audit.service.js';
import { Clock } from '../../common/clock.js';
import { badInput, DomainError } from '../../common/domain-error.js';
import { ManagedByGit } from '../../fleet-sync/managed-by-git.js';
import { FailureThrottle } from '../../common/failure-throttle.js';
import { HubEvents } from '../../common/hub-events.js';
import { IdGenerator } from '../../common/id-generator.js';
import { labelList, labelMap } from '../../common/label-map.js';
import { JsonLogger } from '../../common/logger.js';
import { validLabels } from '../../clusters/cluster-input.validation.js';
import type { SecretBox } from '../../common/secret-box.js';
import { ImageRepositoriesRepository } from '../../images/image-repositories.repository.js';
import { ImageScanScheduler } from '../../images/image-scan-scheduler.js';
import { KustomizationsRepository } from '../../kustomizations/kustomizations.repository.js';
import { GitRepositoriesRepository } from '../../sources/git-repositories.repository.js';
import { SourceScheduler } from '../../sources/source-scheduler.js';
import { SECRET_BOX } from '../../sources/sources.providers.js';
import { validNamespace, validObjectName } from '../../sources/git-repository.validation.js';
import type { ReceiverInput } from '../dto/receiver.input.js';
import type { ReceiverObject, ReceiverWithTokenObject } from '../dto/receiver.object.js';
import { RECEIVER_HUB_KINDS, resourceSelects, type ReceiverResourceRef } from './resource-match.js';
import { NotificationsRepository } from '../notifications.repository.js';
import { uniqueName } from '../unique-name.js';
import { validSecretRefName } from '../notifications.validation.js';
import { ReceiversRepository, type ReceiverRow, type ReceiverWrite } from './receivers.repository.js';
import { verifyReceiverRequest } from './verify-request.js';
import { webhookPath } from './webhook-path.js';

const notFound = (): DomainError => new DomainError('RECEIVER_NOT_FOUND', 'no such Receiver');
const tokenContext = (id: string): string => `receiver:${id}`;
/** How long a delivery id is remembered to refuse replays. */
const REPLAY_WINDOW_MS = 24 * 60 * 60_000;

/** What a webhook request came to, as the controller answers it. */
export type HookAnswer =
  | { status: 200; body: { status: string; reconciled?: number } }
  | { status: 401 | 400 | 404 | 409 | 429 | 503; body: { error: string }; retryAfterSeconds?: number };

export function toReceiverObject(row: ReceiverRow): ReceiverObject {
  const resources = row.resources as unknown as ReceiverResourceRef[];
  return {
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    type: row.type,
    events: row.events,
    resources: resources.map((r) => ({
      kind: r.kind,
      name: r.name,
      namespace: r.namespace ?? null,
      matchLabels: labelList(r.matchLabels),
    })),
    suspend: row.suspend,
    gcrAudience: row.gcrAudience,
    gcrEmail: row.gcrEmail,
    webhookPath: row.webhookPath,
    secretRefName: row.secretRefName,
    lastReceivedAt: row.lastReceivedAt,
    createdAt: row.createdAt,
  };
}

export interface ValidReceiverInput {
  namespace: string;
  name: string;
  type: ReceiverType;
  events: string[];
  resources: ReceiverResourceRef[];
  suspend: boolean;
  gcrAudience: string | null;
  gcrEmail: string | null;
  /** undefined keeps the stored name. */
  secretRefName?: string | null;
}

/** The stored spec of a valid input: the same for a create and an update. */
const specWrite = ({ namespace: _ns, name: _n, resources, ...spec }: ValidReceiverInput): ReceiverWrite => ({
  ...spec,
  resources: resources as unknown as Prisma.InputJsonValue,
});

export function validateReceiverInput(input: ReceiverInput): ValidReceiverInput {
  const namespace = validNamespace(input.namespace, 'namespace');
  const name = validObjectName(input.name, 'name');
  const parsed = receiverSpec.omit({ secretRef: true, interval: true }).safeParse({
    type: input.type,
    events: input.events ?? [],
    resources: input.resources.map((r, i) => ({
      kind: r.kind,
      name: r.name,
      ...(r.namespace ? { namespace: r.namespace } : {}),
      ...(r.matchLabels?.length ? { matchLabels: validLabels(r.matchLabels, `resources.${i}.matchLabels`) } : {}),
    })),
    suspend: input.suspend ?? false,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || 'input';
    throw badInput(field, `${field}: ${issue?.message ?? 'invalid'}`);
  }
  parsed.data.resources.forEach((r, i) => {
    if (!(RECEIVER_HUB_KINDS as readonly string[]).includes(r.kind))
      throw badInput(
        `resources.${i}.kind`,
        `resources.${i}.kind: the hub reconciles ${RECEIVER_HUB_KINDS.slice(0, -1).join(', ')} and ${RECEIVER_HUB_KINDS.at(-1)}`,
      );
    if (r.name !== '*') validObjectName(r.name, `resources.${i}.name`);
    if (r.namespace !== undefined) validNamespace(r.namespace, `resources.${i}.namespace`);
  });
  return {
    namespace,
    name,
    type: parsed.data.type,
    events: parsed.data.events ?? [],
    resources: parsed.data.resources as ReceiverResourceRef[],
    suspend: parsed.data.suspend ?? false,
    ...validGcrIdentity(parsed.data.type, input),
    ...(input.secretRefName === undefined ? {} : { secretRefName: validSecretRefName(input.secretRefName, 'secretRefName') }),
  };
}

/** A service account email as Google issues them; the check only keeps out what cannot be one. */
const EMAIL = /^[^\s@]{1,200}@[^\s@]{1,253}$/;

/** Flux needs both for gcr (its secret's `audience` and `email`); other types have neither. */
function validGcrIdentity(
  type: ReceiverType,
  input: ReceiverInput,
): { gcrAudience: string | null; gcrEmail: string | null } {
  const audience = input.gcrAudience?.trim() ?? '';
  const email = input.gcrEmail?.trim() ?? '';
  if (type !== 'gcr') {
    if (audience || email)
      throw badInput(audience ? 'gcrAudience' : 'gcrEmail', 'gcrAudience and gcrEmail are for gcr Receivers');
    return { gcrAudience: null, gcrEmail: null };
  }
  if (!audience || audience.length > 2048)
    throw badInput(
      'gcrAudience',
      'gcrAudience: the push subscription’s token audience (at most 2048 characters)',
    );
  if (!EMAIL.test(email))
    throw badInput('gcrEmail', 'gcrEmail: the push subscription’s service account email');
  return { gcrAudience: audience, gcrEmail: email };
}

/**
 * Receivers: webhooks that reconcile at once what would otherwise wait for its interval. The token is generated
 * here (256 bits) and shown once; it is sealed at rest because signature checks need it, and the webhook path is
 * derived from it as Flux derives it. Requests that fail a check count against the sender's address in a
 * failure throttle, so guessing paths or signatures is slow.
 */
@Injectable()
export class ReceiversService {
  private readonly throttle: FailureThrottle;

  constructor(
    private readonly repo: ReceiversRepository,
    private readonly notifications: NotificationsRepository,
    private readonly sources: GitRepositoriesRepository,
    private readonly scheduler: SourceScheduler,
    private readonly kustomizations: KustomizationsRepository,
    private readonly imageRepositories: ImageRepositoriesRepository,
    private readonly imageScans: ImageScanScheduler,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly events: HubEvents,
    private readonly log: JsonLogger,
    private readonly managed: ManagedByGit,
  ) {
    this.throttle = new FailureThrottle(clock, { windowMs: 60_000, maxFailures: 30, maxTracked: 10_000 });
  }

  private newToken(
    id: string,
    namespace: string,
    name: string,
  ): { token: string; sealed: string; webhookPath: string } {
    const token = randomBytes(32).toString('hex');
    return {
      token,
      sealed: this.box.seal(token, tokenContext(id)),
      webhookPath: webhookPath(token, name, namespace),
    };
  }

  async list(): Promise<ReceiverObject[]> {
    return (await this.repo.list()).map(toReceiverObject);
  }

  async get(id: string): Promise<ReceiverObject | null> {
    const row = await this.repo.findById(id);
    return row ? toReceiverObject(row) : null;
  }

  /** The Receiver as an update with `input` would store it, nothing written (a change proposed in git is exported from it). */
  async asUpdated(id: string, input: ReceiverInput): Promise<{ current: ReceiverObject; after: ReceiverObject }> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    const v = validateReceiverInput(input);
    // The written JSON values read back as they are written.
    const asRow = { ...row, namespace: v.namespace, name: v.name, ...specWrite(v) } as ReceiverRow;
    return { current: toReceiverObject(row), after: toReceiverObject(asRow) };
  }

  async create(actor: Actor, origin: RequestOrigin, input: ReceiverInput): Promise<ReceiverWithTokenObject> {
    const v = validateReceiverInput(input);
    const id = this.ids.id();
    const token = this.newToken(id, v.namespace, v.name);
    const row = await uniqueName('Receiver', v, () =>
      this.repo.create(id, v.namespace, v.name, { ...specWrite(v), token }),
    );
    await this.audit.record(
      actor,
      origin,
      'receiver.create',
      { type: 'receiver', id },
      { namespace: v.namespace, name: v.name, type: v.type },
    );
    return { receiver: toReceiverObject(row), token: token.token };
  }

  /** Replaces the spec. The path depends on the name and namespace, so renaming issues a new token too. */
  async update(
    actor: Actor,
    origin: RequestOrigin,
    id: string,
    input: ReceiverInput,
  ): Promise<ReceiverObject> {
    await this.managed.refuseHandEdit('Receiver', id, 'edit', actor);
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    const v = validateReceiverInput(input);
    if (v.namespace !== row.namespace || v.name !== row.name)
      throw badInput(
        'name',
        'a Receiver cannot be renamed (its webhook path depends on the name); create another',
      );
    const updated = await this.repo.update(id, v.namespace, v.name, specWrite(v));
    await this.audit.record(
      actor,
      origin,
      'receiver.update',
      { type: 'receiver', id },
      { namespace: v.namespace, name: v.name, type: v.type },
    );
    return toReceiverObject(updated);
  }

  /**
   * `flux suspend|resume receiver`: spec.suspend alone (a suspended Receiver answers 503). Allowed on a Receiver
   * a FleetSync manages, as `flux suspend` is on an object applied from git.
   */
  async setSuspended(actor: Actor, origin: RequestOrigin, id: string, suspend: boolean): Promise<void> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    await this.repo.setSuspend(id, suspend);
    await this.audit.record(actor, origin, suspend ? 'receiver.suspend' : 'receiver.resume', { type: 'receiver', id }, { namespace: row.namespace, name: row.name });
  }

  async rotateToken(actor: Actor, origin: RequestOrigin, id: string): Promise<ReceiverWithTokenObject> {
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    const token = this.newToken(id, row.namespace, row.name);
    const updated = await this.repo.update(id, row.namespace, row.name, {
      type: row.type,
      events: row.events,
      resources: row.resources as Prisma.InputJsonValue,
      suspend: row.suspend,
      gcrAudience: row.gcrAudience,
      gcrEmail: row.gcrEmail,
      token,
    });
    await this.audit.record(
      actor,
      origin,
      'receiver.rotateToken',
      { type: 'receiver', id },
      { namespace: row.namespace, name: row.name },
    );
    return { receiver: toReceiverObject(updated), token: token.token };
  }

  async delete(actor: Actor, origin: RequestOrigin, id: string): Promise<boolean> {
    await this.managed.refuseHandEdit('Receiver', id, 'delete', actor);
    const row = await this.repo.findById(id);
    if (!row) throw notFound();
    await this.repo.delete(id);
    await this.audit.record(
      actor,
      origin,
      'receiver.delete',
      { type: 'receiver', id },
      { namespace: row.namespace, name: row.name },
    );
    return true;
  }

  /**
   * One webhook request. Checked in this order, and nothing is reconciled unless every check passes: the
   * sender's failure throttle, the path, suspend, the type's signature or token, the event filter (ping and
   * events not taken are answered 200 and ignored), then a delivery id seen before (a replay, 409).
   */
  async handle(
    path: string,
    ip: string | null,
    headers: IncomingHttpHeaders,
    body: Buffer,
  ): Promise<HookAnswer> {
    const key = ip ?? '?';
    const throttled = this.throttle.check(key);
    if (throttled.retryAfterSeconds > 0) {
      if (throttled.firstRefusal)
        this.log.warn('receiver requests throttled after repeated failures', { ip });
      return {
        status: 429,
        body: { error: 'too many failed webhook requests; try again later' },
        retryAfterSeconds: throttled.retryAfterSeconds,
      };
    }
    const row = await this.repo.findByPath(path);
    if (!row) {
      this.throttle.recordFailure(key);
      return { status: 404, body: { error: 'no Receiver has this path' } };
    }
    if (row.suspend) return { status: 503, body: { error: 'the Receiver is suspended' } };
    const token = this.box.open(row.tokenSealed, tokenContext(row.id));
    const verdict = verifyReceiverRequest(
      row.type as ReceiverType,
      token,
      row.events,
      headers,
      body,
      this.clock.now(),
      row.gcrAudience && row.gcrEmail ? { audience: row.gcrAudience, email: row.gcrEmail } : null,
    );
    const receiver = `${row.namespace}/${row.name}`;
    if (verdict.outcome === 'refuse') {
      this.throttle.recordFailure(key);
      this.log.warn('receiver request refused', {
        receiver,
        status: verdict.status,
        reason: verdict.reason,
        ip,
      });
      return { status: verdict.status, body: { error: verdict.reason } };
    }
    if (verdict.outcome === 'ignore') {
      this.log.info('receiver request ignored', { receiver, reason: verdict.reason });
      return { status: 200, body: { status: `ignored: ${verdict.reason}` } };
    }
    const now = this.clock.now();
    if (
      verdict.deliveryId !== null &&
      !(await this.notifications.claimKey(
        `receiver:${row.id}:${verdict.deliveryId}`,
        now,
        new Date(now.getTime() + REPLAY_WINDOW_MS),
      ))
    ) {
      this.log.warn('receiver request replayed; ignored', { receiver, deliveryId: verdict.deliveryId });
      return { status: 409, body: { error: 'this delivery was received before' } };
    }
    this.throttle.recordSuccess(key);
    const reconciled = await this.reconcile(row, now);
    await this.repo.markReceived(row.id, now);
    this.log.info('receiver request accepted', { receiver, reconciled });
    return { status: 200, body: { status: 'accepted', reconciled } };
  }

  /** Asks for an immediate reconcile of every hub object the resources select, as `flux reconcile` would. */
  private async reconcile(row: ReceiverRow, now: Date): Promise<number> {
    const refs = row.resources as unknown as ReceiverResourceRef[];
    let count = 0;
    if (refs.some((r) => r.kind === 'GitRepository')) {
      for (const s of await this.sources.list()) {
        const obj = { namespace: s.namespace, name: s.name, labels: labelMap(s.labels) };
        if (s.suspend || !refs.some((r) => resourceSelects(r, row.namespace, 'GitRepository', obj))) continue;
        await this.sources.requestReconcile(s.id, now);
        count++;
      }
      this.scheduler.poke();
    }
    if (refs.some((r) => r.kind === 'Kustomization')) {
      for (const k of await this.kustomizations.list()) {
        const obj = { namespace: k.namespace, name: k.name, labels: labelMap(k.labels) };
        if (!refs.some((r) => resourceSelects(r, row.namespace, 'Kustomization', obj))) continue;
        if ((k.spec as { suspend?: boolean }).suspend) continue;
        await this.kustomizations.setReconcileRequested(k.id, now);
        this.events.emit('kustomization.reconcileRequested', {
          kustomizationId: k.id,
          withSource: false,
          requestedAt: now.toISOString(),
        });
        count++;
      }
    }
    // A registry's push webhook (harbor, dockerhub, quay, …) scans at once, as Flux's receiver annotates the
    // ImageRepository for an immediate reconcile. ImageRepositories carry no labels at the hub.
    if (refs.some((r) => r.kind === 'ImageRepository')) {
      for (const i of await this.imageRepositories.list()) {
        const obj = { namespace: i.namespace, name: i.name, labels: {} };
        if (i.suspend || !refs.some((r) => resourceSelects(r, row.namespace, 'ImageRepository', obj))) continue;
        await this.imageRepositories.requestScan(i.id, now);
        count++;
      }
      this.imageScans.poke();
    }
    return count;
  }
}
