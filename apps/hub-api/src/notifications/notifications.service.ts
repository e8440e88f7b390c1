import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@flotilla/prisma/client';
import type { FluxEvent } from '@flotilla/protocol/flux';
import type { Actor, RequestOrigin } from '../auth/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { badInput, DomainError } from '../common/domain-error.js';
import { IdGenerator } from '../common/id-generator.js';
import type { SecretBox } from '../common/secret-box.js';
import { SECRET_BOX } from '../sources/sources.providers.js';
import { NotificationDispatcher } from './delivery/notification-dispatcher.js';
import { sealProviderSecret } from './delivery/provider-secret.js';
import { providerTarget } from './delivery/provider-target.js';
import type { AlertInput } from './dto/alert.input.js';
import type { AlertObject } from './dto/alert.object.js';
import type { NotificationProviderInput, NotificationProviderSecretsInput } from './dto/notification-provider.input.js';
import { requireHubHeldChange } from '../common/hub-held-secrets.js';
import type {
  NotificationAttemptObject,
  NotificationProviderObject,
} from './dto/notification-provider.object.js';
import { toAlertObject, toAttemptObject, toProviderObject } from './notifications.mapper.js';
import { uniqueName } from './unique-name.js';
import {
  NotificationsRepository,
  type AlertRow,
  type AlertWrite,
  type ProviderRow,
  type ProviderWrite,
} from './notifications.repository.js';
import {
  validateAlertInput,
  validateProviderInput,
  type ValidAlertInput,
  type ValidProviderInput,
} from './notifications.validation.js';
import { providerProblem, type ProviderProblem } from './payloads/build-request.js';
import { ManagedByGit } from '../fleet-sync/managed-by-git.js';

const providerNotFound = (): DomainError =>
  new DomainError('PROVIDER_NOT_FOUND', 'no such notification Provider');
const alertNotFound = (): DomainError => new DomainError('ALERT_NOT_FOUND', 'no such Alert');

/** Audit details of a Provider: its spec and which secret keys it has, never their values. */
const providerAudit = (v: ValidProviderInput): Prisma.InputJsonObject => ({
  namespace: v.namespace,
  name: v.name,
  type: v.spec.type,
  ...(v.spec.channel ? { channel: v.spec.channel } : {}),
  ...(v.secret === null ? { secretCleared: true } : v.secret ? { secretKeys: Object.keys(v.secret) } : {}),
  ...(v.certificate === null ? { certificateCleared: true } : v.certificate ? { certificateSet: true } : {}),
});

/**
 * Providers and Alerts at the hub, fleet-wide. Secrets are sealed with the hub's SecretBox, bound to the
 * Provider's id, and only their key names leave this service.
 */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly dispatcher: NotificationDispatcher,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly ids: IdGenerator,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly managed: ManagedByGit,
  ) {}

  private problemOf(row: ProviderRow): ProviderProblem | null {
    try {
      return providerProblem(providerTarget(this.box, row));
    } catch {
      return {
        field: 'secret',
        message: 'the stored secret cannot be opened with the hub’s key; set it again',
      };
    }
  }

  private toObject(row: ProviderRow): NotificationProviderObject {
    return toProviderObject(row, this.problemOf(row));
  }

  async listProviders(): Promise<NotificationProviderObject[]> {
    return (await this.repo.listProviders()).map((r) => this.toObject(r));
  }

  async getProvider(id: string): Promise<NotificationProviderObject | null> {
    const row = await this.repo.findProvider(id);
    return row ? this.toObject(row) : null;
  }

  private write(id: string, v: ValidProviderInput): ProviderWrite {
    const { type, address, channel, username, timeout, proxy, suspend } = v.spec;
    const { secretRefName, certSecretRefName } = v;
    return {
      type,
      address: address ?? null,
      channel: channel ?? null,
      username: username ?? null,
      timeout: timeout ?? null,
      proxy: proxy ?? null,
      suspend: suspend ?? false,
      ...(secretRefName === undefined ? {} : { secretRefName }),
      ...(certSecretRefName === undefined ? {} : { certSecretRefName }),
      ...(v.certificate === undefined ? {} : { certificate: v.certificate }),
      ...(v.secret === undefined
        ? {}
        : {
            secret:
              v.secret === null ? { sealed: null, keys: [] } : sealProviderSecret(this.box, id, v.secret),
          }),
    };
  }

  async createProvider(
    actor: Actor,
    origin: RequestOrigin,
    input: NotificationProviderInput,
  ): Promise<NotificationProviderObject> {
    const v = validateProviderInput(input);
    if (v.secret === null) throw badInput('clearSecret', 'clearSecret is for updates');
    if (v.certificate === null) throw badInput('clearCertificate', 'clearCertificate is for updates');
    const id = this.ids.id();
    return this.saveProvider(actor, origin, 'create', id, v, (w) =>
      this.repo.createProvider(id, v.namespace, v.name, w),
    );
  }

  async updateProvider(
    actor: Actor,
    origin: RequestOrigin,
    id: string,
    input: NotificationProviderInput,
  ): Promise<NotificationProviderObject> {
    await this.managed.refuseHandEdit('Provider', id, 'edit', actor);
    if (!(await this.repo.findProvider(id))) throw providerNotFound();
    const v = validateProviderInput(input);
    return this.saveProvider(actor, origin, 'update', id, v, (w) =>
      this.repo.updateProvider(id, v.namespace, v.name, w),
    );
  }

  /**
   * The Provider as an update with `input` would store it, nothing written (a change proposed in git is
   * exported from it): the update's checks, the stored secret and certificates kept (the caller refuses new ones).
   */
  async providerAsUpdated(id: string, input: NotificationProviderInput): Promise<{ current: NotificationProviderObject; after: NotificationProviderObject }> {
    const row = await this.repo.findProvider(id);
    if (!row) throw providerNotFound();
    const v = validateProviderInput(input);
    const { secret: _secret, certificate: _certificate, ...spec } = this.write(id, { ...v, secret: undefined, certificate: undefined });
    return { current: this.toObject(row), after: this.toObject({ ...row, namespace: v.namespace, name: v.name, ...spec }) };
  }

  /**
   * Sets or clears what the hub holds instead of Flux's Secrets (the secret's address, token, headers and
   * proxy; certSecretRef's CA certificates), keeping the spec and the Secrets' names as stored. Allowed on a
   * Provider a FleetSync manages: its YAML names Secrets the hub never reads, and a sync keeps what is set here.
   */
  async setProviderSecret(actor: Actor, origin: RequestOrigin, id: string, given: NotificationProviderSecretsInput): Promise<NotificationProviderObject> {
    const row = await this.repo.findProvider(id);
    if (!row) throw providerNotFound();
    requireHubHeldChange(given, 'secret');
    const { secret, clearSecret, certificate, clearCertificate } = given;
    const v = validateProviderInput({
      namespace: row.namespace,
      name: row.name,
      type: row.type,
      address: row.address,
      channel: row.channel,
      username: row.username,
      timeout: row.timeout,
      proxy: row.proxy,
      suspend: row.suspend,
      ...(secret ? { secret } : {}),
      ...(clearSecret ? { clearSecret } : {}),
      ...(certificate ? { certificate } : {}),
      ...(clearCertificate ? { clearCertificate } : {}),
    });
    return this.saveProvider(actor, origin, 'update', id, v, (w) => this.repo.updateProvider(id, v.namespace, v.name, w), { credentialsOnly: true });
  }

  /**
   * `flux suspend|resume alert-provider`: spec.suspend alone. Allowed on a Provider a FleetSync manages, as
   * `flux suspend` is on an object applied from git.
   */
  async setProviderSuspended(actor: Actor, origin: RequestOrigin, id: string, suspend: boolean): Promise<void> {
    const row = await this.repo.findProvider(id);
    if (!row) throw providerNotFound();
    await this.repo.setProviderSuspend(id, suspend);
    await this.audit.record(actor, origin, suspend ? 'notificationProvider.suspend' : 'notificationProvider.resume', { type: 'notificationProvider', id }, { namespace: row.namespace, name: row.name });
  }

  /** `flux suspend|resume alert`: spec.suspend alone; allowed on an Alert a FleetSync manages. */
  async setAlertSuspended(actor: Actor, origin: RequestOrigin, id: string, suspend: boolean): Promise<void> {
    const row = await this.repo.findAlert(id);
    if (!row) throw alertNotFound();
    await this.repo.setAlertSuspend(id, suspend);
    await this.audit.record(actor, origin, suspend ? 'alert.suspend' : 'alert.resume', { type: 'alert', id }, { namespace: row.namespace, name: row.name });
  }

  /** The write, a taken name as NAME_TAKEN, and the audit entry: the same for a create and an update. */
  private async saveProvider(
    actor: Actor,
    origin: RequestOrigin,
    verb: 'create' | 'update',
    id: string,
    v: ValidProviderInput,
    save: (w: ProviderWrite) => Promise<ProviderRow>,
    extra: Prisma.InputJsonObject = {},
  ): Promise<NotificationProviderObject> {
    const row = await uniqueName('Provider', v, () => save(this.write(id, v)));
    await this.audit.record(
      actor,
      origin,
      `notificationProvider.${verb}`,
      { type: 'notificationProvider', id },
      { ...providerAudit(v), ...extra },
    );
    return this.toObject(row);
  }

  async deleteProvider(actor: Actor, origin: RequestOrigin, id: string): Promise<boolean> {
    await this.managed.refuseHandEdit('Provider', id, 'delete', actor);
    const row = await this.refuseProviderInUse(id);
    await this.repo.deleteProvider(id);
    return this.auditDelete(actor, origin, 'notificationProvider', id, row);
  }

  /** A Provider goes only once no Alert sends to it (a deletion proposed in git is refused as a hand one). */
  async refuseProviderInUse(id: string): Promise<ProviderRow> {
    const row = await this.repo.findProvider(id);
    if (!row) throw providerNotFound();
    const alerts = await this.repo.countAlertsOf(id);
    if (alerts > 0)
      throw new DomainError(
        'PROVIDER_IN_USE',
        `${alerts} Alert(s) send to Provider ${row.namespace}/${row.name}; delete or change them first`,
      );
    return row;
  }

  private async auditDelete(
    actor: Actor,
    origin: RequestOrigin,
    type: 'notificationProvider' | 'alert',
    id: string,
    row: { namespace: string; name: string },
  ): Promise<true> {
    await this.audit.record(
      actor,
      origin,
      `${type}.delete`,
      { type, id },
      {
        namespace: row.namespace,
        name: row.name,
      },
    );
    return true;
  }

  /** Queues a test message through the usual delivery path; its attempts appear in the delivery log. */
  async sendTest(actor: Actor, origin: RequestOrigin, id: string): Promise<boolean> {
    const row = await this.repo.findProvider(id);
    if (!row) throw providerNotFound();
    const now = this.clock.now();
    const event: FluxEvent = {
      involvedObject: { kind: 'Provider', namespace: row.namespace, name: row.name },
      severity: 'info',
      timestamp: now.toISOString(),
      message: `Test notification from Flotilla to ${row.type} Provider ${row.namespace}/${row.name}`,
      reason: 'TestNotification',
      metadata: { sentBy: actor.username },
      reportingController: 'notification-controller',
      reportingInstance: 'flotilla-hub',
    };
    await this.repo.enqueueDirect(id, null, event as unknown as Prisma.InputJsonValue, now);
    await this.audit.record(
      actor,
      origin,
      'notificationProvider.test',
      { type: 'notificationProvider', id },
      { namespace: row.namespace, name: row.name },
    );
    this.dispatcher.poke();
    return true;
  }

  async attempts(providerId: string, limit: number): Promise<NotificationAttemptObject[]> {
    if (!(await this.repo.findProvider(providerId))) throw providerNotFound();
    return (await this.repo.attempts(providerId, Math.min(Math.max(limit, 1), 500))).map(toAttemptObject);
  }

  async listAlerts(): Promise<AlertObject[]> {
    return (await this.repo.listAlerts()).map(toAlertObject);
  }

  async getAlert(id: string): Promise<AlertObject | null> {
    const row = await this.repo.findAlert(id);
    return row ? toAlertObject(row) : null;
  }

  private async alertWrite(input: AlertInput): Promise<{ v: ValidAlertInput; w: AlertWrite }> {
    const v = validateAlertInput(input);
    if (!(await this.repo.findProvider(v.providerId)))
      throw badInput('providerId', 'providerId: no such Provider');
    return {
      v,
      w: {
        providerId: v.providerId,
        spec: v.spec as unknown as Prisma.InputJsonValue,
        clusterSelector: v.clusterSelector as unknown as Prisma.InputJsonValue,
        mode: v.mode,
        groupWindowMs: v.groupWindowMs,
      },
    };
  }

  async createAlert(actor: Actor, origin: RequestOrigin, input: AlertInput): Promise<AlertObject> {
    const id = this.ids.id();
    return this.saveAlert(actor, origin, 'create', id, input, (v, w) =>
      this.repo.createAlert(id, v.namespace, v.name, w),
    );
  }

  async updateAlert(
    actor: Actor,
    origin: RequestOrigin,
    id: string,
    input: AlertInput,
  ): Promise<AlertObject> {
    await this.managed.refuseHandEdit('Alert', id, 'edit', actor);
    if (!(await this.repo.findAlert(id))) throw alertNotFound();
    return this.saveAlert(actor, origin, 'update', id, input, (v, w) =>
      this.repo.updateAlert(id, v.namespace, v.name, w),
    );
  }

  /**
   * The Alert as an update with `input` would store it, nothing written (a change proposed in git is exported
   * from it), with the namespace of its Provider before and after (Flux's providerRef names one of the Alert's).
   */
  async alertAsUpdated(id: string, input: AlertInput): Promise<{ current: AlertObject; after: AlertObject; providerNamespace: { current: string; after: string } }> {
    const row = await this.repo.findAlert(id);
    if (!row) throw alertNotFound();
    const { v, w } = await this.alertWrite(input);
    const [was, will] = await Promise.all([this.repo.findProvider(row.providerId), this.repo.findProvider(v.providerId)]);
    if (!will) throw badInput('providerId', 'providerId: no such Provider');
    // The written JSON values read back as they are written.
    const asRow = { ...row, namespace: v.namespace, name: v.name, ...w, provider: will } as AlertRow;
    return { current: toAlertObject(row), after: toAlertObject(asRow), providerNamespace: { current: was?.namespace ?? row.namespace, after: will.namespace } };
  }

  private async saveAlert(
    actor: Actor,
    origin: RequestOrigin,
    verb: 'create' | 'update',
    id: string,
    input: AlertInput,
    save: (v: ValidAlertInput, w: AlertWrite) => Promise<AlertRow>,
  ): Promise<AlertObject> {
    const { v, w } = await this.alertWrite(input);
    const row = await uniqueName('Alert', v, () => save(v, w));
    await this.audit.record(
      actor,
      origin,
      `alert.${verb}`,
      { type: 'alert', id },
      { namespace: v.namespace, name: v.name, providerId: v.providerId, mode: v.mode },
    );
    return toAlertObject(row);
  }

  async deleteAlert(actor: Actor, origin: RequestOrigin, id: string): Promise<boolean> {
    await this.managed.refuseHandEdit('Alert', id, 'delete', actor);
    const row = await this.repo.findAlert(id);
    if (!row) throw alertNotFound();
    await this.repo.deleteAlert(id);
    return this.auditDelete(actor, origin, 'alert', id, row);
  }
}
